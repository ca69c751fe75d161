#pragma once
/// Uniformly partitioned overlap-save convolution (UPOLS), the one implementation that scenes
/// (every voice through its ear filters) and the output stage (a device's FIR) share.
///
/// A filter of P partitions of B taps is stored as P spectra (PartitionLayout). Each input keeps
/// a frequency-domain delay line: the spectra of its last P windows [previous block | block].
/// One block of output is the second half of IFFT(sum over p of X[now - p] * H[p]); because the
/// sum is linear, several inputs may share one accumulator and one inverse FFT.

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "dsp/partition_layout.h"
#include "dsp/spectral_kernels.h"

#include <algorithm>

namespace stagelab {

/// Partitions an impulse response of `taps` frames needs at `blockFrames` (at least one).
int partitionsFor(int taps, int blockFrames);

/// Cuts `impulseResponse` (`length` taps) into layout.partitions partitions and transforms each
/// into `earFilter` (layout.earFloats() floats). The spectra carry 1/fftSize, so the inverse FFT
/// of an accumulated block needs no scaling (FFTW is unnormalised). Throws Error if the response
/// does not fit the layout. Off the audio thread.
void partitionFilter(const PartitionLayout& layout, const RealFft& fft,
                     const float* impulseResponse, int length, float* earFilter);

/// One input's frequency-domain delay line. Built off the audio thread; fed on it.
class FrequencyDelayLine
{
public:
    explicit FrequencyDelayLine(const PartitionLayout& layout);

    /// Shifts the input window by one block; returns where the next block's blockFrames samples
    /// go. Audio thread; wait-free.
    float* nextInputBlock() noexcept
    {
        float* window = m_window.data();
        const int block = m_layout.blockFrames;
        std::copy_n(window + block, block, window);
        return window + block;
    }

    /// Transforms the window into the newest spectrum of the line. Audio thread; wait-free.
    void transformInput(const RealFft& fft) noexcept
    {
        m_newest = m_newest + 1 == m_layout.partitions ? 0 : m_newest + 1;
        fft.forward(m_window.data(),
                    m_spectra.data() + size_t(m_newest) * m_layout.partitionFloats());
    }

    /// accumulator += sum over p of X[newest - p] * H[p], where H is one ear filter
    /// (layout.earFloats() floats) and the accumulator one spectrum. Audio thread; wait-free.
    void multiplyAccumulate(const float* earFilter, float* accumulator) const noexcept
    {
        multiplyAccumulate(earFilter, accumulator, m_layout.partitions);
    }
    /// The same for a shorter filter of `filterPartitions` (<= the line's) partitions.
    void multiplyAccumulate(const float* earFilter, float* accumulator,
                            int filterPartitions) const noexcept
    {
        const int partitions = m_layout.partitions;
        const size_t partitionFloats = m_layout.partitionFloats();
        const int stride = m_layout.stride();
        const int bins = m_layout.bins();
        for (int p = 0; p < filterPartitions; ++p) {
            const int slot = (m_newest - p + partitions) % partitions;
            const float* x = m_spectra.data() + size_t(slot) * partitionFloats;
            const float* h = earFilter + size_t(p) * partitionFloats;
            complexMultiplyAccumulate(x, x + stride, h, h + stride, accumulator,
                                      accumulator + stride, bins);
        }
    }

private:
    PartitionLayout m_layout;
    AlignedBuffer m_window;  // [previous block | this block]
    AlignedBuffer m_spectra; // one spectrum per partition, a ring
    int m_newest;
};

/// The output block of an accumulated spectrum: inverse-transforms `accumulator` (which FFTW
/// destroys) into `scratch` (fftSize floats) and returns the second half, the blockFrames valid
/// samples of overlap-save. Audio thread; wait-free.
inline const float* overlapSaveOutput(const RealFft& fft, const PartitionLayout& layout,
                                      float* accumulator, float* scratch) noexcept
{
    fft.inverse(accumulator, scratch);
    return scratch + layout.blockFrames;
}

} // namespace stagelab
