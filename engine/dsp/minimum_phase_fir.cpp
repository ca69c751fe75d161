#include "dsp/minimum_phase_fir.h"

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace stagelab {

int graphicFirTaps(double sampleRateHz)
{
    int taps = 4096;
    while (taps * 48000.0 / sampleRateHz < 4096 * 0.99)
        taps *= 2;
    return taps;
}

double interpolateGraphicCurveDb(const std::vector<std::pair<double, double>>& curve,
                                 double frequencyHz)
{
    if (curve.empty()) return 0;
    if (frequencyHz <= curve.front().first) return curve.front().second;
    if (frequencyHz >= curve.back().first) return curve.back().second;
    const auto upper =
        std::upper_bound(curve.begin(), curve.end(), frequencyHz,
                         [](double f, const auto& point) { return f < point.first; });
    const auto lower = upper - 1;
    const double t = std::log(frequencyHz / lower->first) / std::log(upper->first / lower->first);
    return lower->second + t * (upper->second - lower->second);
}

void minimumPhaseFromLogMagnitude(const RealFft& fft, float* spectrum, float* time)
{
    const int size = fft.size();
    float* real = spectrum;
    float* imag = spectrum + fft.stride();
    std::fill_n(imag, fft.bins(), 0.0f);
    fft.inverse(spectrum, time); // size * real cepstrum (even in n)
    // Fold the even cepstrum onto its causal half: the minimum-phase log spectrum.
    const float scale = 1.0f / float(size);
    time[0] *= scale;
    for (int n = 1; n < size / 2; ++n)
        time[n] *= 2 * scale;
    time[size / 2] *= scale;
    std::fill(time + size / 2 + 1, time + size, 0.0f);
    fft.forward(time, spectrum);
    for (int k = 0; k < fft.bins(); ++k) {
        const std::complex<double> value = std::exp(std::complex<double>(real[k], imag[k]));
        real[k] = float(value.real());
        imag[k] = float(value.imag());
    }
}

std::vector<float> designMinimumPhaseFir(const std::vector<std::pair<double, double>>& curve,
                                         double sampleRateHz, int taps)
{
    // The cepstrum of a log magnitude is infinitely long; an 8x longer grid keeps its time
    // aliasing (and so the magnitude error of the folded result) far below 0.1 dB.
    const int size = 8 * taps;
    // Three transforms, once per design: FFTW's measured plan for this size costs a second the
    // first time (a device switch froze on it), its estimated one a few milliseconds.
    const RealFft fft(size, FftPlanning::Estimate);
    AlignedBuffer spectrum(fft.spectrumFloats());
    AlignedBuffer time{size_t(size)};
    float* logMagnitude = spectrum.data();
    const double nepersPerDb = std::log(10.0) / 20.0;
    for (int k = 0; k < fft.bins(); ++k)
        logMagnitude[k] =
            float(interpolateGraphicCurveDb(curve, k * sampleRateHz / size) * nepersPerDb);
    minimumPhaseFromLogMagnitude(fft, spectrum.data(), time.data());
    fft.inverse(spectrum.data(), time.data()); // size * h
    std::vector<float> fir(time.data(), time.data() + taps);
    const float scale = 1.0f / float(size);
    for (float& tap : fir)
        tap *= scale;
    // A short half-Hann fade-out: the tail is tiny, but a hard cut would add ripple.
    const int fade = taps / 16;
    for (int i = 0; i < fade; ++i)
        fir[size_t(taps - fade + i)] *=
            float(0.5 * (1 + std::cos(std::numbers::pi * (i + 1) / double(fade + 1))));
    return fir;
}

} // namespace stagelab
