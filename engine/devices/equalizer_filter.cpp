#include "devices/equalizer_filter.h"

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace stagelab {

namespace {

/// 4096 taps at 48 kHz resolve 11.7 Hz, enough for AutoEq's 20 Hz-and-up curves; higher rates
/// get proportionally more taps so the resolution in Hz stays the same.
int firTapsFor(double sampleRateHz)
{
    int taps = 4096;
    while (taps * 48000.0 / sampleRateHz < 4096 * 0.99)
        taps *= 2;
    return taps;
}

} // namespace

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

std::vector<float> designMinimumPhaseFir(const std::vector<std::pair<double, double>>& curve,
                                         double sampleRateHz, int taps)
{
    // The cepstrum of a log magnitude is infinitely long; an 8x longer grid keeps its time
    // aliasing (and so the magnitude error of the folded result) far below 0.1 dB.
    const int size = 8 * taps;
    const RealFft fft(size);
    AlignedBuffer spectrum(fft.spectrumFloats());
    AlignedBuffer time{size_t(size)};
    float* real = spectrum.data();
    float* imag = spectrum.data() + fft.stride();
    const double nepersPerDb = std::log(10.0) / 20.0;
    for (int k = 0; k < fft.bins(); ++k) {
        real[k] = float(interpolateGraphicCurveDb(curve, k * sampleRateHz / size) * nepersPerDb);
        imag[k] = 0;
    }
    fft.inverse(spectrum.data(), time.data()); // size * real cepstrum (even in n)
    // Fold the even cepstrum onto its causal half: the minimum-phase log spectrum.
    const float scale = 1.0f / float(size);
    time[0] *= scale;
    for (int n = 1; n < size / 2; ++n)
        time[size_t(n)] *= 2 * scale;
    time[size_t(size / 2)] *= scale;
    std::fill(time.data() + size / 2 + 1, time.data() + size, 0.0f);
    fft.forward(time.data(), spectrum.data());
    for (int k = 0; k < fft.bins(); ++k) {
        const std::complex<double> value = std::exp(std::complex<double>(real[k], imag[k]));
        real[k] = float(value.real());
        imag[k] = float(value.imag());
    }
    fft.inverse(spectrum.data(), time.data());
    std::vector<float> fir(time.data(), time.data() + taps);
    for (float& tap : fir)
        tap *= scale;
    // A short half-Hann fade-out: the tail is tiny, but a hard cut would add ripple.
    const int fade = taps / 16;
    for (int i = 0; i < fade; ++i)
        fir[size_t(taps - fade + i)] *=
            float(0.5 * (1 + std::cos(std::numbers::pi * (i + 1) / double(fade + 1))));
    return fir;
}

EqualizerChain::EqualizerChain(const Equalizer& equalizer, double sampleRateHz)
    : m_sampleRateHz(sampleRateHz), m_preampDb(equalizer.preampDb),
      m_preampGain(float(std::pow(10.0, equalizer.preampDb / 20.0)))
{
    if (!(sampleRateHz > 0)) throw Error(equalizer.source + ": sample rate must be positive");
    if (equalizer.isGraphic()) {
        m_fir =
            designMinimumPhaseFir(equalizer.graphicCurve, sampleRateHz, firTapsFor(sampleRateHz));
        m_history.assign(size_t(maxChannels) * 2 * m_fir.size(), 0.0f);
        m_historyPosition.assign(size_t(maxChannels), 0);
        return;
    }
    for (size_t i = 0; i < equalizer.filters.size(); ++i) {
        const ParametricFilter& filter = equalizer.filters[i];
        try {
            m_sections.emplace_back(designBiquad(biquadTypeFromName(filter.type),
                                                 filter.frequencyHz, filter.gainDb, filter.q,
                                                 sampleRateHz),
                                    sampleRateHz);
        } catch (const Error& error) {
            throw Error(equalizer.source + ": filter " + std::to_string(i + 1) + " at " +
                        std::to_string(sampleRateHz) + " Hz: " + error.what());
        }
    }
}

void EqualizerChain::process(float* samples, int frames, int channel) noexcept
{
    if (channel < 0 || channel >= maxChannels) return;
    if (m_fir.empty()) {
        for (Biquad& section : m_sections)
            section.process(samples, frames, channel);
        for (int i = 0; i < frames; ++i)
            samples[i] *= m_preampGain;
        return;
    }
    const int taps = int(m_fir.size());
    float* history = m_history.data() + size_t(channel) * 2 * size_t(taps);
    int position = m_historyPosition[size_t(channel)];
    const float* fir = m_fir.data();
    for (int i = 0; i < frames; ++i) {
        position = position == 0 ? taps - 1 : position - 1; // newest input at the lowest index
        history[position] = history[position + taps] = samples[i];
        const float* window = history + position;
        float sum = 0;
        for (int k = 0; k < taps; ++k)
            sum += fir[k] * window[k];
        samples[i] = sum * m_preampGain;
    }
    m_historyPosition[size_t(channel)] = position;
}

void EqualizerChain::reset() noexcept
{
    for (Biquad& section : m_sections)
        section.reset();
    std::fill(m_history.begin(), m_history.end(), 0.0f);
}

double EqualizerChain::magnitudeDb(double frequencyHz) const
{
    double gainDb = m_preampDb;
    for (const Biquad& section : m_sections)
        gainDb += section.magnitudeDb(frequencyHz);
    if (!m_fir.empty()) {
        // The FIR's own DFT at exactly this frequency, not a grid value: tests compare it with
        // the curve at arbitrary points.
        const std::complex<double> step =
            std::polar(1.0, -2 * std::numbers::pi * frequencyHz / m_sampleRateHz);
        std::complex<double> phasor = 1.0;
        std::complex<double> sum = 0.0;
        for (const float tap : m_fir) {
            sum += double(tap) * phasor;
            phasor *= step;
        }
        gainDb += 20 * std::log10(std::max(std::abs(sum), 1e-12));
    }
    return gainDb;
}

double EqualizerChain::peakGainDb() const
{
    // 1000 points over 10 octaves (about 0.7 % apart) resolve the peak of a Q 10 section to
    // well under 0.1 dB; AutoEq's peaking filters stay below Q 6.
    const int points = 1000;
    const double lowHz = 20;
    const double highHz = std::min(20000.0, 0.49 * m_sampleRateHz);
    double peakDb = -1e300;
    for (int i = 0; i < points; ++i) {
        const double frequencyHz = lowHz * std::pow(highHz / lowHz, i / double(points - 1));
        peakDb = std::max(peakDb, magnitudeDb(frequencyHz));
    }
    return peakDb;
}

} // namespace stagelab
