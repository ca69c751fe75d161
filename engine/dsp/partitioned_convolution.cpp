#include "dsp/partitioned_convolution.h"

#include "util/error.h"

#include <algorithm>
#include <string>

namespace stagelab {

int partitionsFor(int taps, int blockFrames)
{
    return std::max(1, (taps + blockFrames - 1) / blockFrames);
}

void partitionFilter(const PartitionLayout& layout, const RealFft& fft,
                     const float* impulseResponse, int length, float* earFilter)
{
    const int block = layout.blockFrames;
    if (length > layout.partitions * block)
        throw Error("impulse response of " + std::to_string(length) + " taps does not fit " +
                    std::to_string(layout.partitions) + " partitions");
    AlignedBuffer segment{size_t(layout.fftSize())};
    const float scale = 1.0f / float(layout.fftSize());
    for (int p = 0; p < layout.partitions; ++p) {
        segment.clear();
        // Overlap-save: the partition's taps first, zeros after.
        const int begin = p * block;
        const int end = std::min(length, begin + block);
        for (int i = begin; i < end; ++i)
            segment[size_t(i - begin)] = impulseResponse[i] * scale;
        fft.forward(segment.data(), earFilter + size_t(p) * layout.partitionFloats());
    }
}

FrequencyDelayLine::FrequencyDelayLine(const PartitionLayout& layout)
    : m_layout(layout), m_window(size_t(layout.fftSize())),
      m_spectra(size_t(layout.partitions) * layout.partitionFloats()),
      m_newest(layout.partitions - 1)
{}

} // namespace stagelab
