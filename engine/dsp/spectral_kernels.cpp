#include "dsp/spectral_kernels.h"

// One binary for every x86-64 machine: GCC/Clang emit an AVX2+FMA clone and a baseline clone and
// pick one at load time. These two loops are most of the renderer's time.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__SANITIZE_ADDRESS__)
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
void scaleAccumulate(const float* __restrict x, float weight, float* __restrict y, int n) noexcept
{
    for (int i = 0; i < n; ++i)
        y[i] += weight * x[i];
}

} // namespace stagelab
