#include "render/decorrelator.h"

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "dsp/partitioned_convolution.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace stagelab {

namespace {

/// A decorrelation filter: flat magnitude, random phase (kept at zero below ~200 Hz, where
/// copies of a low note would otherwise beat audibly), then a half-Hann fade of its tail.
std::vector<float> decorrelationFilter(const RealFft& fft, double sampleRateHz,
                                       std::mt19937& random)
{
    const int size = fft.size();
    const int length = size / 2;
    AlignedBuffer spectrum{fft.spectrumFloats()}, time{size_t(size)};
    float* real = spectrum.data();
    float* imag = spectrum.data() + fft.stride();
    std::uniform_real_distribution<double> phase(-std::numbers::pi, std::numbers::pi);
    const int lowBins = int(std::ceil(200.0 * size / sampleRateHz));
    for (int k = 0; k < fft.bins(); ++k) {
        const double angle = k < lowBins || k == fft.bins() - 1 ? 0.0 : phase(random);
        real[size_t(k)] = float(std::cos(angle));
        imag[size_t(k)] = float(std::sin(angle));
    }
    fft.inverse(spectrum.data(), time.data());
    std::vector<float> filter(static_cast<size_t>(length), 0.0f);
    for (int n = 0; n < length; ++n) {
        const double fade =
            n < length / 2
                ? 1.0
                : 0.5 + 0.5 * std::cos(std::numbers::pi * (n - length / 2) / (length / 2));
        filter[size_t(n)] = float(time[size_t(n)] / size * fade);
    }
    return filter;
}

/// `signal` through `filter` (one partition of `layout`), the same length as the signal. Block by
/// block through the engine's one convolver, so the cost grows linearly with the signal (a
/// single FFT of a whole 10-s signal took seconds to plan). A looping signal is filtered
/// circularly: its end is the history its start sees, so the copy still loops without a seam.
std::vector<float> filtered(const std::vector<float>& signal, int64_t used,
                            const std::vector<float>& filter, const PartitionLayout& layout,
                            const RealFft& fft, bool circular)
{
    const int block = layout.blockFrames;
    const int64_t length = int64_t(signal.size());
    AlignedBuffer spectrum(layout.earFloats()), accumulator(layout.partitionFloats()),
        scratch(size_t(fft.size()));
    partitionFilter(layout, fft, filter.data(), int(filter.size()), spectrum.data());
    FrequencyDelayLine line(layout);
    auto feed = [&](int64_t first) {
        float* input = line.nextInputBlock();
        for (int i = 0; i < block; ++i) {
            const int64_t n = first + i;
            input[i] = n >= 0 && n < length ? signal[size_t(n)]
                       : circular           ? signal[size_t(((n % length) + length) % length)]
                                            : 0.0f;
        }
        line.transformInput(fft);
    };
    feed(-block); // the history before the first sample: silence, or the loop's end
    std::vector<float> out(static_cast<size_t>(used), 0.0f);
    for (int64_t first = 0; first < used; first += block) {
        feed(first);
        accumulator.clear();
        line.multiplyAccumulate(spectrum.data(), accumulator.data());
        const float* result = overlapSaveOutput(fft, layout, accumulator.data(), scratch.data());
        std::copy_n(result, std::min<int64_t>(block, used - first), out.begin() + first);
    }
    return out;
}

} // namespace

std::vector<std::vector<float>> decorrelatedCopies(const std::vector<float>& signal, int count,
                                                   double sampleRateHz, bool loop, uint32_t seed,
                                                   int64_t usedFrames, int lengthFrames)
{
    const int64_t length = int64_t(signal.size());
    const int64_t used = loop || usedFrames < 0 ? length : std::min(usedFrames, length);
    const PartitionLayout layout{lengthFrames, 1};
    const RealFft fft(layout.fftSize()); // one plan for the filters' design and their use
    std::vector<std::vector<float>> copies;
    copies.emplace_back(signal.begin(), signal.begin() + used);
    std::mt19937 random(seed);
    for (int c = 1; c < count; ++c)
        copies.push_back(filtered(signal, used, decorrelationFilter(fft, sampleRateHz, random),
                                  layout, fft, loop));
    return copies;
}

std::vector<float> filterSignal(const std::vector<float>& signal, const std::vector<float>& filter,
                                bool loop, int64_t usedFrames)
{
    const int64_t length = int64_t(signal.size());
    const int64_t used = loop || usedFrames < 0 ? length : std::min(usedFrames, length);
    int block = 64;
    while (block < int(filter.size()))
        block *= 2;
    const PartitionLayout layout{block, 1};
    const RealFft fft(layout.fftSize());
    return filtered(signal, used, filter, layout, fft, loop);
}

} // namespace stagelab
