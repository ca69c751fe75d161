#include "render/late_reverb.h"

#include <algorithm>
#include <cmath>

namespace stagelab {

LateReverb::LateReverb(std::shared_ptr<const PreparedRoom> room, int blockFrames,
                       int64_t injectionFrame)
    : m_room(std::move(room)), m_blockFrames(blockFrames),
      m_diffuseLayout(m_room->diffuseFilters().layout()), m_send(size_t(blockFrames)),
      m_remaining(size_t(blockFrames)), m_band(size_t(blockFrames)),
      m_outputs(2 * size_t(blockFrames)), m_networkOutputs(2 * size_t(blockFrames))
{
    const double rate = m_room->sampleRateHz();
    const auto& bands = m_room->bands();
    for (int b = 0; b < octaveBandCount; ++b) {
        const BandDesign& band = bands[size_t(b)];
        for (int k = 0; k < 2; ++k) {
            m_networks.emplace_back(band.networks[size_t(k)]);
            m_bandGains[size_t(b)][size_t(k)] = m_room->bandGain(b, k, injectionFrame);
        }
        m_correlations[size_t(b)] = float(band.correlation);
    }
    m_midDecayPerFrame =
        0.5 * (bands[2].networks[0].decayPerFrame + bands[3].networks[0].decayPerFrame);
    for (double frequency : m_room->crossoversHz())
        m_crossovers.push_back(crossoverSections(frequency, rate));
    m_first.emplace(m_diffuseLayout);
    m_second.emplace(m_diffuseLayout);
    m_ringFrames = injectionFrame + m_room->tailLatencyFrames() +
                   int64_t(1.5 * double(m_room->longestDecayFrames()));
}

float LateReverb::delayedSendGain(int64_t extraFrames) const noexcept
{
    return float(std::exp(-0.5 * m_midDecayPerFrame * double(extraFrames)));
}

void LateReverb::render(const RealFft& fft, float* accumulatorLeft,
                        float* accumulatorRight) noexcept
{
    const int block = m_blockFrames;
    float* first = m_outputs.data();
    float* second = m_outputs.data() + block;
    std::fill_n(m_outputs.data(), 2 * block, 0.0f);
    std::copy_n(m_send.data(), block, m_remaining.data());
    float* a = m_networkOutputs.data();
    float* c = m_networkOutputs.data() + block;
    for (int b = 0; b < octaveBandCount; ++b) {
        splitBand(m_crossovers, b, m_remaining.data(), m_band.data(), block);
        m_networks[size_t(2 * b)].process(m_band.data(), a, block);
        m_networks[size_t(2 * b + 1)].process(m_band.data(), c, block);
        const float ga = m_bandGains[size_t(b)][0], gc = m_bandGains[size_t(b)][1];
        const float rho = m_correlations[size_t(b)];
        const float scale = 1.0f / std::sqrt(1.0f - rho * rho);
        for (int i = 0; i < block; ++i) {
            first[i] += ga * a[i];
            second[i] += scale * (gc * c[i] - rho * ga * a[i]);
        }
    }
    std::fill_n(m_send.data(), block, 0.0f);

    const FilterTable& filters = m_room->diffuseFilters();
    std::copy_n(first, block, m_first->nextInputBlock());
    m_first->transformInput(fft);
    std::copy_n(second, block, m_second->nextInputBlock());
    m_second->transformInput(fft);
    m_first->multiplyAccumulate(filters.filter(0), accumulatorLeft);
    m_first->multiplyAccumulate(filters.filter(1), accumulatorRight);
    m_second->multiplyAccumulate(filters.filter(2), accumulatorLeft);
    m_second->multiplyAccumulate(filters.filter(3), accumulatorRight);
}

} // namespace stagelab
