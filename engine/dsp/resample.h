#pragma once
/// Sample-rate conversion with libsamplerate (best-quality sinc), off the audio thread only.

#include <vector>

namespace stagelab {

/// Resamples a mono signal; the output has round(length * toHz / fromHz) frames, time-aligned
/// with the input. Returns the input unchanged when the rates are equal.
std::vector<float> resampleSignal(const std::vector<float>& input, double fromHz, double toHz);

/// Resamples an impulse response so that it keeps its frequency response: the samples are
/// scaled by fromHz / toHz (a discrete convolution sums one term per sample) and the tail is kept.
std::vector<float> resampleImpulseResponse(const std::vector<float>& impulseResponse, double fromHz,
                                           double toHz);

} // namespace stagelab
