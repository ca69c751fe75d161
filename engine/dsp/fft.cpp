#include "dsp/fft.h"

#include "util/error.h"

#include <fftw3.h>

#include <mutex>

namespace stagelab {

namespace {
std::mutex& plannerMutex()
{
    static std::mutex mutex;
    return mutex;
}
} // namespace

struct RealFft::Plans
{
    fftwf_plan forward = nullptr;
    fftwf_plan inverse = nullptr;
};

RealFft::RealFft(int size, FftPlanning planning) : m_size(size), m_plans(std::make_unique<Plans>())
{
    if (size < 2 || size % 2 != 0)
        throw Error("FFT size must be even and at least 2, got " + std::to_string(size));
    AlignedBuffer time{size_t(size)};
    AlignedBuffer spectrum{spectrumFloats()};
    float* real = spectrum.data();
    float* imag = spectrum.data() + stride();
    fftwf_iodim dimension{size, 1, 1};
    std::lock_guard lock(plannerMutex());
    // FFTW_MEASURE overwrites the arrays while planning; these are scratch arrays laid out
    // exactly like every spectrum the plans will be executed on.
    const unsigned flags = planning == FftPlanning::Measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    m_plans->forward =
        fftwf_plan_guru_split_dft_r2c(1, &dimension, 0, nullptr, time.data(), real, imag, flags);
    m_plans->inverse =
        fftwf_plan_guru_split_dft_c2r(1, &dimension, 0, nullptr, real, imag, time.data(), flags);
    if (!m_plans->forward || !m_plans->inverse)
        throw Error("FFTW could not plan a real FFT of size " + std::to_string(size));
}

RealFft::~RealFft()
{
    std::lock_guard lock(plannerMutex());
    fftwf_destroy_plan(m_plans->forward);
    fftwf_destroy_plan(m_plans->inverse);
}

void RealFft::forward(const float* input, float* spectrum) const noexcept
{
    fftwf_execute_split_dft_r2c(m_plans->forward, const_cast<float*>(input), spectrum,
                                spectrum + stride());
}

void RealFft::inverse(float* spectrum, float* output) const noexcept
{
    fftwf_execute_split_dft_c2r(m_plans->inverse, spectrum, spectrum + stride(), output);
}

} // namespace stagelab
