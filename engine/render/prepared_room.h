#pragma once
/// A room prepared for one model at one sample rate: what every scene in that room shares - the
/// design of its late tail (a feedback delay network per octave band, calibrated to the room's
/// diffuse-field energy, and the filters that give its two ear signals the model's diffuse-field
/// power and interaural coherence) and the reflections of a source at any position.
/// Immutable once built (off the audio thread); share it with shared_ptr<const PreparedRoom>.

#include "spatial/filter_table.h"
#include "spatial/room.h"
#include "spatial/spatial_model.h"

#include <array>
#include <memory>
#include <vector>

namespace stagelab {

/// One octave band's feedback delay network, as designed.
struct BandNetworkDesign
{
    static constexpr int lines = 16;
    std::array<int, lines> delays{};  ///< Frames.
    std::array<float, lines> gains{}; ///< Per pass: 10^(-3 delay / (fs T60)).
    double decayPerFrame = 0;         ///< Energy decay constant k: exp(-k n).
    /// Output energy per frame of the network's impulse response extrapolated to its injection
    /// (measured by running it; the envelope is A exp(-k n)).
    double envelopeAtInjection = 0;
};

class PreparedRoom
{
public:
    /// Throws Error if the model cannot be put in a room (virtual-speakers has its own).
    PreparedRoom(RoomSpec room, std::shared_ptr<const SpatialModel> model, double sampleRateHz);

    const RoomSpec& spec() const { return m_room; }
    const RoomAcoustics& acoustics() const { return m_acoustics; }
    const SpatialModel& model() const { return *m_model; }
    double sampleRateHz() const { return m_sampleRateHz; }

    /// The reflections (image sources, orders 1..N, arriving before the tail) of a source at
    /// `sourceM`, for both ears, as one impulse response each, relative to the direct sound:
    /// tap 0 is when the direct sound arrives, each image is delayed by its extra path
    /// (rounded as the direct's and its own absolute delays are), scaled by
    /// directDistance / imageDistance (the direct path's gain is applied to the voice) and by
    /// its walls' and the air's attenuation beyond `airAlreadyM` (what the voice's signal has
    /// already been filtered with), rendered through the model at its arrival direction.
    std::array<std::vector<float>, 2> reflections(const Vector3& sourceM, double airAlreadyM,
                                                  double referenceM) const;
    /// Where the statistical tail takes over for a source at `sourceM`, in frames after the
    /// source emits (its first missing image order's arrival).
    int64_t tailStartFrames(const Vector3& sourceM) const;

    // The late tail's design -------------------------------------------------------------------
    const std::array<BandNetworkDesign, octaveBandCount>& networks() const { return m_networks; }
    /// Butterworth band edges between the octave bands (geometric means of the centres).
    const std::array<double, octaveBandCount - 1>& crossoversHz() const { return m_crossovers; }
    /// Diffuse-field filters, partitioned at the model's block size: entry 0 = A (sent from the
    /// network's first output to both ears), 1 = B and 2 = -B (its second output, to the left
    /// and the right ear). |A|^2 + |B|^2 is the model's diffuse-field power and
    /// (|A|^2 - |B|^2) / (|A|^2 + |B|^2) its interaural coherence.
    const FilterTable& diffuseFilters() const { return *m_diffuseFilters; }
    /// The diffuse filters' delay (they are linear-phase), in frames.
    int diffuseLatencyFrames() const { return m_diffuseLatency; }
    /// Frames from injection to the networks' first output, through the diffuse filters.
    int tailLatencyFrames() const;
    /// The reverberant energy per frame at emission time (4 pi c / V / fs): the tail's envelope
    /// for a source of unit amplitude at 1 m is this times exp(-k n).
    double reverberantEnergyPerFrame() const { return m_energyPerFrame; }
    /// Frames for the tail to fall 60 dB in the slowest band.
    int64_t longestDecayFrames() const;

private:
    void designNetworks();
    void designDiffuseFilters();

    RoomSpec m_room;
    RoomAcoustics m_acoustics;
    std::shared_ptr<const SpatialModel> m_model;
    double m_sampleRateHz;
    std::array<BandNetworkDesign, octaveBandCount> m_networks{};
    std::array<double, octaveBandCount - 1> m_crossovers{};
    std::unique_ptr<FilterTable> m_diffuseFilters;
    int m_diffuseLatency = 0;
    double m_energyPerFrame = 0;
};

} // namespace stagelab
