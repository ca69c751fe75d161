#include "common/acoustic_measures.h"

#include "dsp/aligned_buffer.h"
#include "dsp/decay_measures.h"
#include "dsp/fft.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stagelab::test {

double PowerSpectrum::band(double lowHz, double highHz) const
{
    double sum = 0.0;
    for (size_t k = 0; k < power.size(); ++k) {
        const double f = double(k) * sampleRateHz / fftSize;
        if (f >= lowHz && f < highHz) sum += power[k];
    }
    return sum;
}

PowerSpectrum powerSpectrum(const std::vector<float>& x, double sampleRateHz, int minimumSize)
{
    int size = 256;
    while (size < int(x.size()) || size < minimumSize)
        size *= 2;
    const RealFft fft(size, FftPlanning::Estimate);
    AlignedBuffer time{size_t(size)};
    AlignedBuffer spectrum(fft.spectrumFloats());
    std::copy(x.begin(), x.end(), time.data());
    fft.forward(time.data(), spectrum.data());
    PowerSpectrum result;
    result.fftSize = size;
    result.sampleRateHz = sampleRateHz;
    result.power.resize(size_t(fft.bins()));
    for (int k = 0; k < fft.bins(); ++k) {
        const double re = spectrum[size_t(k)], im = spectrum[size_t(k + fft.stride())];
        result.power[size_t(k)] = re * re + im * im;
    }
    return result;
}

double bandCoherence(const std::vector<float>& left, const std::vector<float>& right,
                     double sampleRateHz, double lowHz, double highHz)
{
    constexpr int size = 1024;
    const RealFft fft(size, FftPlanning::Estimate);
    AlignedBuffer time{size_t(size)};
    AlignedBuffer spectra[2] = {AlignedBuffer(fft.spectrumFloats()),
                                AlignedBuffer(fft.spectrumFloats())};
    const int stride = fft.stride();
    double sxx = 0, syy = 0, sxy = 0;
    const size_t frames = std::min(left.size(), right.size());
    for (size_t start = 0; start + size <= frames; start += size / 2) {
        const std::vector<float>* signals[2] = {&left, &right};
        for (int ear = 0; ear < 2; ++ear) {
            for (int i = 0; i < size; ++i)
                time[size_t(i)] = float((*signals[ear])[start + size_t(i)] *
                                        (0.5 - 0.5 * std::cos(2 * std::numbers::pi * i / size)));
            fft.forward(time.data(), spectra[ear].data());
        }
        for (int k = 0; k < fft.bins(); ++k) {
            const double f = k * sampleRateHz / size;
            if (f < lowHz || f >= highHz) continue;
            const double lr = spectra[0][size_t(k)], li = spectra[0][size_t(k + stride)];
            const double rr = spectra[1][size_t(k)], ri = spectra[1][size_t(k + stride)];
            sxx += lr * lr + li * li;
            syy += rr * rr + ri * ri;
            sxy += lr * rr + li * ri;
        }
    }
    return sxy / std::sqrt(sxx * syy);
}

} // namespace stagelab::test
