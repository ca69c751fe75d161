#pragma once
/// Device profiles (`stimuli/devices/*.json`, "format": "stagelab.device/1"; reference in
/// docs/device-format.md): a pair of headphones, IEMs or loudspeakers with its equalisation
/// and level offset. Off the audio thread only.

#include "devices/autoeq.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace stagelab {

/// The value of the "format" field this version reads.
inline constexpr const char* deviceProfileFormat = "stagelab.device/1";

/// A loaded device profile; its equaliser is resolved (an AutoEq file is read and parsed).
struct DeviceProfile
{
    std::string id;
    std::string name;
    std::string kind;           ///< "open-back" | "closed-back" | "iem" | "loudspeakers".
    std::string equalization;   ///< "none" | "autoeq" | "filters": where the equaliser came from.
    std::string autoEqFile;     ///< As written in the profile ("" unless "autoeq").
    std::string autoEqPath;     ///< Resolved absolute path of the AutoEq file.
    std::string autoEqSha256;   ///< SHA-256 of the AutoEq file's bytes.
    Equalizer equalizer;        ///< Flat (no filters, 0 dB preamp) for "none".
    double levelOffsetDb = 0.0; ///< Added to the device's matched level (-40..+20 dB).
    std::string notes;

    std::string file;        ///< Absolute path of the profile ("" when built from JSON).
    nlohmann::json document; ///< The profile as parsed, for result headers.
    /// SHA-256 of the canonical profile JSON and, if any, the AutoEq file's bytes: changes
    /// whenever anything that shapes the sound changes.
    std::string sha256;
};

/// Reads and validates a profile; relative AutoEq paths resolve against its folder. Throws
/// Error listing every problem as "<file>: <JSON path>: <reason>".
DeviceProfile loadDeviceProfile(const std::string& path);

/// Validates a parsed profile; `sourceName` names it in errors, `baseFolder` resolves paths.
DeviceProfile deviceProfileFromJson(const nlohmann::json& document, const std::string& sourceName,
                                    const std::string& baseFolder);

/// The profile of a device listed without one: flat EQ, 0 dB offset (the same path as any
/// other device, no special case).
DeviceProfile flatDeviceProfile(const std::string& id, const std::string& name,
                                const std::string& kind);

/// The folder of the default profiles: $STAGELAB_DEVICES if set, else the source tree's
/// stimuli/devices/ (compiled in).
std::string defaultDeviceFolder();

/// Names of the default profiles (file names without ".json"), sorted.
std::vector<std::string> defaultDeviceProfileNames();

/// Resolves a profile reference: a path relative to `baseFolder` (or absolute) if that file
/// exists, else (a value without '/') a default profile name, with or without ".json". Throws
/// Error naming both places looked in and the default names.
std::string resolveDeviceProfile(const std::string& reference, const std::string& baseFolder);

/// The profile as it goes into a session header: file, sha256, the document, and the resolved
/// equaliser (so a header alone says what was heard, even if the AutoEq file is gone).
nlohmann::json deviceProfileToJson(const DeviceProfile& profile);

/// The equaliser as JSON: {"preampDb", "filters":[{type,frequencyHz,gainDb,q}],
/// "graphicCurve":[[f,g],...]}.
nlohmann::json equalizerToJson(const Equalizer& equalizer);

} // namespace stagelab
