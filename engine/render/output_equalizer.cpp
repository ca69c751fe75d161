#include "render/output_equalizer.h"

#include "dsp/spectral_kernels.h"

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

OutputEqualizer::OutputEqualizer(const Equalizer& equalizer, double gainDb, double sampleRateHz,
                                 int blockFrames, std::string label)
    : m_chain(equalizer, sampleRateHz), m_gainDb(gainDb),
      m_gain(float(std::pow(10.0, gainDb / 20.0))), m_label(std::move(label))
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
    // The FIR's preamp joins the output gain; the partitions carry 1/fftSize (FFTW is
    // unnormalised).
    m_gain = float(std::pow(10.0, (gainDb + m_chain.preampDb()) / 20.0));
    const std::vector<float>& taps = m_chain.firTaps();
    m_layout.partitions = int((taps.size() + size_t(blockFrames) - 1) / size_t(blockFrames));
    m_warmUpBlocks = m_layout.partitions + 1;
    m_fft = std::make_unique<RealFft>(m_layout.fftSize());
    m_filter = AlignedBuffer(m_layout.earFloats());
    AlignedBuffer padded{size_t(m_layout.fftSize())};
    const float scale = 1.0f / float(m_layout.fftSize());
    for (int p = 0; p < m_layout.partitions; ++p) {
        padded.clear();
        const size_t first = size_t(p) * size_t(blockFrames);
        const size_t count = std::min(size_t(blockFrames), taps.size() - first);
        for (size_t i = 0; i < count; ++i)
            padded[i] = taps[first + i] * scale;
        m_fft->forward(padded.data(), m_filter.data() + size_t(p) * m_layout.partitionFloats());
    }
    for (int channel = 0; channel < 2; ++channel) {
        m_window[channel] = AlignedBuffer(size_t(m_layout.fftSize()));
        m_spectra[channel] = AlignedBuffer(m_layout.earFloats());
    }
    m_accumulator = AlignedBuffer(m_layout.partitionFloats());
    m_time = AlignedBuffer(size_t(m_layout.fftSize()));
}

void OutputEqualizer::convolve(int channel, const float* input, float* output) noexcept
{
    // Uniformly partitioned overlap-save: window = [previous block | this block]; its spectrum
    // enters the ring; output = last half of IFFT(sum over p of X[now - p] * H[p]).
    const int block = m_layout.blockFrames;
    const int partitions = m_layout.partitions;
    const size_t partitionFloats = m_layout.partitionFloats();
    const int stride = m_layout.stride();
    float* window = m_window[channel].data();
    std::copy(window + block, window + 2 * block, window);
    std::copy(input, input + block, window + block);
    float* spectra = m_spectra[channel].data();
    m_fft->forward(window, spectra + size_t(m_ringPosition) * partitionFloats);
    m_accumulator.clear();
    float* sumReal = m_accumulator.data();
    float* sumImag = sumReal + stride;
    for (int p = 0; p < partitions; ++p) {
        const int slot = (m_ringPosition - p + partitions) % partitions;
        const float* x = spectra + size_t(slot) * partitionFloats;
        const float* h = m_filter.data() + size_t(p) * partitionFloats;
        complexMultiplyAccumulate(x, x + stride, h, h + stride, sumReal, sumImag, m_layout.bins());
    }
    m_fft->inverse(m_accumulator.data(), m_time.data());
    for (int i = 0; i < block; ++i)
        output[i] = m_time[size_t(block + i)] * m_gain;
}

void OutputEqualizer::process(const float* inLeft, const float* inRight, float* outLeft,
                              float* outRight) noexcept
{
    const int block = m_layout.blockFrames;
    if (m_fft) {
        convolve(0, inLeft, outLeft);
        convolve(1, inRight, outRight);
        m_ringPosition = (m_ringPosition + 1) % m_layout.partitions;
        return;
    }
    if (outLeft != inLeft) std::copy(inLeft, inLeft + block, outLeft);
    if (outRight != inRight) std::copy(inRight, inRight + block, outRight);
    m_chain.process(outLeft, block, 0);
    m_chain.process(outRight, block, 1);
    for (int i = 0; i < block; ++i) {
        outLeft[i] *= m_gain;
        outRight[i] *= m_gain;
    }
}

} // namespace stagelab
