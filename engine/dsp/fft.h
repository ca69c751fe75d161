#pragma once
/// Real FFTs with split (real/imaginary) spectra, planned once, executed anywhere.
///
/// A spectrum is one float array: `stride()` real parts, then `stride()` imaginary parts, where
/// stride is bins rounded up to a multiple of 8 (so both halves stay 32-byte aligned). FFTW
/// remembers where the imaginary half lay relative to the real half when it planned, so every
/// spectrum handed to it must use this one layout.

#include "dsp/aligned_buffer.h"

#include <memory>

namespace stagelab {

/// How hard FFTW looks for a fast plan. Measure times candidate algorithms (seconds for a large
/// size, repaid by every block of a convolver that runs thousands of times); Estimate picks one
/// from heuristics at once - for a transform run once or twice (a whole-signal analysis).
enum class FftPlanning { Measure, Estimate };

/// Forward and inverse real FFT plans of one size. Planning is serialised (FFTW's planner is not
/// thread-safe) and happens in the constructor, off the audio thread. The transforms are
/// unnormalised, as in FFTW: inverse(forward(x)) == size * x.
class RealFft
{
public:
    explicit RealFft(int size, FftPlanning planning = FftPlanning::Measure);
    ~RealFft();
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    int size() const noexcept { return m_size; }
    int bins() const noexcept { return m_size / 2 + 1; }
    int stride() const noexcept { return (bins() + 7) / 8 * 8; }
    /// Floats in one spectrum (real half and imaginary half).
    size_t spectrumFloats() const noexcept { return 2 * size_t(stride()); }

    /// Audio thread safe: `input` has size() floats, `spectrum` spectrumFloats(); both 32-byte
    /// aligned (AlignedBuffer, or offsets in one that are multiples of 8 floats).
    void forward(const float* input, float* spectrum) const noexcept;
    /// Audio thread safe; destroys `spectrum` (FFTW's c2r contract). `output` has size() floats.
    void inverse(float* spectrum, float* output) const noexcept;

private:
    struct Plans;
    int m_size;
    std::unique_ptr<Plans> m_plans;
};

} // namespace stagelab
