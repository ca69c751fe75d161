#pragma once
/// GraphicEQ curves as minimum-phase FIR filters (off the audio thread).

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

/// Designs the minimum-phase FIR (`taps` long) whose magnitude follows `curve` at `sampleRateHz`
/// (real cepstrum on a grid 8x longer than the filter, then a short fade-out at the end).
std::vector<float> designMinimumPhaseFir(const std::vector<std::pair<double, double>>& curve,
                                         double sampleRateHz, int taps);

} // namespace stagelab
