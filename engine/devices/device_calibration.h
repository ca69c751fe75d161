#pragma once
/// Per-device calibration files (`<results>/calibration/<deviceId>.json`,
/// "format": "stagelab.calibration/1"; fields in results/README.md): the playback gain an
/// experimenter set while the reference pink noise played through the device's EQ, and
/// optionally the SPL a meter read. Sessions on that device use this gain. Off the audio thread.

#include "devices/device_profile.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace stagelab {

inline constexpr const char* deviceCalibrationFormat = "stagelab.calibration/1";

/// The playback gain (master volume) a person may set, in dB relative to the experiment's
/// level: from near silence to 12 dB louder. The one range of the volume controls, the session,
/// calibration files and `stagelab-cli calibrate`.
struct GainRangeDb
{
    double minimum;
    double maximum;
    bool contains(double gainDb) const { return gainDb >= minimum && gainDb <= maximum; }
};
inline constexpr GainRangeDb playbackGainRangeDb{-60.0, 12.0};

/// "between -60 and +12 dB": the range as a message says it.
std::string playbackGainRangeText();

/// One device's calibration.
struct DeviceCalibration
{
    std::string deviceId;
    std::string deviceName;
    std::string profileFile; ///< The profile calibrated ("" for a device without one).
    std::string
        profileSha256; ///< DeviceProfile::sha256; a changed profile needs a new calibration.
    double sampleRateHz = 48000.0;
    double referenceLoudnessLufs = -23.0; ///< The reference before EQ.
    double eqLoudnessLufs = -23.0; ///< The reference through the device's (guarded) EQ, as played.
    double playbackGainDb = 0.0;   ///< The gain the experimenter set (playbackGainRangeDb).
    std::optional<double> splDb;   ///< The meter reading at the ear, dB SPL, if taken.
    std::string calibratedAt;      ///< UTC, ISO 8601.
};

/// `<resultsFolder>/calibration/<deviceId>.json`.
std::string deviceCalibrationPath(const std::string& resultsFolder, const std::string& deviceId);

/// Measures the reference through `profile`'s output stage at `sampleRateHz` and fills a
/// calibration with the experimenter's gain and meter reading. Throws Error on a gain outside
/// playbackGainRangeDb or an SPL outside 0..140 dB.
DeviceCalibration makeDeviceCalibration(const DeviceProfile& profile, double sampleRateHz,
                                        double playbackGainDb, std::optional<double> splDb);

/// Writes the calibration atomically (temporary file, fsync, rename); returns its path.
std::string writeDeviceCalibration(const std::string& resultsFolder,
                                   const DeviceCalibration& calibration);

/// The device's calibration in `resultsFolder`, or nullopt if there is none. Throws Error naming
/// the file and field if it exists but is malformed. A gain outside playbackGainRangeDb (from a
/// file of a wider, older range) is returned as it is, for the caller to decline.
std::optional<DeviceCalibration> readDeviceCalibration(const std::string& resultsFolder,
                                                       const std::string& deviceId);

nlohmann::json deviceCalibrationToJson(const DeviceCalibration& calibration);

} // namespace stagelab
