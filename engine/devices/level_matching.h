#pragma once
/// Level matching of playback devices: every device's EQ changes loudness, so each device's
/// reference pink noise is measured through its own output stage (libebur128, ITU-R BS.1770)
/// and the devices of a study get compensation gains that make them equally loud. Off the audio
/// thread only.

#include "devices/device_profile.h"

#include <string>
#include <vector>

namespace stagelab {

/// Integrated loudness of the reference signal before any EQ (both ears together).
inline constexpr double referenceLoudnessLufs = -23.0;

/// The reference: 10 s of pink noise (Paul Kellet's filter on a fixed-seed white noise, so it
/// is the same on every machine), identical in both ears, scaled so that the two-ear signal
/// measures referenceLoudnessLufs. One channel is returned; play it to both ears.
std::vector<float> referencePinkNoise(double sampleRateHz, double durationS = 10.0);

/// Integrated loudness (LUFS) of a two-channel signal (libebur128). Throws Error if it is
/// silent or shorter than 0.4 s.
double integratedLoudnessLufs(const std::vector<float>& left, const std::vector<float>& right,
                              double sampleRateHz);

/// A device's level in a study: its equaliser after the clipping guard and the gains that
/// match its loudness to the other devices'.
struct DeviceLevel
{
    std::string deviceId;
    Equalizer equalizer;      ///< The profile's, with the clipping guard in its preamp.
    double clipGuardDb = 0.0; ///< How far the preamp was lowered (<= 0) so the EQ boosts nowhere.
    double eqLoudnessLufs = referenceLoudnessLufs; ///< The reference measured through the EQ.
    double compensationDb = 0.0; ///< Makes the device as loud as the study's quietest (<= 0).
    double levelOffsetDb = 0.0;  ///< From the profile, on top of the match.

    /// The gain the output stage adds on top of the equaliser.
    double outputGainDb() const { return compensationDb + levelOffsetDb; }
};

/// Applies the clipping guard to `profile`'s equaliser and measures the reference through it
/// (the real output stage, at `sampleRateHz`). compensationDb is left at 0.
DeviceLevel measureDeviceLevel(const DeviceProfile& profile, double sampleRateHz);

/// Sets every device's compensationDb so the reference comes out of all of them at the loudness
/// of the quietest (so no device is raised above what its clipping guard allows).
void matchDeviceLevels(std::vector<DeviceLevel>& levels);

/// The level as JSON for result headers and calibration files.
nlohmann::json deviceLevelToJson(const DeviceLevel& level);

} // namespace stagelab
