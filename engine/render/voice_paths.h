#pragma once
/// What a source's distance and the scene's room add to one point emitter (a source, or one
/// decorrelated copy of a wide source), prepared off the audio thread:
///  - level: the inverse-distance law, reference / distance (-6.02 dB per doubling), relative
///    to the model's reference distance at which stimuli sound at their own level;
///  - propagation delay: distance / c, rounded to the frame (on in a room, where the direct
///    sound must arrive before its reflections; optional otherwise);
///  - air absorption (ISO 9613-1) beyond the reference distance, applied to the signal itself
///    (the same for both ears and every direction);
///  - the near field (Duda & Martens' rigid sphere) for models that render a head, closer than
///    the reference: each ear's filter is the model's filter times that ear's distance
///    variation function, so the ILD grows as the source nears one ear;
///  - reflections: the image sources of the room, rendered through the model (PreparedRoom).
/// The direct sound is tabulated wherever the model can give better filters off the audio thread
/// than on it (SpatialModel::earImpulseResponses; hrtf's interpolation without comb filtering):
/// one entry for a source that stays put, its whole circle for a moving one, the whole sphere
/// (render/sphere_table.h) for one heard by a tracked head or moving beyond the scene's budget of
/// circles. A voice then switches to the nearest entry (crossfaded): no filter is blended on the
/// audio thread. A source heard by a tracked head keeps its reflections for every head yaw (5 deg
/// apart).

#include "render/prepared_room.h"
#include "render/sphere_table.h"
#include "spatial/filter_table.h"
#include "spatial/spatial_model.h"

#include <map>
#include <memory>
#include <vector>

namespace stagelab {

/// Ear filter pairs tabulated over azimuth at one elevation (one entry for a static emitter).
class DirectionTable
{
public:
    /// `filters[i]` holds left and right impulse responses for azimuth i * stepDeg (or the one
    /// direction when stepDeg is 0); partitioned at `blockFrames`.
    DirectionTable(const std::vector<std::array<std::vector<float>, 2>>& filters, double stepDeg,
                   int blockFrames);
    const PartitionLayout& layout() const { return m_table.layout(); }
    /// Writes the pair for `azimuthDeg`: linear between the two nearest entries. Audio thread;
    /// wait-free.
    void filterPair(double azimuthDeg, float* pair) const noexcept;
    /// The entry nearest `azimuthDeg`, and its pair (left then right ear, layout().pairFloats()
    /// floats). Audio thread; wait-free.
    int nearestEntry(double azimuthDeg) const noexcept;
    const float* entryPair(int entry) const noexcept { return m_table.filter(2 * entry); }

private:
    FilterTable m_table;
    double m_stepDeg;
    int m_entries;
};

struct VoicePaths
{
    float distanceGain = 1.0f;
    int64_t delayFrames = 0;
    double signalAirM = 0.0;                      ///< Air path the signal itself is filtered with.
    std::shared_ptr<const DirectionTable> direct; ///< Null: the sphere, else filterPair.
    /// The model's sphere table (not with `direct`); null with `direct` or for a model
    /// without impulse responses, whose filterPair is all it has.
    std::shared_ptr<const SphereTable> sphere;
    std::unique_ptr<DirectionTable> reflections; ///< Null: no room.
    /// The reflections table is indexed by the head's yaw (head tracking), not the source's
    /// azimuth.
    bool reflectionsByHeadYaw = false;
    int64_t tailStartFrames = 0; ///< In a room: when its tail takes over.
};

/// What to prepare one emitter for.
struct VoicePathRequest
{
    Direction direction;
    double distanceM = 0.0; ///< Already resolved (never 0).
    bool moving = false;    ///< Tabulate around the circle at its elevation.
    /// The listener's head turns (head tracking): the near field is tabulated around the
    /// circle (looked up at the head-relative azimuth), the reflections over the head's yaw.
    /// Not together with `moving` in a room (that table would be two-dimensional).
    bool headTracked = false;
    bool propagationDelay = false;
    double sampleRateHz = 48000.0;
    /// A moving source's direct table spacing: the scene's direction update step, at least 1 deg
    /// (finer would cost memory and change nothing audible), rounded to divide the circle.
    double updateStepDeg = 1.0;
};

/// The direct tables of a scene's moving voices, shared between voices on one circle (a wide
/// source's copies, sources at one elevation), within a memory budget.
struct DirectTableShare
{
    std::map<std::pair<double, double>, std::shared_ptr<const DirectionTable>> byCircle;
    size_t bytes = 0;
    bool modelHasNoResponses = false; ///< Its earImpulseResponses gave none: no tables to build.
    std::shared_ptr<const SphereTable> sphere; ///< SphereTable::of(model), once asked for.
    /// Beyond it (a scene of many moving sources at as many elevations), moving voices take the
    /// model's sphere table (entries up to 0.71 deg off, not 0.5): 256 MiB is 64 circles of MIT
    /// KEMAR at 48 kHz in 128-frame blocks.
    static constexpr size_t budgetBytes = size_t(256) << 20;
};

/// Throws Error naming `label` if the emitter (anywhere on its circle, when moving) is outside
/// the room.
VoicePaths prepareVoicePaths(const SpatialModel& model, const PreparedRoom* room,
                             const VoicePathRequest& request, const std::string& label,
                             DirectTableShare& share);

/// Filters `samples` with the air's absorption over `pathM` (minimum phase); a looping signal
/// is filtered circularly, so its loop joins without a step.
std::vector<float> absorbInAir(const std::vector<float>& samples, double pathM, double sampleRateHz,
                               bool loop);

/// Beyond how far past the reference a source's air absorption is applied: 0.25 m of air takes
/// less than 0.03 dB even at 16 kHz.
inline constexpr double airAbsorptionThresholdM = 0.25;

} // namespace stagelab
