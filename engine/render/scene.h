#pragma once
/// A scene: one or more sources rendered through one spatial model, prepared off the audio thread
/// and then rendered block by block (by the real-time callback or the offline writer alike).

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "dsp/partitioned_convolution.h"
#include "io/stimulus.h"
#include "render/prepared_room.h"
#include "spatial/acoustics.h"
#include "spatial/spatial_model.h"
#include "tracking/head_orientation.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

class LateReverb;

/// One source of a scene.
struct SourceSpec
{
    std::shared_ptr<const Stimulus> stimulus;
    Direction direction;
    double widthDeg = 0.0; ///< Azimuth extent; > 0 makes a wide source of decorrelated copies.
    int widthCopies = 0;   ///< Copies for a wide source; 0 = automatic (one per 15 deg, 3..9).
    double gainDb = 0.0;
    /// From the head's centre; 0 = the model's reference distance (the HRTF set's measurement
    /// distance), where the source sounds as it does without distance rendering.
    double distanceM = 0.0;
    double rotateDegPerS = 0.0; ///< Azimuth speed (+ = towards the left, counter-clockwise).
    bool loop = false;          ///< Repeat the stimulus until the scene ends.
};

/// What to render.
struct SceneSpec
{
    std::shared_ptr<const SpatialModel> model;
    std::vector<SourceSpec> sources;
    double durationS = 0.0; ///< 0 = until the longest non-looping source ends.
    double rampS = 0.010;   ///< Raised-cosine onset and offset ramps.
    /// Moving sources get a new interpolated filter (crossfaded over one block) once their
    /// direction has moved this far, in degrees; 0 = every block. 0.5 deg is well below the
    /// minimum audible angle (about 1 deg straight ahead, more for moving sources).
    double directionUpdateDeg = 0.5;
    /// The room the sources are in (prepared for `model`); null = anechoic.
    std::shared_ptr<const PreparedRoom> room = nullptr;
    /// Delay every source by its distance / c; unset = only in a room (where the direct sound
    /// must arrive before its reflections).
    std::optional<bool> propagationDelay = std::nullopt;
    /// Dynamic rendering: the sources stay put in the room while the listener's head turns
    /// (the orientation render() is given each block): every source's direct sound is rendered
    /// at its head-relative direction (yaw, pitch and roll), its reflections for the head's yaw
    /// (the room turns about the listener as a whole; they are heard far less sharply), the
    /// late tail as it is (diffuse). Changes crossfade over one block as a moving source's do.
    /// Needs a model that renders a head at every direction (hrtf, spherical-head). A source
    /// nearer than 95 % of the reference distance (the near field) is looked up at its
    /// head-relative azimuth but its own elevation.
    bool headTracking = false;
};

/// Throws Error if a spec cannot be rendered (no model, no sources, bad angle, NaN gain, ...).
void validateScene(const SceneSpec& spec);

/// Prepared state of a scene. Construct and destroy off the audio thread; render() on it.
class Scene
{
public:
    /// Validates and prepares `spec` (decorrelated copies, buffers, initial filters).
    Scene(const SceneSpec& spec, double sampleRateHz, uint64_t id);
    ~Scene();
    Scene(const Scene&) = delete;
    Scene& operator=(const Scene&) = delete;

    uint64_t id() const noexcept { return m_id; }
    int blockFrames() const noexcept { return m_layout.blockFrames; }
    /// Frames from start until the sound ends (offset ramp included); -1 if it loops forever.
    int64_t soundFrames() const noexcept { return m_endFrame; }
    /// Frames the scene rings after the sound ends: its filters, its sources' propagation
    /// delays and its room's tail.
    int64_t tailFrames() const noexcept { return m_tailFrames; }

    /// Sets the absolute frame of the scene's first sample. Audio thread; wait-free.
    void setStartFrame(int64_t frame) noexcept { m_startFrame = frame; }
    int64_t startFrame() const noexcept { return m_startFrame; }
    /// Begins the offset ramp at absolute `frame` (or now, if that has passed). Audio thread.
    void stopAt(int64_t frame) noexcept;
    /// Absolute frame at which the sound ends, or -1 while unknown (looping, not stopped).
    int64_t endFrame() const noexcept { return m_endFrame < 0 ? -1 : m_startFrame + m_endFrame; }

    /// Adds one block starting at absolute frame `blockStart` into `left`/`right`, heard by a
    /// head oriented as `head` (read by a head-tracked scene only). Returns false once the
    /// scene (with its filter tail) is over. Audio thread; wait-free.
    bool render(int64_t blockStart, float* left, float* right,
                const HeadOrientation& head = {}) noexcept;

private:
    struct Voice;
    /// The onset and offset ramps at `sceneFrame` for a sound ending at `endFrame` (-1: open).
    float envelope(int64_t sceneFrame, int64_t endFrame) const noexcept;
    /// Multiplies `samples` by the envelope of the frames from `firstFrame` on.
    void applyEnvelope(int64_t firstFrame, float* samples) const noexcept;

    uint64_t m_id;
    double m_sampleRateHz;
    double m_rampFrames;
    double m_directionUpdateDeg;
    bool m_rendered = false; ///< A head-tracked scene's first block takes its filters unfaded.
    std::shared_ptr<const SpatialModel> m_model;
    PartitionLayout m_layout;
    std::unique_ptr<RealFft> m_fft;
    std::vector<std::unique_ptr<Voice>> m_voices;
    std::unique_ptr<EarBusProcessor> m_earBus;
    std::unique_ptr<LateReverb> m_lateReverb; // null without a room
    /// Frequency-domain sums per ear for steady voices and for both sides of a crossfade.
    AlignedBuffer m_accumulators; // [group][ear][re|im]
    AlignedBuffer m_timeScratch;
    AlignedBuffer m_fadeIn;      // raised cosine over one block
    AlignedBuffer m_earOut;      // [ear][block]
    AlignedBuffer m_sendScratch; // a voice's block on its way to the room's tail
    int64_t m_startFrame = 0;
    int64_t m_endFrame = -1; // relative to start; -1 = not yet known
    int64_t m_tailFrames = 0;
};

} // namespace stagelab
