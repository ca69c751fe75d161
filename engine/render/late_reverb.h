#pragma once
/// The late reverberant tail of one scene's room: one send bus that every source feeds, split
/// into octave bands (power-complementary eighth-order Butterworth crossovers), each band's
/// feedback delay network decaying at the room's RT60 in that band, and the two network outputs
/// filtered into the two ears with the model's diffuse-field power and interaural coherence. Its
/// cost does not depend on how many sources feed it.

#include "dsp/biquad.h"
#include "dsp/partitioned_convolution.h"
#include "render/band_network.h"

#include <memory>
#include <optional>
#include <vector>

namespace stagelab {

class LateReverb
{
public:
    /// `injectionFrame`: frames after a source emits at which its send reaches the networks
    /// (the scene delays each source's send so that its tail takes over from its image sources).
    LateReverb(std::shared_ptr<const PreparedRoom> room, int blockFrames, int64_t injectionFrame);

    /// The send bus of the current block (blockFrames samples), cleared by render().
    float* send() noexcept { return m_send.data(); }
    /// Runs the networks on the send and adds the tail's spectra into the two ear
    /// accumulators (the scene's steady sums). Audio thread; wait-free.
    void render(const RealFft& fft, float* accumulatorLeft, float* accumulatorRight) noexcept;
    /// Frames the tail rings after its last input, to -90 dB.
    int64_t ringFrames() const noexcept { return m_ringFrames; }
    /// The energy correction for a send delayed `extraFrames` beyond the injection frame: the
    /// networks are calibrated for injection then; later input would come out too strong.
    float delayedSendGain(int64_t extraFrames) const noexcept;

private:
    std::shared_ptr<const PreparedRoom> m_room;
    int m_blockFrames;
    PartitionLayout m_diffuseLayout;
    std::vector<BandNetwork> m_networks; // two per band
    std::array<std::array<float, 2>, octaveBandCount> m_bandGains{};
    std::array<float, octaveBandCount> m_correlations{};
    /// Eighth-order Butterworth low and high passes at each crossover (four sections each).
    std::vector<std::array<Biquad, 8>> m_crossovers;
    std::optional<FrequencyDelayLine> m_first, m_second;
    AlignedBuffer m_send, m_remaining, m_band, m_outputs; // m_outputs: [first | second]
    AlignedBuffer m_networkOutputs;                       // one band's two networks
    double m_midDecayPerFrame = 0;
    int64_t m_ringFrames = 0;
};

} // namespace stagelab
