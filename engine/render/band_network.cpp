#include "render/band_network.h"

#include <algorithm>
#include <cmath>

namespace stagelab {

namespace {
/// Signs of row `row` of the Sylvester-Hadamard matrix: (-1)^popcount(row & column). Rows 1
/// and 3, orthogonal, are the output tap and the input: each line is fed and heard equally.
constexpr float hadamardSign(int row, int column)
{
    return __builtin_popcount(unsigned(row & column)) % 2 ? -1.0f : 1.0f;
}
} // namespace

std::array<Biquad, 8> crossoverSections(double frequencyHz, double sampleRateHz)
{
    constexpr double qs[4] = {0.50979558, 0.60134489, 0.89997622, 2.56291545};
    std::array<Biquad, 8> sections;
    for (int s = 0; s < 4; ++s) {
        sections[size_t(s)] = Biquad(
            designBiquad(BiquadType::LowPass, frequencyHz, 0.0, qs[s], sampleRateHz), sampleRateHz);
        sections[size_t(4 + s)] =
            Biquad(designBiquad(BiquadType::HighPass, frequencyHz, 0.0, qs[s], sampleRateHz),
                   sampleRateHz);
    }
    return sections;
}

void splitBand(std::vector<std::array<Biquad, 8>>& crossovers, int band, float* remaining,
               float* bandOut, int frames) noexcept
{
    if (band >= int(crossovers.size())) {
        std::copy_n(remaining, frames, bandOut);
        return;
    }
    std::array<Biquad, 8>& sections = crossovers[size_t(band)];
    std::copy_n(remaining, frames, bandOut);
    for (int s = 0; s < 4; ++s) {
        sections[size_t(s)].process(bandOut, frames);
        sections[size_t(4 + s)].process(remaining, frames);
    }
}

BandNetwork::BandNetwork(const BandNetworkDesign& design)
    : m_count(design.lines), m_scale(float(1.0 / std::sqrt(double(design.lines)))),
      m_gains(design.gains), m_delays(design.delays)
{
    size_t total = 0;
    int shortest = maximumChunk;
    for (int i = 0; i < m_count; ++i) {
        total += size_t(m_delays[size_t(i)]);
        shortest = std::min(shortest, m_delays[size_t(i)]);
    }
    m_chunk = shortest;
    m_storage.assign(total, 0.0f);
    size_t offset = 0;
    for (int i = 0; i < m_count; ++i) {
        m_lines[size_t(i)] = m_storage.data() + offset;
        offset += size_t(m_delays[size_t(i)]);
    }
    m_outputs.assign(size_t(m_count) * maximumChunk, 0.0f);
}

void BandNetwork::process(const float* input, float* output, int frames) noexcept
{
    for (int done = 0; done < frames; done += m_chunk) {
        const int n = std::min(m_chunk, frames - done);
        processChunk(input + done, output + done, n);
    }
}

void BandNetwork::processChunk(const float* input, float* output, int frames) noexcept
{
    // Every inner loop runs over frames on unaliased arrays, so the compiler vectorises it.
    const int count = m_count;
    float* const outputs = m_outputs.data();
    // 1. Read what each line delivers now (written one delay ago).
    for (int i = 0; i < count; ++i) {
        const float* line = m_lines[size_t(i)];
        float* out = outputs + size_t(i) * maximumChunk;
        const int position = m_positions[size_t(i)];
        const int before = std::min(frames, m_delays[size_t(i)] - position);
        std::copy_n(line + position, before, out);
        std::copy_n(line, frames - before, out + before);
    }
    // 2. The output tap.
    float* __restrict out = output;
    std::fill_n(out, frames, 0.0f);
    for (int i = 0; i < count; ++i) {
        const float* __restrict o = outputs + size_t(i) * maximumChunk;
        const float a = m_scale * hadamardSign(1, i);
        for (int t = 0; t < frames; ++t)
            out[t] += a * o[t];
    }
    // 3. The Hadamard feedback, a butterfly over the lines at each frame.
    for (int half = 1; half < count; half *= 2)
        for (int i = 0; i < count; i += 2 * half)
            for (int j = i; j < i + half; ++j) {
                float* __restrict x = outputs + size_t(j) * maximumChunk;
                float* __restrict y = outputs + size_t(j + half) * maximumChunk;
                for (int t = 0; t < frames; ++t) {
                    const float sum = x[t] + y[t];
                    y[t] = x[t] - y[t];
                    x[t] = sum;
                }
            }
    // 4. Back into the lines with the input, attenuated for the pass to come: up to the end of
    // the line's ring, then from its start.
    const float* __restrict in = input;
    for (int i = 0; i < count; ++i) {
        float* line = m_lines[size_t(i)];
        const float* __restrict o = outputs + size_t(i) * maximumChunk;
        const float g = m_gains[size_t(i)] * m_scale;
        const float fed = g * hadamardSign(3, i);
        const int position = m_positions[size_t(i)];
        const int delay = m_delays[size_t(i)];
        const int before = std::min(frames, delay - position);
        float* __restrict head = line + position;
        for (int t = 0; t < before; ++t)
            head[t] = g * o[t] + fed * in[t];
        float* __restrict wrapped = line;
        for (int t = before; t < frames; ++t)
            wrapped[t - before] = g * o[t] + fed * in[t];
        m_positions[size_t(i)] = before < frames              ? frames - before
                                 : position + frames == delay ? 0
                                                              : position + frames;
    }
}

} // namespace stagelab
