#include "spatial/hrtf_alignment.h"

#include "dsp/biquad.h"
#include "dsp/minimum_phase_fir.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace stagelab {

namespace {
constexpr double onsetLowPassHz = 3000.0;
constexpr double onsetThresholdDb = -10.0;
/// The floor under a blended magnitude before its logarithm: -200 dB below full scale keeps the
/// cepstrum finite without touching any real response.
constexpr double magnitudeFloor = 1e-10;

int cepstrumSize(int taps)
{
    // The real cepstrum of a response with deep notches is long; 4x the response keeps its
    // aliasing far below the response's own noise floor.
    int size = 256;
    while (size < 4 * taps)
        size *= 2;
    return size;
}

/// Runs a Butterworth low pass (Q = 1/sqrt 2) over `x` forwards, then backwards.
void zeroPhaseLowPass(std::vector<float>& x, double cutoffHz, double sampleRateHz)
{
    Biquad lowPass(
        designBiquad(BiquadType::LowPass, cutoffHz, 0.0, std::numbers::sqrt2 / 2.0, sampleRateHz),
        sampleRateHz);
    lowPass.process(x.data(), int(x.size()), 0);
    std::reverse(x.begin(), x.end());
    lowPass.process(x.data(), int(x.size()), 1); // channel 1: fresh state
    std::reverse(x.begin(), x.end());
}
} // namespace

ImpulseAligner::ImpulseAligner(int taps, double sampleRateHz)
    : m_taps(taps), m_sampleRateHz(sampleRateHz), m_fft(cepstrumSize(taps), FftPlanning::Estimate),
      m_time(size_t(m_fft.size())), m_spectrum(m_fft.spectrumFloats()),
      m_minimum(m_fft.spectrumFloats()), m_magnitude(size_t(m_fft.bins()))
{}

double impulseOnsetFrames(const float* response, int taps, double sampleRateHz)
{
    // Room before the response for the backward pass's ringing, which a zero-phase filter
    // spreads before the onset.
    const int lead = int(std::ceil(0.002 * sampleRateHz));
    std::vector<float> x(size_t(taps + 2 * lead), 0.0f);
    std::copy_n(response, taps, x.begin() + lead);
    zeroPhaseLowPass(x, std::min(onsetLowPassHz, 0.45 * sampleRateHz), sampleRateHz);
    double peak = 0.0;
    for (float v : x)
        peak = std::max(peak, double(std::abs(v)));
    if (peak <= 0.0) return 0.0;
    const double threshold = peak * std::pow(10.0, onsetThresholdDb / 20.0);
    for (size_t n = 0; n < x.size(); ++n) {
        const double now = std::abs(x[n]);
        if (now < threshold) continue;
        const double before = n > 0 ? std::abs(x[n - 1]) : 0.0;
        const double fraction = now > before ? (threshold - before) / (now - before) : 1.0;
        return double(n) - 1.0 + fraction - lead;
    }
    return 0.0;
}

void ImpulseAligner::magnitudeSpectrum(const float* response, int taps, float* out)
{
    const float* re = m_spectrum.data();
    const float* im = m_spectrum.data() + m_fft.stride();
    m_time.clear();
    std::copy_n(response, std::min(taps, m_taps), m_time.data());
    m_fft.forward(m_time.data(), m_spectrum.data());
    for (int k = 0; k < m_fft.bins(); ++k)
        out[k] = std::hypot(re[k], im[k]);
}

void ImpulseAligner::blendMinimumPhase(const float* const* magnitudes, const float* weights,
                                       int count, double onsetFrames, float* out, int outTaps)
{
    const int size = m_fft.size();
    const int bins = m_fft.bins();
    const int stride = m_fft.stride();
    float* re = m_spectrum.data();
    float* im = m_spectrum.data() + stride;
    std::fill_n(m_magnitude.data(), bins, 0.0f);
    for (int i = 0; i < count; ++i)
        for (int k = 0; k < bins; ++k)
            m_magnitude[size_t(k)] += weights[i] * magnitudes[i][k];
    // The minimum-phase response of that magnitude, kept in m_minimum with 1 / size for FFTW's
    // unnormalised inverse.
    for (int k = 0; k < bins; ++k)
        re[k] = float(std::log(std::max(double(m_magnitude[size_t(k)]), magnitudeFloor)));
    minimumPhaseFromLogMagnitude(m_fft, m_spectrum.data(), m_time.data());
    for (size_t k = 0; k < m_fft.spectrumFloats(); ++k)
        m_minimum[k] = m_spectrum[k] / float(size);
    const float* minRe = m_minimum.data();
    const float* minIm = m_minimum.data() + stride;
    // Its own onset (a minimum-phase response rises within a sample or two, later when it is
    // dull) comes off the delay, so that the result's onset is the blended one.
    std::copy_n(m_minimum.data(), m_fft.spectrumFloats(), m_spectrum.data());
    m_fft.inverse(m_spectrum.data(), m_time.data());
    const double delay =
        onsetFrames - impulseOnsetFrames(m_time.data(), std::min(size, 2 * m_taps), m_sampleRateHz);
    for (int k = 0; k < bins; ++k) {
        const double phase = -2.0 * std::numbers::pi * k * delay / size;
        // The Nyquist bin of a real signal has no phase of its own: keep its real part.
        const double c = std::cos(phase), s = 2 * k == size ? 0.0 : std::sin(phase);
        re[k] = float(minRe[k] * c - minIm[k] * s);
        im[k] = float(minRe[k] * s + minIm[k] * c);
    }
    m_fft.inverse(m_spectrum.data(), m_time.data());
    for (int n = 0; n < outTaps; ++n)
        out[n] = n < size ? m_time[size_t(n)] : 0.0f;
}

} // namespace stagelab
