#include "dsp/output_stage.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace stagelab {

namespace {

/// Samples until a biquad's impulse response has decayed by 80 dB: its slowest pole's radius r
/// gives r^n = 1e-4.
double decaySamples(const BiquadCoefficients& c)
{
    const std::complex<double> discriminant =
        std::sqrt(std::complex<double>(c.a1 * c.a1 - 4 * c.a2));
    const double radius =
        std::max(std::abs((-c.a1 + discriminant) / 2.0), std::abs((-c.a1 - discriminant) / 2.0));
    if (radius <= 1e-9) return 1;
    if (radius >= 1.0)
        return 1e9; // unstable designs cannot happen (designBiquad), but never loop on one
    return std::log(1e-4) / std::log(radius);
}

} // namespace

OutputStage::OutputStage(const OutputStageSpec& spec, double sampleRateHz, int blockFrames)
    : m_chain(spec.equalizer, sampleRateHz), m_gainDb(spec.gainDb),
      m_gain(float(std::pow(10.0, spec.gainDb / 20.0))), m_label(spec.label)
{
    m_layout.blockFrames = blockFrames;
    if (!m_chain.isFir()) {
        double slowest = 0;
        for (const Biquad& section : m_chain.sections())
            slowest = std::max(slowest, decaySamples(section.coefficients()));
        // Cascaded sections add up their decays at worst; half a second is plenty for 20 Hz
        // shelves.
        const double samples =
            std::min(slowest * double(m_chain.sections().size()), 0.5 * sampleRateHz);
        m_warmUpBlocks = std::max(1, int(std::ceil(samples / blockFrames)));
        return;
    }
    // The FIR's preamp joins the output gain.
    m_gain = float(std::pow(10.0, (spec.gainDb + m_chain.preampDb()) / 20.0));
    const std::vector<float>& taps = m_chain.firTaps();
    m_layout.partitions = partitionsFor(int(taps.size()), blockFrames);
    m_warmUpBlocks = m_layout.partitions + 1;
    m_fft = std::make_unique<RealFft>(m_layout.fftSize());
    m_filter = AlignedBuffer(m_layout.earFloats());
    partitionFilter(m_layout, *m_fft, taps.data(), int(taps.size()), m_filter.data());
    for (std::optional<FrequencyDelayLine>& input : m_input)
        input.emplace(m_layout);
    m_accumulator = AlignedBuffer(m_layout.partitionFloats());
    m_time = AlignedBuffer(size_t(m_layout.fftSize()));
}

void OutputStage::convolve(int channel, const float* input, float* output) noexcept
{
    FrequencyDelayLine& line = *m_input[channel];
    std::copy_n(input, m_layout.blockFrames, line.nextInputBlock());
    line.transformInput(*m_fft);
    m_accumulator.clear();
    line.multiplyAccumulate(m_filter.data(), m_accumulator.data());
    const float* block = overlapSaveOutput(*m_fft, m_layout, m_accumulator.data(), m_time.data());
    for (int i = 0; i < m_layout.blockFrames; ++i)
        output[i] = block[i] * m_gain;
}

void OutputStage::process(const float* inLeft, const float* inRight, float* outLeft,
                          float* outRight) noexcept
{
    const int block = m_layout.blockFrames;
    if (m_fft) {
        convolve(0, inLeft, outLeft);
        convolve(1, inRight, outRight);
        return;
    }
    if (outLeft != inLeft) std::copy(inLeft, inLeft + block, outLeft);
    if (outRight != inRight) std::copy(inRight, inRight + block, outRight);
    m_chain.processBiquads(outLeft, block, 0);
    m_chain.processBiquads(outRight, block, 1);
    for (int i = 0; i < block; ++i) {
        outLeft[i] *= m_gain;
        outRight[i] *= m_gain;
    }
}

} // namespace stagelab
