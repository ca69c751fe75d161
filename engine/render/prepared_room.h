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

/// One feedback delay network of an octave band, as designed.
struct BandNetworkDesign
{
    static constexpr int maximumLines = 64;
    int lines = 16;                          ///< A power of two (Hadamard feedback).
    std::array<int, maximumLines> delays{};  ///< Frames.
    std::array<float, maximumLines> gains{}; ///< Per pass: 10^(-3 delay / (fs T)).
    double decayPerFrame = 0;                ///< Energy decay constant k: exp(-k n).
    /// Output energy per frame of the network's impulse response extrapolated to its injection
    /// (measured by running it; the envelope is A exp(-k n)).
    double envelopeAtInjection = 0;
};

/// An octave band of the tail: two independent networks, one per output (the two signals the
/// diffuse filters make the ears from), and their residual correlation in the band.
struct BandDesign
{
    std::array<BandNetworkDesign, 2> networks;
    double correlation = 0; ///< Of the two outputs in the band, removed from the second.
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
    /// already been filtered with), rendered through the model at its arrival direction as a
    /// head turned `headYawDeg` (+ = left) hears it.
    std::array<std::vector<float>, 2> reflections(const Vector3& sourceM, double airAlreadyM,
                                                  double referenceM, double headYawDeg = 0.0) const;
    /// Where the statistical tail takes over for a source at `sourceM`, in frames after the
    /// source emits (its first missing image order's arrival).
    int64_t tailStartFrames(const Vector3& sourceM) const;

    // The late tail's design -------------------------------------------------------------------
    const std::array<BandDesign, octaveBandCount>& bands() const { return m_bands; }
    /// Butterworth band edges between the octave bands (geometric means of the centres).
    const std::array<double, octaveBandCount - 1>& crossoversHz() const { return m_crossovers; }
    /// Diffuse-field filters, partitioned at the model's block size: 0 and 1 take the first
    /// network output to the left and right ear, 2 and 3 the second. Each ear gets the model's
    /// diffuse-field power, the two its interaural coherence, whatever the networks' own
    /// colouration and residual correlation (measured at design, by third octave).
    const FilterTable& diffuseFilters() const { return *m_diffuseFilters; }
    /// The diffuse filters' delay (they are linear-phase), in frames.
    int diffuseLatencyFrames() const { return m_diffuseLatency; }
    /// The output gain of band `band`'s network `output` for a send injected `injectionFrame`
    /// frames after its source emits: its envelope then meets the room's energy decay.
    float bandGain(int band, int output, int64_t injectionFrame) const;
    /// Frames from injection to the networks' first output, through the diffuse filters.
    int tailLatencyFrames() const;
    /// The reverberant energy per frame at emission time (4 pi c / V / fs): the tail's envelope
    /// for a source of unit amplitude at 1 m is this times exp(-k n).
    double reverberantEnergyPerFrame() const { return m_energyPerFrame; }
    /// Frames for the tail to fall 60 dB in the slowest band.
    int64_t longestDecayFrames() const;

private:
    void designNetworks();
    void designDiffuseFilters(const std::array<std::vector<double>, 3>& colouration);
    int diffuseFilterTaps() const;
    std::array<std::vector<float>, 2> simulateOutputs(int size) const;
    std::array<std::vector<double>, 3>
    outputColouration(const std::array<std::vector<float>, 2>& outputs) const;
    std::array<std::array<double, 2>, octaveBandCount>
    whitenedDecays(const std::array<std::vector<float>, 2>& outputs,
                   const std::array<std::vector<double>, 3>& colouration) const;

    RoomSpec m_room;
    RoomAcoustics m_acoustics;
    std::shared_ptr<const SpatialModel> m_model;
    double m_sampleRateHz;
    std::array<BandDesign, octaveBandCount> m_bands{};
    /// Each network's decay time (the room's, tuned by the measured T20s).
    std::array<std::array<double, 2>, octaveBandCount> m_decays{};
    std::array<double, octaveBandCount - 1> m_crossovers{};
    std::unique_ptr<FilterTable> m_diffuseFilters;
    int m_diffuseLatency = 0;
    double m_energyPerFrame = 0;
};

} // namespace stagelab
