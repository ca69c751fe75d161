#pragma once
/// Mutually decorrelated copies of a signal, for wide sources, and plain FIR filtering of a
/// whole signal (made off the audio thread).

#include <cstdint>
#include <vector>

namespace stagelab {

/// Returns `count` copies of `signal`, each filtered by its own random-phase all-pass-like FIR
/// (unit magnitude at every frequency, phase random above 200 Hz, smoothly windowed to
/// `lengthFrames`). Copy 0 is the signal itself. Deterministic for a given seed. If `loop` is set,
/// each copy is filtered circularly so it still loops without a seam. Otherwise only the first
/// `usedFrames` frames (all if negative) are filtered and returned: a scene that plays 2 s of a
/// 10-s recording needs no more, and copy 0 is then cut to the same length.
std::vector<std::vector<float>> decorrelatedCopies(const std::vector<float>& signal, int count,
                                                   double sampleRateHz, bool loop, uint32_t seed,
                                                   int64_t usedFrames = -1,
                                                   int lengthFrames = 1024);

/// `signal` through the FIR `filter` (block convolution off the audio thread), circularly if it
/// loops; the first `usedFrames` frames (all if negative or looping).
std::vector<float> filterSignal(const std::vector<float>& signal, const std::vector<float>& filter,
                                bool loop, int64_t usedFrames = -1);

} // namespace stagelab
