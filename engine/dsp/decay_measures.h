#pragma once
/// How room acoustics measures a decay (ISO 3382-1): octave-band filtering and the reverberation
/// time from the Schroeder backward integral. Used to tune a rendered room's late tail and by
/// the tests that measure rendered rooms (off the audio thread).

#include <vector>

namespace stagelab {

/// `x` through a fourth-order Butterworth band pass one octave wide around `centreHz` (high
/// pass at centre / sqrt 2, low pass at centre * sqrt 2).
std::vector<float> octaveBand(const std::vector<float>& x, double centreHz, double sampleRateHz);

/// Reverberation time from the Schroeder backward integral of `ir` (already band-limited): the
/// least-squares line between -5 and -25 dB, extrapolated to -60 dB (T20). NaN if the decay
/// never reaches -25 dB.
double reverberationTimeT20(const std::vector<float>& ir, double sampleRateHz);

} // namespace stagelab
