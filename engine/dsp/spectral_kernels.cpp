#include "dsp/spectral_kernels.h"

// One binary for every x86-64 machine: GCC/Clang emit an AVX2+FMA clone and a baseline clone and
// pick one at load time. These two loops are most of the renderer's time.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) &&                            \
    !defined(__SANITIZE_ADDRESS__)
#define STAGELAB_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define STAGELAB_VECTOR_CLONES
#endif

namespace stagelab {

STAGELAB_VECTOR_CLONES
void complexMultiplyAccumulate(const float* __restrict xReal, const float* __restrict xImag,
                               const float* __restrict hReal, const float* __restrict hImag,
                               float* __restrict yReal, float* __restrict yImag, int n) noexcept
{
    for (int i = 0; i < n; ++i) {
        yReal[i] += xReal[i] * hReal[i] - xImag[i] * hImag[i];
        yImag[i] += xReal[i] * hImag[i] + xImag[i] * hReal[i];
    }
}

STAGELAB_VECTOR_CLONES
void weightedSum(const float* const* x, const float* weights, int terms, float* __restrict y,
                 int n) noexcept
{
    const float w0 = weights[0], w1 = terms > 1 ? weights[1] : 0.0f,
                w2 = terms > 2 ? weights[2] : 0.0f, w3 = terms > 3 ? weights[3] : 0.0f;
    const float* __restrict x0 = x[0];
    // Unused terms point at x0 with weight 0: one loop shape, no branches inside it.
    const float* __restrict x1 = terms > 1 ? x[1] : x0;
    const float* __restrict x2 = terms > 2 ? x[2] : x0;
    const float* __restrict x3 = terms > 3 ? x[3] : x0;
    if (terms == 1) {
        for (int i = 0; i < n; ++i)
            y[i] = w0 * x0[i];
        return;
    }
    if (terms == 2) {
        for (int i = 0; i < n; ++i)
            y[i] = w0 * x0[i] + w1 * x1[i];
        return;
    }
    for (int i = 0; i < n; ++i)
        y[i] = w0 * x0[i] + w1 * x1[i] + w2 * x2[i] + w3 * x3[i];
}

STAGELAB_VECTOR_CLONES
void scaleAccumulate(const float* __restrict x, float weight, float* __restrict y, int n) noexcept
{
    for (int i = 0; i < n; ++i)
        y[i] += weight * x[i];
}

} // namespace stagelab
