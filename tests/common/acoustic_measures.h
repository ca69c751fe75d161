#pragma once
/// Room-acoustic measurements on rendered signals, as the literature makes them: octave-band
/// filtering, Schroeder backward integration (ISO 3382-1's T20), band energies and interaural
/// coherence.

#include <vector>

namespace stagelab::test {

/// `x` through a fourth-order Butterworth band pass one octave wide around `centreHz`
/// (high pass at centre / sqrt 2, low pass at centre * sqrt 2), as ISO 3382 octave filters.
std::vector<float> octaveBand(const std::vector<float>& x, double centreHz, double sampleRateHz);

/// Reverberation time from the Schroeder backward integral of `ir` (already band-limited):
/// the line fitted by least squares between -5 and -25 dB, extrapolated to -60 dB (T20).
double reverberationTimeT20(const std::vector<float>& ir, double sampleRateHz);

/// |X(k)|^2 of the whole signal, zero-padded to a power of two at least `minimumSize` long.
struct PowerSpectrum
{
    int fftSize = 0;
    double sampleRateHz = 0;
    std::vector<double> power;
    /// Sum of the power in [lowHz, highHz).
    double band(double lowHz, double highHz) const;
};
PowerSpectrum powerSpectrum(const std::vector<float>& x, double sampleRateHz, int minimumSize = 0);

/// Interaural coherence in [lowHz, highHz): Re(sum Sxy) / sqrt(sum Sxx sum Syy) over Hann-
/// windowed frames of 1024 (half overlapping), the averaged cross-spectrum summed over the band.
double bandCoherence(const std::vector<float>& left, const std::vector<float>& right,
                     double sampleRateHz, double lowHz, double highHz);

} // namespace stagelab::test
