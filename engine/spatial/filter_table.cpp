#include "spatial/filter_table.h"

#include "util/error.h"

#include <algorithm>

namespace stagelab {

int FilterTable::partitionsFor(int irLength, int blockFrames)
{
    return std::max(1, (irLength + blockFrames - 1) / blockFrames);
}

FilterTable::FilterTable(const PartitionLayout& layout, int count)
    : m_layout(layout), m_count(count), m_data(size_t(count) * layout.earFloats())
{}

void FilterTable::setFilter(int index, const float* ir, int length, const RealFft& fft)
{
    const int block = m_layout.blockFrames;
    if (length > m_layout.partitions * block)
        throw Error("impulse response of " + std::to_string(length) + " taps does not fit " +
                    std::to_string(m_layout.partitions) + " partitions");
    AlignedBuffer segment{size_t(m_layout.fftSize())};
    float* target = m_data.data() + size_t(index) * m_layout.earFloats();
    const float scale = 1.0f / float(m_layout.fftSize());
    for (int p = 0; p < m_layout.partitions; ++p) {
        segment.clear();
        // Overlap-save: the partition's taps first, zeros after.
        const int begin = p * block;
        const int end = std::min(length, begin + block);
        for (int i = begin; i < end; ++i)
            segment[size_t(i - begin)] = ir[i] * scale;
        fft.forward(segment.data(), target + size_t(p) * m_layout.partitionFloats());
    }
}

void writeFlatFilter(const PartitionLayout& layout, float gain, float* earFilter) noexcept
{
    std::fill_n(earFilter, layout.earFloats(), 0.0f);
    // A unit impulse transforms to 1 in every bin; 1/fftSize as in FilterTable.
    const float value = gain / float(layout.fftSize());
    std::fill_n(earFilter, layout.bins(), value);
}

} // namespace stagelab
