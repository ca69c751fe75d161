#include "dsp/biquad.h"

#include "util/error.h"

#include <cmath>
#include <complex>
#include <numbers>

namespace stagelab {

BiquadType biquadTypeFromName(const std::string& name)
{
    if (name == "PK") return BiquadType::Peaking;
    if (name == "LSC") return BiquadType::LowShelf;
    if (name == "HSC") return BiquadType::HighShelf;
    throw Error("unknown filter type '" + name + "' (supported: PK, LSC, HSC)");
}

BiquadCoefficients designBiquad(BiquadType type, double frequencyHz, double gainDb, double q,
                                double sampleRateHz)
{
    if (!(sampleRateHz > 0) || !(frequencyHz > 0) || !(frequencyHz < sampleRateHz / 2))
        throw Error("biquad frequency " + std::to_string(frequencyHz) +
                    " Hz must lie between 0 and half the sample rate (" +
                    std::to_string(sampleRateHz / 2) + " Hz)");
    if (!(q > 0)) throw Error("biquad Q must be positive, got " + std::to_string(q));
    const double a = std::pow(10.0, gainDb / 40.0);
    const double w0 = 2 * std::numbers::pi * frequencyHz / sampleRateHz;
    const double cosW0 = std::cos(w0);
    const double alpha = std::sin(w0) / (2 * q);
    const double twoSqrtAAlpha = 2 * std::sqrt(a) * alpha;
    double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
    switch (type) {
    case BiquadType::Peaking:
        b0 = 1 + alpha * a;
        b1 = -2 * cosW0;
        b2 = 1 - alpha * a;
        a0 = 1 + alpha / a;
        a1 = -2 * cosW0;
        a2 = 1 - alpha / a;
        break;
    case BiquadType::LowShelf:
        b0 = a * ((a + 1) - (a - 1) * cosW0 + twoSqrtAAlpha);
        b1 = 2 * a * ((a - 1) - (a + 1) * cosW0);
        b2 = a * ((a + 1) - (a - 1) * cosW0 - twoSqrtAAlpha);
        a0 = (a + 1) + (a - 1) * cosW0 + twoSqrtAAlpha;
        a1 = -2 * ((a - 1) + (a + 1) * cosW0);
        a2 = (a + 1) + (a - 1) * cosW0 - twoSqrtAAlpha;
        break;
    case BiquadType::HighShelf:
        b0 = a * ((a + 1) + (a - 1) * cosW0 + twoSqrtAAlpha);
        b1 = -2 * a * ((a - 1) + (a + 1) * cosW0);
        b2 = a * ((a + 1) + (a - 1) * cosW0 - twoSqrtAAlpha);
        a0 = (a + 1) - (a - 1) * cosW0 + twoSqrtAAlpha;
        a1 = 2 * ((a - 1) - (a + 1) * cosW0);
        a2 = (a + 1) - (a - 1) * cosW0 - twoSqrtAAlpha;
        break;
    case BiquadType::LowPass: // gainDb is ignored
        b0 = (1 - cosW0) / 2;
        b1 = 1 - cosW0;
        b2 = (1 - cosW0) / 2;
        a0 = 1 + alpha;
        a1 = -2 * cosW0;
        a2 = 1 - alpha;
        break;
    case BiquadType::HighPass:
        b0 = (1 + cosW0) / 2;
        b1 = -(1 + cosW0);
        b2 = (1 + cosW0) / 2;
        a0 = 1 + alpha;
        a1 = -2 * cosW0;
        a2 = 1 - alpha;
        break;
    }
    return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

double biquadMagnitudeDb(const BiquadCoefficients& c, double frequencyHz, double sampleRateHz)
{
    const double w = 2 * std::numbers::pi * frequencyHz / sampleRateHz;
    const std::complex<double> z1 = std::polar(1.0, -w); // z^-1 on the unit circle
    const std::complex<double> z2 = z1 * z1;
    const std::complex<double> h = (c.b0 + c.b1 * z1 + c.b2 * z2) / (1.0 + c.a1 * z1 + c.a2 * z2);
    return 20 * std::log10(std::abs(h));
}

Biquad::Biquad(const BiquadCoefficients& coefficients, double sampleRateHz)
    : m_coefficients(coefficients), m_sampleRateHz(sampleRateHz)
{}

void Biquad::process(float* samples, int frames, int channel) noexcept
{
    if (channel < 0 || channel >= maxChannels) return;
    const BiquadCoefficients c = m_coefficients;
    double z1 = m_state[size_t(channel)].z1;
    double z2 = m_state[size_t(channel)].z2;
    for (int i = 0; i < frames; ++i) {
        const double x = samples[i];
        const double y = c.b0 * x + z1;
        z1 = c.b1 * x - c.a1 * y + z2;
        z2 = c.b2 * x - c.a2 * y;
        samples[i] = float(y);
    }
    // Flush denormal state after a long silence so the next block does not slow down.
    if (std::abs(z1) < 1e-30) z1 = 0;
    if (std::abs(z2) < 1e-30) z2 = 0;
    m_state[size_t(channel)] = {z1, z2};
}

double Biquad::magnitudeDb(double frequencyHz) const
{
    return biquadMagnitudeDb(m_coefficients, frequencyHz, m_sampleRateHz);
}

} // namespace stagelab
