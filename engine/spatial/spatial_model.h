#pragma once
/// The rendering models of DESIGN.md §3 behind one interface, selected by name.
///
/// A model maps a direction to a pair of ear filters (in the convolver's partitioned spectral
/// layout) and may post-process the two ear signals (crossfeed does). Models are immutable after
/// construction and shared between scenes.

#include "dsp/partition_layout.h"
#include "spatial/direction.h"
#include "spatial/hrtf_set.h"

#include <memory>
#include <string>
#include <vector>

namespace stagelab {

/// A shoebox room for the virtual-speakers model (image sources, frequency-independent walls).
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
    RoomSettings room;
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
    virtual void filterPair(const Direction& direction, float* pair) const noexcept = 0;
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
    /// Whether scenes may put this model in a room (virtual-speakers has a room of its own).
    virtual bool acceptsRoom() const { return true; }

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
