#include "devices/level_matching.h"

#include "dsp/equalizer_chain.h"
#include "dsp/output_stage.h"
#include "util/error.h"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

namespace stagelab {

namespace {

/// Blocks the reference is pushed through the output stage in (any size works; this is the
/// engine's default).
constexpr int measureBlock = 128;

/// xorshift64*: a fixed generator, so the reference noise is bit-identical everywhere
/// (the standard library's distributions are not).
struct NoiseSource
{
    uint64_t state = 0x9E3779B97F4A7C15ull;
    float next()
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        const uint64_t value = state * 0x2545F4914F6CDD1Dull;
        return float(double(value >> 11) / double(1ull << 53) * 2.0 - 1.0);
    }
};

} // namespace

double integratedLoudnessLufs(const std::vector<float>& left, const std::vector<float>& right,
                              double sampleRateHz)
{
    if (left.size() != right.size()) throw Error("loudness: the two channels differ in length");
    if (double(left.size()) < 0.4 * sampleRateHz)
        throw Error("loudness: a signal shorter than 0.4 s cannot be measured");
    std::unique_ptr<ebur128_state, void (*)(ebur128_state*)> state(
        ebur128_init(2, static_cast<unsigned long>(std::lround(sampleRateHz)), EBUR128_MODE_I),
        [](ebur128_state* s) { ebur128_destroy(&s); });
    if (!state) throw Error("libebur128 could not be initialised");
    std::vector<float> interleaved(2 * left.size());
    for (size_t i = 0; i < left.size(); ++i) {
        interleaved[2 * i] = left[i];
        interleaved[2 * i + 1] = right[i];
    }
    ebur128_add_frames_float(state.get(), interleaved.data(), left.size());
    double lufs = 0;
    if (ebur128_loudness_global(state.get(), &lufs) != EBUR128_SUCCESS || !std::isfinite(lufs))
        throw Error("loudness: the signal is silent");
    return lufs;
}

std::vector<float> referencePinkNoise(double sampleRateHz, double durationS)
{
    const size_t frames = size_t(std::lround(durationS * sampleRateHz));
    std::vector<float> noise(frames);
    NoiseSource white;
    // Paul Kellet's "refined" pink filter: within 0.05 dB of -3 dB/octave from 9 Hz to Nyquist
    // at 44.1 kHz; enough for a level reference, which is then measured, not assumed.
    double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
    for (float& sample : noise) {
        const double w = white.next();
        b0 = 0.99886 * b0 + w * 0.0555179;
        b1 = 0.99332 * b1 + w * 0.0750759;
        b2 = 0.96900 * b2 + w * 0.1538520;
        b3 = 0.86650 * b3 + w * 0.3104856;
        b4 = 0.55000 * b4 + w * 0.5329522;
        b5 = -0.7616 * b5 - w * 0.0168980;
        sample = float(b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
        b6 = w * 0.115926;
    }
    const double measured = integratedLoudnessLufs(noise, noise, sampleRateHz);
    const float gain = float(std::pow(10.0, (referenceLoudnessLufs - measured) / 20.0));
    for (float& sample : noise)
        sample *= gain;
    return noise;
}

DeviceLevel measureDeviceLevel(const DeviceProfile& profile, double sampleRateHz)
{
    DeviceLevel level;
    level.deviceId = profile.id;
    level.levelOffsetDb = profile.levelOffsetDb;
    level.equalizer = profile.equalizer;
    // Clipping guard: the EQ may cut but never boost anywhere in 20 Hz-20 kHz. AutoEq's own
    // preamp already does this; inline filters or a hand-edited file may not.
    const double peakDb = EqualizerChain(profile.equalizer, sampleRateHz).peakGainDb();
    if (peakDb > 0) {
        level.clipGuardDb = -peakDb;
        level.equalizer.preampDb -= peakDb;
    }
    // The real output stage, so the measurement includes exactly what plays (FIR or biquads).
    OutputStage stage({level.equalizer, 0.0, profile.id}, sampleRateHz, measureBlock);
    const std::vector<float> reference = referencePinkNoise(sampleRateHz);
    const size_t blocks = reference.size() / size_t(measureBlock);
    std::vector<float> left(blocks * size_t(measureBlock)), right(left.size());
    std::vector<float> scratchLeft(static_cast<size_t>(measureBlock)),
        scratchRight(static_cast<size_t>(measureBlock));
    // Warm the filters up on the end of the (looping) reference so the measured part starts in
    // steady state, as in a running device.
    const size_t warmUpBlocks = std::min(blocks, size_t(stage.warmUpBlocks()));
    for (size_t b = blocks - warmUpBlocks; b < blocks; ++b)
        stage.process(reference.data() + b * measureBlock, reference.data() + b * measureBlock,
                      scratchLeft.data(), scratchRight.data());
    for (size_t b = 0; b < blocks; ++b)
        stage.process(reference.data() + b * measureBlock, reference.data() + b * measureBlock,
                      left.data() + b * measureBlock, right.data() + b * measureBlock);
    level.eqLoudnessLufs = integratedLoudnessLufs(left, right, sampleRateHz);
    return level;
}

void matchDeviceLevels(std::vector<DeviceLevel>& levels)
{
    if (levels.empty()) return;
    const double quietest = std::min_element(levels.begin(), levels.end(),
                                             [](const DeviceLevel& a, const DeviceLevel& b) {
                                                 return a.eqLoudnessLufs < b.eqLoudnessLufs;
                                             })
                                ->eqLoudnessLufs;
    for (DeviceLevel& level : levels)
        level.compensationDb = quietest - level.eqLoudnessLufs;
}

nlohmann::json deviceLevelToJson(const DeviceLevel& level)
{
    return {{"referenceLoudnessLufs", referenceLoudnessLufs},
            {"eqLoudnessLufs", level.eqLoudnessLufs},
            {"clipGuardDb", level.clipGuardDb},
            {"compensationDb", level.compensationDb},
            {"levelOffsetDb", level.levelOffsetDb},
            {"outputGainDb", level.outputGainDb()}};
}

} // namespace stagelab
