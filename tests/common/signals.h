#pragma once
/// Signal helpers shared by the tests: stimuli from samples, levels, delays, spectra.

#include "io/stimulus.h"
#include "spatial/spatial_model.h"

#include <memory>
#include <string>
#include <vector>

namespace stagelab::test {

/// A stimulus made from samples (no file), at `sampleRateHz`.
std::shared_ptr<const Stimulus> stimulusFrom(std::vector<float> samples, double sampleRateHz,
                                             const char* name = "test");
/// A model by name at `sampleRateHz`, default block and HRTF set.
std::shared_ptr<const SpatialModel> makeModel(const std::string& name, double sampleRateHz);

/// Deterministic white noise in [-0.5, 0.5).
std::vector<float> whiteNoise(size_t frames, unsigned seed);
/// A sine at `frequencyHz`, amplitude 0.5.
std::vector<float> sine(size_t frames, double frequencyHz, double sampleRateHz);

double energy(const std::vector<float>& x, size_t begin = 0, size_t end = size_t(-1));
double rms(const std::vector<float>& x, size_t begin = 0, size_t end = size_t(-1));
double toDb(double ratio);

/// Lag (in frames) by which `right` trails `left`, from the peak of their cross-correlation
/// within ±maxLag, refined to a fraction of a frame by parabolic interpolation. Positive means
/// the left ear leads.
double interauralDelayFrames(const std::vector<float>& left, const std::vector<float>& right,
                             int maxLag);

/// Energy of `x` above `frequencyHz` (one FFT of the whole signal, Hann window).
double energyAbove(const std::vector<float>& x, double frequencyHz, double sampleRateHz);

/// Lag (frames, >= 0) by which `recorded` trails `reference`, at the peak of their
/// cross-correlation (one FFT of each).
int alignmentLag(const std::vector<float>& reference, const std::vector<float>& recorded);
/// Normalised correlation of `reference` with `recorded` shifted by `lag` frames.
double correlationAt(const std::vector<float>& reference, const std::vector<float>& recorded,
                     int lag);

/// Direct (time-domain) convolution, full length.
std::vector<float> convolveDirect(const std::vector<float>& x, const float* h, size_t hLength);

} // namespace stagelab::test

namespace stagelab::test {
/// Two ear signals.
struct RenderedPair
{
    std::vector<float> left, right;
};
} // namespace stagelab::test
