#pragma once
/// The rendering models of DESIGN.md §3 behind one interface, selected by name.
///
/// A model maps a direction to a pair of ear filters (in the convolver's partitioned spectral
/// layout) and may post-process the two ear signals (crossfeed does). Models are immutable after
/// construction and shared between scenes.

#include "dsp/partition_layout.h"
#include "spatial/direction.h"
#include "spatial/hrtf_set.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace stagelab {

class SpatialModel;

/// The built-in room of virtual-speakers when it is given none (image sources, frequency-
/// independent walls, no late tail): what it always rendered, kept so that sessions recorded
/// with it re-render identically. A variant with a room uses that room instead (SpeakerRoom).
struct RoomSettings
{
    double lengthM = 6.0; ///< Along the listener's view (x).
    double widthM = 4.5;  ///< Across (y).
    double heightM = 2.8;
    double absorption = 0.35; ///< Energy absorption coefficient of every wall, 0..1.
    int reflectionOrder = 2;  ///< 0 = anechoic speakers.
};

/// Everything a model may need; each model reads what applies to it.
struct ModelSettings
{
    double sampleRateHz = 48000.0;
    int blockFrames = 128;
    std::shared_ptr<const HrtfSet> hrtf; ///< Loaded from hrtfPath (default set if empty) when null.
    std::string hrtfPath;
    double headRadiusM = 0.0875;     ///< spherical-head.
    double speakerAzimuthDeg = 30.0; ///< virtual-speakers: speakers at ±this.
    double speakerDistanceM = 2.0;   ///< virtual-speakers.
    RoomSettings room;               ///< virtual-speakers' built-in room (without speakerRoom).
    /// virtual-speakers in a room prepared by the render layer (render/model_variant_render.h):
    /// each speaker's binaural room response, and the model the listener hears them through.
    std::shared_ptr<const struct SpeakerRoom> speakerRoom;
    double crossfeedCutoffHz = 700.0; ///< crossfeed: libbs2b's cut-off, 300..2000 Hz, whole Hz.
    double crossfeedLevelDb = 4.5;    ///< crossfeed: libbs2b's feed level, 1..15 dB, 0.1 dB steps.
};

/// A loudspeaker a model plays through (virtual-speakers), seen from the listener.
struct Loudspeaker
{
    Direction direction;
    double distanceM = 0.0;
};

/// virtual-speakers' speakers in a room: ears[speaker][ear] is the response of speaker 0 (left,
/// +azimuth) or 1 (right) at that ear, direct sound at tap 0 followed by the room's reflections
/// (until its late tail takes over, which the scene's room renders).
struct SpeakerRoom
{
    std::array<std::array<std::vector<float>, 2>, 2> ears;
    std::shared_ptr<const SpatialModel> listener; ///< The HRTF model the responses came from.
};

/// Processes the two ear signals of a scene after the mix. One per scene; lives off the audio
/// thread except for process().
class EarBusProcessor
{
public:
    virtual ~EarBusProcessor() = default;
    /// Audio thread; wait-free. `frames` never exceeds the block size the model was made for.
    virtual void process(float* left, float* right, int frames) noexcept = 0;
};

class SpatialModel
{
public:
    virtual ~SpatialModel() = default;
    virtual std::string name() const = 0;
    /// The convolver layout its filters use (block size and partition count).
    const PartitionLayout& layout() const { return m_layout; }
    /// Writes left then right ear filter (layout().pairFloats() floats). Audio thread; wait-free.
    /// hrtf blends the four neighbouring measured spectra (comb filter included); scenes never
    /// ask it for one: they tabulate earImpulseResponses (render/voice_paths.h, sphere_table.h).
    virtual void filterPair(const Direction& direction, float* pair) const noexcept = 0;
    /// The model's ear impulse responses for a direction, computed off the audio thread where
    /// that can do better than filterPair (hrtf: minimum phase from the blended magnitudes, at
    /// the blended onset; hrtf_alignment.h); false = the model has none, filterPair is all. What
    /// scenes tabulate for their voices (render/voice_paths.h). Allocates.
    virtual bool earImpulseResponses(const Direction& /*direction*/,
                                     std::array<std::vector<float>, 2>& /*ears*/) const
    {
        return false;
    }
    /// A fresh ear-bus processor for a scene, or null if the model has none.
    virtual std::unique_ptr<EarBusProcessor> makeEarBusProcessor() const { return nullptr; }
    /// The HRTF set the model renders with, if any (for provenance).
    virtual std::shared_ptr<const HrtfSet> hrtf() const { return nullptr; }
    /// The distance at which a source sounds at its stimulus's level and with the model's own
    /// filters: the HRTF set's measurement distance, else 1.4 m (MIT KEMAR's, so that models
    /// compared in one study place a source at the same level).
    virtual double referenceDistanceM() const
    {
        return hrtf() ? hrtf()->measurementDistanceM() : 1.4;
    }
    /// Whether the model renders a head, so a near source changes its ear signals as the rigid
    /// sphere's near field does (hrtf, spherical-head); panning and diotic models do not.
    virtual bool rendersHead() const { return false; }
    /// The loudspeakers the model plays through (virtual-speakers), or none: a source is then
    /// heard directly. In a room, a loudspeaker model's filters hold the speakers' reflections,
    /// and the room's late tail is fed from the speakers, not from the source's position.
    virtual std::vector<Loudspeaker> loudspeakers() const { return {}; }
    /// The model that renders what reaches the ears in a room (its reflections, the diffuse
    /// field of its tail): the model itself, or the HRTF model virtual-speakers hears through.
    virtual const SpatialModel& roomListener() const { return *this; }
    /// Whether the model holds a room of its own that no scene room may be added to
    /// (virtual-speakers without a room given: its built-in one).
    virtual bool rendersBuiltInRoom() const { return false; }

protected:
    PartitionLayout m_layout;
};

/// A model's name and what it keeps and drops, for --help and the README.
struct ModelDescription
{
    std::string name;
    std::string summary;
};

/// Every model, in a stable order.
const std::vector<ModelDescription>& modelDescriptions();

/// Builds a model by name (off the audio thread). Throws Error for an unknown name (listing the
/// known ones) or a bad HRTF file.
std::shared_ptr<const SpatialModel> createModel(const std::string& name, ModelSettings settings);

} // namespace stagelab
