#include "spatial/filter_table.h"

#include <algorithm>

namespace stagelab {

FilterTable::FilterTable(const PartitionLayout& layout, int count)
    : m_layout(layout), m_count(count), m_data(size_t(count) * layout.earFloats())
{}

void FilterTable::setFilter(int index, const float* ir, int length, const RealFft& fft)
{
    partitionFilter(m_layout, fft, ir, length,
                    m_data.data() + size_t(index) * m_layout.earFloats());
}

void writeFlatFilter(const PartitionLayout& layout, float gain, float* earFilter) noexcept
{
    std::fill_n(earFilter, layout.earFloats(), 0.0f);
    // A unit impulse transforms to 1 in every bin; 1/fftSize as in FilterTable.
    const float value = gain / float(layout.fftSize());
    std::fill_n(earFilter, layout.bins(), value);
}

} // namespace stagelab
