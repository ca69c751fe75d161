#include "common/signals.h"

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace stagelab::test {

std::shared_ptr<const Stimulus> stimulusFrom(std::vector<float> samples, double sampleRateHz,
                                             const char* name)
{
    auto stimulus = std::make_shared<Stimulus>();
    stimulus->name = name;
    stimulus->sampleRateHz = sampleRateHz;
    stimulus->fileSampleRateHz = sampleRateHz;
    stimulus->fileChannels = 1;
    stimulus->samples = std::move(samples);
    return stimulus;
}

std::shared_ptr<const SpatialModel> makeModel(const std::string& name, double sampleRateHz)
{
    ModelSettings settings;
    settings.sampleRateHz = sampleRateHz;
    return createModel(name, settings);
}

std::vector<float> whiteNoise(size_t frames, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
    std::vector<float> x(frames);
    for (float& v : x)
        v = uniform(random);
    return x;
}

std::vector<float> sine(size_t frames, double frequencyHz, double sampleRateHz)
{
    std::vector<float> x(frames);
    for (size_t n = 0; n < frames; ++n)
        x[n] =
            float(0.5 * std::sin(2.0 * std::numbers::pi * frequencyHz * double(n) / sampleRateHz));
    return x;
}

double energy(const std::vector<float>& x, size_t begin, size_t end)
{
    end = std::min(end, x.size());
    double sum = 0.0;
    for (size_t n = begin; n < end; ++n)
        sum += double(x[n]) * x[n];
    return sum;
}

double rms(const std::vector<float>& x, size_t begin, size_t end)
{
    end = std::min(end, x.size());
    return end > begin ? std::sqrt(energy(x, begin, end) / double(end - begin)) : 0.0;
}

double toDb(double ratio)
{
    return 10.0 * std::log10(ratio);
}

double interauralDelayFrames(const std::vector<float>& left, const std::vector<float>& right,
                             int maxLag)
{
    const size_t n = std::min(left.size(), right.size());
    auto correlation = [&](int lag) {
        double sum = 0.0;
        for (size_t i = size_t(std::max(0, -lag)); i + size_t(std::max(0, lag)) < n; ++i)
            sum += double(left[i]) * right[i + size_t(lag)];
        return sum;
    };
    int best = 0;
    double bestValue = -1e300;
    std::vector<double> values(size_t(2 * maxLag + 1));
    for (int lag = -maxLag; lag <= maxLag; ++lag) {
        values[size_t(lag + maxLag)] = correlation(lag);
        if (values[size_t(lag + maxLag)] > bestValue) {
            bestValue = values[size_t(lag + maxLag)];
            best = lag;
        }
    }
    if (best == -maxLag || best == maxLag) return best;
    const double a = values[size_t(best + maxLag - 1)], b = values[size_t(best + maxLag)],
                 c = values[size_t(best + maxLag + 1)];
    const double denominator = a - 2.0 * b + c;
    return best + (denominator != 0.0 ? 0.5 * (a - c) / denominator : 0.0);
}

double energyAbove(const std::vector<float>& x, double frequencyHz, double sampleRateHz)
{
    size_t size = 2;
    while (size < x.size())
        size *= 2;
    RealFft fft{int(size), FftPlanning::Estimate}; // one transform: no time to measure
    AlignedBuffer time{size}, spectrum{fft.spectrumFloats()};
    const float* real = spectrum.data();
    const float* imag = spectrum.data() + fft.stride();
    for (size_t n = 0; n < x.size(); ++n)
        time[n] = float(x[n] * (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * double(n) /
                                                     double(x.size() - 1))));
    fft.forward(time.data(), spectrum.data());
    double sum = 0.0;
    for (size_t k = 0; k <= size / 2; ++k)
        if (double(k) * sampleRateHz / double(size) > frequencyHz)
            sum += double(real[k]) * real[k] + double(imag[k]) * imag[k];
    return sum;
}

int alignmentLag(const std::vector<float>& reference, const std::vector<float>& recorded)
{
    size_t size = 2;
    while (size < reference.size() + recorded.size())
        size *= 2;
    RealFft fft{int(size), FftPlanning::Estimate}; // one transform: no time to measure
    AlignedBuffer a{size}, b{size}, aSpectrum{fft.spectrumFloats()},
        bSpectrum{fft.spectrumFloats()};
    std::copy(reference.begin(), reference.end(), a.data());
    std::copy(recorded.begin(), recorded.end(), b.data());
    fft.forward(a.data(), aSpectrum.data());
    fft.forward(b.data(), bSpectrum.data());
    float* ar = aSpectrum.data();
    float* ai = aSpectrum.data() + fft.stride();
    const float* br = bSpectrum.data();
    const float* bi = bSpectrum.data() + fft.stride();
    for (size_t k = 0; k <= size / 2; ++k) {
        // conj(A) * B: peaks at the lag by which B trails A.
        const float re = ar[k] * br[k] + ai[k] * bi[k];
        const float im = ar[k] * bi[k] - ai[k] * br[k];
        ar[k] = re;
        ai[k] = im;
    }
    fft.inverse(aSpectrum.data(), a.data());
    size_t best = 0;
    for (size_t n = 0; n < recorded.size(); ++n)
        if (a[n] > a[best]) best = n;
    return int(best);
}

double correlationAt(const std::vector<float>& reference, const std::vector<float>& recorded,
                     int lag)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t n = 0; n < reference.size() && n + size_t(lag) < recorded.size(); ++n) {
        ab += double(reference[n]) * recorded[n + size_t(lag)];
        aa += double(reference[n]) * reference[n];
        bb += double(recorded[n + size_t(lag)]) * recorded[n + size_t(lag)];
    }
    return ab / std::sqrt(aa * bb);
}

std::vector<float> convolveDirect(const std::vector<float>& x, const float* h, size_t hLength)
{
    std::vector<double> y(x.size() + hLength - 1, 0.0);
    for (size_t n = 0; n < x.size(); ++n)
        for (size_t k = 0; k < hLength; ++k)
            y[n + k] += double(x[n]) * h[k];
    return {y.begin(), y.end()};
}

} // namespace stagelab::test
