#pragma once
/// A table of single-ear filters, each already partitioned and transformed for the convolver.

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "dsp/partition_layout.h"
#include "dsp/partitioned_convolution.h"

namespace stagelab {

/// Built off the audio thread; read by models on it. Entries are partitioned as
/// partitionFilter() does (scaled by 1/fftSize), for the scene's FrequencyDelayLines.
class FilterTable
{
public:
    FilterTable(const PartitionLayout& layout, int count);

    const PartitionLayout& layout() const { return m_layout; }
    int count() const { return m_count; }
    /// Transforms `ir` (at most layout().partitions * blockFrames taps) into entry `index`
    /// (partitionFilter(); Error if it does not fit).
    void setFilter(int index, const float* ir, int length, const RealFft& fft);
    /// Entry `index`: layout().earFloats() floats.
    const float* filter(int index) const
    {
        return m_data.data() + size_t(index) * m_layout.earFloats();
    }

private:
    PartitionLayout m_layout;
    int m_count;
    AlignedBuffer m_data;
};

/// Fills an ear filter with a flat gain (a scaled unit impulse at tap 0). Audio thread; wait-free.
void writeFlatFilter(const PartitionLayout& layout, float gain, float* earFilter) noexcept;

} // namespace stagelab
