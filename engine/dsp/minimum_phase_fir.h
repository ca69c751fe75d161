#pragma once
/// Minimum-phase responses from a magnitude, and GraphicEQ curves as minimum-phase FIR filters
/// (off the audio thread).

#include "dsp/fft.h"

#include <utility>
#include <vector>

namespace stagelab {

/// Taps of a GraphicEQ FIR at `sampleRateHz`: 4096 at 48 kHz (11.7 Hz resolution, enough for
/// AutoEq's 20 Hz-and-up curves), doubled at higher rates so the resolution in Hz stays.
int graphicFirTaps(double sampleRateHz);

/// Interpolates a GraphicEQ curve the way EqualizerAPO does: linear in dB over log frequency
/// between points, constant beyond the first and last point.
double interpolateGraphicCurveDb(const std::vector<std::pair<double, double>>& curve,
                                 double frequencyHz);

/// Turns a log magnitude into the minimum-phase spectrum with that magnitude, in place: on entry
/// the real half of `spectrum` (fft.spectrumFloats() floats) holds ln|H| per bin; on exit
/// `spectrum` holds H (FFTW's unnormalised inverse of it gives size * h): the real cepstrum,
/// folded onto its causal half, then exp. `time` is fft.size() floats of scratch.
/// The cepstrum of a log magnitude is infinitely long: the FFT must be several times longer
/// than the response wanted.
void minimumPhaseFromLogMagnitude(const RealFft& fft, float* spectrum, float* time);

/// Designs the minimum-phase FIR (`taps` long) whose magnitude follows `curve` at `sampleRateHz`
/// (real cepstrum on a grid 8x longer than the filter, then a short fade-out at the end).
std::vector<float> designMinimumPhaseFir(const std::vector<std::pair<double, double>>& curve,
                                         double sampleRateHz, int taps);

} // namespace stagelab
