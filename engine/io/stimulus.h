#pragma once
/// Stimuli: audio files read with libsndfile, mixed to mono, resampled to the engine rate and
/// loudness-normalised (ITU-R BS.1770 via libebur128) with a true-peak guard.

#include <memory>
#include <string>
#include <vector>

namespace stagelab {

/// How a stimulus is prepared for rendering.
struct StimulusSettings
{
    double sampleRateHz = 48000.0;
    bool normalizeLoudness = true;
    double targetLoudnessLufs = -23.0;
    double truePeakLimitDbtp = -1.0;
};

/// What a stimulus file may be; anything else is refused naming the file, the value and the
/// limit, before its audio is read (a header may claim any length).
namespace stimulusLimits {
inline constexpr double minimumSampleRateHz = 1000.0;
inline constexpr double maximumSampleRateHz = 768000.0;
inline constexpr int maximumChannels = 64;        ///< 22.2 has 24; mixed to mono anyway.
inline constexpr double maximumDurationS = 600.0; ///< 10 minutes: a long music excerpt.
} // namespace stimulusLimits

/// A mono signal at the engine rate plus what was measured on the way in.
struct Stimulus
{
    std::string name; ///< File name without folder and extension.
    std::string file; ///< Absolute path.
    std::string sha256;
    double fileSampleRateHz = 0.0;
    int fileChannels = 0;
    double sampleRateHz = 0.0;
    std::vector<float> samples;
    double sourceLoudnessLufs = 0.0; ///< Integrated loudness of the mono mix before gain.
    double appliedGainDb = 0.0;
    double loudnessLufs = 0.0;    ///< After gain.
    double truePeakDbtp = 0.0;    ///< After gain.
    bool truePeakLimited = false; ///< The true-peak guard lowered the gain below the target.

    double durationS() const
    {
        return sampleRateHz > 0 ? double(samples.size()) / sampleRateHz : 0.0;
    }
};

/// Reads and prepares a stimulus file. Throws Error naming the file and the reason: missing,
/// unreadable or unsupported, truncated (fewer frames than the header declares), empty, silent,
/// beyond stimulusLimits, or too short (< 0.4 s) to measure loudness when normalisation is on.
std::shared_ptr<const Stimulus> loadStimulus(const std::string& path,
                                             const StimulusSettings& settings = {});

/// The folder of the default stimulus set: $STAGELAB_STIMULI if set, else the source tree's
/// stimuli/ folder (compiled in), else the installed share folder.
std::string defaultStimulusFolder();

/// Resolves `nameOrPath`: an existing file path is used as is; otherwise a name of the default
/// set, with or without ".wav". Throws Error listing the available names if neither exists.
std::string resolveStimulus(const std::string& nameOrPath);

/// Names of the default stimulus set (sorted).
std::vector<std::string> defaultStimulusNames();

} // namespace stagelab
