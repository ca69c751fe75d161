#pragma once
/// Room-acoustic measurements on rendered signals, as the literature makes them: octave-band
/// filtering, Schroeder backward integration (ISO 3382-1's T20), band energies and interaural
/// coherence.

#include "dsp/decay_measures.h"

#include <vector>

namespace stagelab::test {

/// The engine's octave filter and T20 (dsp/decay_measures.h): one definition of each.
using stagelab::octaveBand;
using stagelab::reverberationTimeT20;

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
