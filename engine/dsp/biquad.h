#pragma once
/// RBJ audio-EQ-cookbook biquads (peaking, low shelf, high shelf), as AutoEq designs them.

#include <array>
#include <string>
#include <vector>

namespace stagelab {

/// The three section types AutoEq and EqualizerAPO files use, and the cookbook's low and high
/// passes (the late reverb's Butterworth band split; AutoEq files never name them).
enum class BiquadType { Peaking, LowShelf, HighShelf, LowPass, HighPass };

/// Maps "PK", "LSC", "HSC" to a type; throws Error for anything else.
BiquadType biquadTypeFromName(const std::string& name);

/// Coefficients normalised by a0: H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2).
struct BiquadCoefficients
{
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

/// Cookbook design with alpha = sin(w0) / (2 Q) for all three types (AutoEq's convention, so
/// the shelves' "Q" is the cookbook Q, not its shelf slope S). Throws Error unless
/// 0 < frequencyHz < sampleRateHz / 2 and q > 0.
BiquadCoefficients designBiquad(BiquadType type, double frequencyHz, double gainDb, double q,
                                double sampleRateHz);

/// Magnitude in dB of `coefficients` at `frequencyHz` for a given sample rate.
double biquadMagnitudeDb(const BiquadCoefficients& coefficients, double frequencyHz,
                         double sampleRateHz);

/// One biquad section with independent state per channel (direct form II transposed).
class Biquad
{
public:
    /// Most channels one section keeps state for; fixed so process() never allocates.
    static constexpr int maxChannels = 8;

    Biquad() = default;
    Biquad(const BiquadCoefficients& coefficients, double sampleRateHz);

    /// Audio thread; wait-free. Filters `frames` samples of `channel` in place; channels outside
    /// [0, maxChannels) are left untouched.
    void process(float* samples, int frames, int channel = 0) noexcept;

    /// The section's magnitude in dB at `frequencyHz`.
    double magnitudeDb(double frequencyHz) const;
    const BiquadCoefficients& coefficients() const noexcept { return m_coefficients; }
    double sampleRateHz() const noexcept { return m_sampleRateHz; }

private:
    /// Double-precision state: low-frequency shelves at 48 kHz have poles close to z = 1, where
    /// float state adds audible noise and drifts the response.
    struct State
    {
        double z1 = 0, z2 = 0;
    };
    BiquadCoefficients m_coefficients;
    double m_sampleRateHz = 48000;
    std::array<State, maxChannels> m_state{};
};

} // namespace stagelab
