#include "devices/device_calibration.h"

#include "util/json_document.h"

#include "devices/level_matching.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"
#include "util/number_format.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stagelab {

namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

void checkSpl(std::optional<double> splDb)
{
    if (splDb && (!std::isfinite(*splDb) || *splDb < 0 || *splDb > 140))
        throw Error("the SPL reading must be between 0 and 140 dB SPL, not " +
                    std::to_string(*splDb));
}

/// A gain a calibration is made or written with: in today's range.
void checkGain(double playbackGainDb, std::optional<double> splDb)
{
    if (!std::isfinite(playbackGainDb) || !playbackGainRangeDb.contains(playbackGainDb))
        throw Error("playback gain must be " + playbackGainRangeText() + ", not " +
                    std::to_string(playbackGainDb));
    checkSpl(splDb);
}
} // namespace

std::string playbackGainRangeText()
{
    return "between " + formatNumber(playbackGainRangeDb.minimum) + " and +" +
           formatNumber(playbackGainRangeDb.maximum) + " dB";
}

std::string deviceCalibrationPath(const std::string& resultsFolder, const std::string& deviceId)
{
    return (fs::path(resultsFolder) / "calibration" / (deviceId + ".json")).string();
}

DeviceCalibration makeDeviceCalibration(const DeviceProfile& profile, double sampleRateHz,
                                        double playbackGainDb, std::optional<double> splDb)
{
    checkGain(playbackGainDb, splDb);
    const DeviceLevel level = measureDeviceLevel(profile, sampleRateHz);
    DeviceCalibration calibration;
    calibration.deviceId = profile.id;
    calibration.deviceName = profile.name;
    calibration.profileFile = profile.file;
    calibration.profileSha256 = profile.sha256;
    calibration.sampleRateHz = sampleRateHz;
    calibration.referenceLoudnessLufs = referenceLoudnessLufs;
    calibration.eqLoudnessLufs = level.eqLoudnessLufs;
    calibration.playbackGainDb = playbackGainDb;
    calibration.splDb = splDb;
    calibration.calibratedAt = utcNow();
    return calibration;
}

Json deviceCalibrationToJson(const DeviceCalibration& c)
{
    return {{"format", deviceCalibrationFormat},
            {"deviceId", c.deviceId},
            {"deviceName", c.deviceName},
            {"profileFile", c.profileFile},
            {"profileSha256", c.profileSha256},
            {"sampleRateHz", c.sampleRateHz},
            {"referenceLoudnessLufs", c.referenceLoudnessLufs},
            {"eqLoudnessLufs", c.eqLoudnessLufs},
            {"playbackGainDb", c.playbackGainDb},
            {"splDb", c.splDb ? Json(*c.splDb) : Json(nullptr)},
            {"calibratedAt", c.calibratedAt}};
}

std::string writeDeviceCalibration(const std::string& resultsFolder,
                                   const DeviceCalibration& calibration)
{
    checkGain(calibration.playbackGainDb, calibration.splDb);
    const std::string path = deviceCalibrationPath(resultsFolder, calibration.deviceId);
    ensureWritableFolder(fs::path(path).parent_path().string());
    writeFileAtomically(path, deviceCalibrationToJson(calibration).dump(2) + "\n");
    return path;
}

std::optional<DeviceCalibration> readDeviceCalibration(const std::string& resultsFolder,
                                                       const std::string& deviceId)
{
    const std::string path = deviceCalibrationPath(resultsFolder, deviceId);
    std::error_code ignored;
    if (!fs::exists(path, ignored)) return std::nullopt;
    const std::string text = readTextFile(path, 1u << 20, "calibration file"); // ~1 KB
    Json json;
    try {
        json = parseJsonDocument(text);
    } catch (const JsonSyntaxError& error) {
        throw Error(path + ": not a valid JSON document: " + error.what());
    }
    // Fields one by one, so the message names the one that is wrong.
    auto field = [&](const char* key) -> const Json& {
        if (!json.is_object() || !json.contains(key)) throw Error(path + ": /" + key + ": missing");
        return json[key];
    };
    auto number = [&](const char* key) {
        const Json& value = field(key);
        if (!value.is_number()) throw Error(path + ": /" + key + ": must be a number");
        return value.get<double>();
    };
    auto string = [&](const char* key) {
        const Json& value = field(key);
        if (!value.is_string()) throw Error(path + ": /" + key + ": must be a string");
        return value.get<std::string>();
    };
    if (string("format") != deviceCalibrationFormat)
        throw Error(path + ": /format: must be \"" + std::string(deviceCalibrationFormat) + "\"");
    DeviceCalibration calibration;
    calibration.deviceId = string("deviceId");
    if (calibration.deviceId != deviceId)
        throw Error(path + ": /deviceId: is '" + calibration.deviceId +
                    "', but the file is named for '" + deviceId + "'");
    calibration.deviceName = string("deviceName");
    calibration.profileFile = string("profileFile");
    calibration.profileSha256 = string("profileSha256");
    calibration.sampleRateHz = number("sampleRateHz");
    calibration.referenceLoudnessLufs = number("referenceLoudnessLufs");
    calibration.eqLoudnessLufs = number("eqLoudnessLufs");
    calibration.playbackGainDb = number("playbackGainDb");
    if (!field("splDb").is_null()) calibration.splDb = number("splDb");
    calibration.calibratedAt = string("calibratedAt");
    // A gain outside today's range may come from a file written when the range was wider (up to
    // +24 dB): it is read as it is, and sessions decline to use it (Session::prepareDevices).
    if (!std::isfinite(calibration.playbackGainDb))
        throw Error(path + ": /playbackGainDb: must be a finite number");
    try {
        checkSpl(calibration.splDb);
    } catch (const Error& error) {
        throw Error(path + ": " + error.what());
    }
    return calibration;
}

} // namespace stagelab
