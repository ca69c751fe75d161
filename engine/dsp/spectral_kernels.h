#pragma once
/// The inner loops of the convolution engine, vectorised (AVX2/FMA where the CPU has it).

namespace stagelab {

/// y += x * h for split complex arrays of n bins. Audio thread; wait-free.
void complexMultiplyAccumulate(const float* xReal, const float* xImag, const float* hReal,
                               const float* hImag, float* yReal, float* yImag, int n) noexcept;

/// y = sum of weights[t] * x[t] over `terms` (1..4) arrays of n floats, in one pass (the inputs
/// are the expensive part: read each once, write y once). Audio thread; wait-free.
void weightedSum(const float* const* x, const float* weights, int terms, float* y, int n) noexcept;

/// y += weight * x over n floats. Audio thread; wait-free.
void scaleAccumulate(const float* x, float weight, float* y, int n) noexcept;

} // namespace stagelab
