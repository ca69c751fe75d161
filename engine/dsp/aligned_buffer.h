#pragma once
/// A fixed-size, SIMD-aligned float array (allocated with FFTW so FFTW's SIMD paths apply).

#include <cstddef>

namespace stagelab {

/// Owns `size` floats, zero-initialised, 32-byte aligned. Allocate off the audio thread only.
class AlignedBuffer
{
public:
    AlignedBuffer() = default;
    explicit AlignedBuffer(size_t size);
    ~AlignedBuffer();
    AlignedBuffer(AlignedBuffer&& other) noexcept;
    AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;

    float* data() noexcept { return m_data; }
    const float* data() const noexcept { return m_data; }
    size_t size() const noexcept { return m_size; }
    float& operator[](size_t i) noexcept { return m_data[i]; }
    float operator[](size_t i) const noexcept { return m_data[i]; }
    /// Sets every element to zero. Audio thread safe (no allocation).
    void clear() noexcept;

private:
    float* m_data = nullptr;
    size_t m_size = 0;
};

} // namespace stagelab
