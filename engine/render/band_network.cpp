#include "render/band_network.h"

namespace stagelab {

namespace {
/// Signs of the input and the two output taps: rows of a 16 x 16 Hadamard matrix, mutually
/// orthogonal, so the two outputs are uncorrelated and each line is fed and heard equally.
constexpr float inputSigns[16] = {1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1};
constexpr float firstSigns[16] = {1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1};
constexpr float secondSigns[16] = {1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1};

/// In-place fast Walsh-Hadamard transform of 16 values, scaled by 1/4 (orthonormal).
inline void hadamard16(float* v) noexcept
{
    for (int half = 1; half < 16; half *= 2)
        for (int i = 0; i < 16; i += 2 * half)
            for (int j = i; j < i + half; ++j) {
                const float a = v[j], b = v[j + half];
                v[j] = a + b;
                v[j + half] = a - b;
            }
    for (int i = 0; i < 16; ++i)
        v[i] *= 0.25f;
}
} // namespace

BandNetwork::BandNetwork(const BandNetworkDesign& design)
    : m_gains(design.gains), m_delays(design.delays)
{
    size_t total = 0;
    for (int delay : m_delays)
        total += size_t(delay);
    m_storage.assign(total, 0.0f);
    size_t offset = 0;
    for (int i = 0; i < lines; ++i) {
        m_lines[size_t(i)] = m_storage.data() + offset;
        offset += size_t(m_delays[size_t(i)]);
    }
}

void BandNetwork::process(const float* input, float* first, float* second, int frames,
                          float outputGain) noexcept
{
    float outputs[lines];
    for (int n = 0; n < frames; ++n) {
        float a = 0.0f, b = 0.0f;
        for (int i = 0; i < lines; ++i) {
            outputs[i] = m_lines[size_t(i)][m_positions[size_t(i)]];
            a += firstSigns[i] * outputs[i];
            b += secondSigns[i] * outputs[i];
        }
        first[n] += 0.25f * outputGain * a;
        second[n] += 0.25f * outputGain * b;
        hadamard16(outputs);
        const float in = 0.25f * input[n];
        for (int i = 0; i < lines; ++i) {
            int& position = m_positions[size_t(i)];
            m_lines[size_t(i)][position] = m_gains[size_t(i)] * (outputs[i] + inputSigns[i] * in);
            if (++position == m_delays[size_t(i)]) position = 0;
        }
    }
}

} // namespace stagelab
