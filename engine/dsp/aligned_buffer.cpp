#include "dsp/aligned_buffer.h"

#include <fftw3.h>

#include <algorithm>
#include <new>
#include <utility>

namespace stagelab {

AlignedBuffer::AlignedBuffer(size_t size) : m_size(size)
{
    if (size == 0) return;
    m_data = static_cast<float*>(fftwf_malloc(size * sizeof(float)));
    if (!m_data) throw std::bad_alloc();
    std::fill_n(m_data, size, 0.0f);
}

AlignedBuffer::~AlignedBuffer()
{
    fftwf_free(m_data);
}

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{}

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept
{
    std::swap(m_data, other.m_data);
    std::swap(m_size, other.m_size);
    return *this;
}

void AlignedBuffer::clear() noexcept
{
    std::fill_n(m_data, m_size, 0.0f);
}

} // namespace stagelab
