#include "render/late_reverb.h"

#include <algorithm>
#include <cmath>

namespace stagelab {

LateReverb::LateReverb(std::shared_ptr<const PreparedRoom> room, int blockFrames,
                       int64_t injectionFrame)
    : m_room(std::move(room)), m_blockFrames(blockFrames),
      m_diffuseLayout(m_room->diffuseFilters().layout()), m_send(size_t(blockFrames)),
      m_remaining(size_t(blockFrames)), m_band(size_t(blockFrames)),
      m_outputs(2 * size_t(blockFrames))
{
    const double rate = m_room->sampleRateHz();
    const auto& designs = m_room->networks();
    for (int b = 0; b < octaveBandCount; ++b) {
        const BandNetworkDesign& design = designs[size_t(b)];
        m_networks.emplace_back(design);
        // The network's envelope A exp(-k n') after injection, delayed by the diffuse filters,
        // must equal the room's E exp(-k n) at emission-relative time n.
        const double outputFrame = double(injectionFrame + m_room->diffuseLatencyFrames());
        m_bandGains[size_t(b)] = float(std::sqrt(m_room->reverberantEnergyPerFrame() *
                                                 std::exp(-design.decayPerFrame * outputFrame) /
                                                 design.envelopeAtInjection));
    }
    m_midDecayPerFrame = 0.5 * (designs[2].decayPerFrame + designs[3].decayPerFrame);
    // Two Butterworth sections (Q = 0.5412 and 1.3066) make a fourth-order low or high pass;
    // a low and a high pass of the same order and frequency are power complementary
    // (|L|^2 + |H|^2 = 1), and the bands' tails are mutually incoherent, so their powers add
    // back to the send's spectrum.
    for (double frequency : m_room->crossoversHz()) {
        std::array<Biquad, 4> sections;
        const double qs[2] = {0.54119610, 1.30656296};
        for (int s = 0; s < 2; ++s) {
            sections[size_t(s)] =
                Biquad(designBiquad(BiquadType::LowPass, frequency, 0.0, qs[s], rate), rate);
            sections[size_t(2 + s)] =
                Biquad(designBiquad(BiquadType::HighPass, frequency, 0.0, qs[s], rate), rate);
        }
        m_crossovers.push_back(sections);
    }
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
    for (int b = 0; b < octaveBandCount; ++b) {
        float* bandInput = m_remaining.data();
        if (b + 1 < octaveBandCount) {
            // This band is the low pass of what remains; the rest goes on as its high pass.
            std::array<Biquad, 4>& sections = m_crossovers[size_t(b)];
            std::copy_n(m_remaining.data(), block, m_band.data());
            sections[0].process(m_band.data(), block);
            sections[1].process(m_band.data(), block);
            sections[2].process(m_remaining.data(), block);
            sections[3].process(m_remaining.data(), block);
            bandInput = m_band.data();
        }
        m_networks[size_t(b)].process(bandInput, first, second, block, m_bandGains[size_t(b)]);
    }
    std::fill_n(m_send.data(), block, 0.0f);

    const FilterTable& filters = m_room->diffuseFilters();
    std::copy_n(first, block, m_first->nextInputBlock());
    m_first->transformInput(fft);
    std::copy_n(second, block, m_second->nextInputBlock());
    m_second->transformInput(fft);
    m_first->multiplyAccumulate(filters.filter(0), accumulatorLeft);
    m_first->multiplyAccumulate(filters.filter(0), accumulatorRight);
    m_second->multiplyAccumulate(filters.filter(1), accumulatorLeft);
    m_second->multiplyAccumulate(filters.filter(2), accumulatorRight);
}

} // namespace stagelab
