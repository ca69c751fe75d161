#include "render/decorrelator.h"

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace stagelab {

namespace {

/// A decorrelation filter: flat magnitude, random phase (kept at zero below ~200 Hz, where
/// copies of a low note would otherwise beat audibly), then a half-Hann fade of its tail.
std::vector<float> decorrelationFilter(int length, double sampleRateHz, std::mt19937& random)
{
    const int size = 2 * length;
    RealFft fft(size);
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
    std::vector<float> filter{};
    filter.resize(size_t(length));
    for (int n = 0; n < length; ++n) {
        const double fade =
            n < length / 2
                ? 1.0
                : 0.5 + 0.5 * std::cos(std::numbers::pi * (n - length / 2) / (length / 2));
        filter[size_t(n)] = float(time[size_t(n)] / size * fade);
    }
    return filter;
}

/// Direct convolution by FFT blocks would be faster; signals here are a few seconds long and this
/// runs once per scene, so an FFT of the whole signal is simplest.
std::vector<float> convolve(const std::vector<float>& signal, const std::vector<float>& filter,
                            bool circular)
{
    const size_t outLength = circular ? signal.size() : signal.size();
    size_t size = 2;
    while (size < signal.size() + filter.size())
        size *= 2;
    RealFft fft{int(size)};
    const size_t bins = size / 2 + 1;
    AlignedBuffer x(size), h(size), xSpectrum(fft.spectrumFloats()),
        hSpectrum(fft.spectrumFloats());
    std::copy(signal.begin(), signal.end(), x.data());
    std::copy(filter.begin(), filter.end(), h.data());
    fft.forward(x.data(), xSpectrum.data());
    fft.forward(h.data(), hSpectrum.data());
    float* xr = xSpectrum.data();
    float* xi = xSpectrum.data() + fft.stride();
    const float* hr = hSpectrum.data();
    const float* hi = hSpectrum.data() + fft.stride();
    for (size_t k = 0; k < bins; ++k) {
        const float re = xr[k] * hr[k] - xi[k] * hi[k];
        const float im = xr[k] * hi[k] + xi[k] * hr[k];
        xr[k] = re;
        xi[k] = im;
    }
    fft.inverse(xSpectrum.data(), x.data());
    std::vector<float> out(outLength);
    for (size_t n = 0; n < outLength; ++n)
        out[n] = x[n] / float(size);
    // A looping signal's filter tail belongs at its start.
    if (circular)
        for (size_t n = signal.size(); n < signal.size() + filter.size() && n < size; ++n)
            out[n % signal.size()] += x[n] / float(size);
    return out;
}

} // namespace

std::vector<std::vector<float>> decorrelatedCopies(const std::vector<float>& signal, int count,
                                                   double sampleRateHz, bool loop, uint32_t seed,
                                                   int lengthFrames)
{
    std::vector<std::vector<float>> copies;
    copies.push_back(signal);
    std::mt19937 random(seed);
    for (int c = 1; c < count; ++c)
        copies.push_back(
            convolve(signal, decorrelationFilter(lengthFrames, sampleRateHz, random), loop));
    return copies;
}

} // namespace stagelab
