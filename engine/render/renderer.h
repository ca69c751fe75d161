#pragma once
/// The real-time render graph: active scenes mixed block by block, then the device's output
/// stage and the master gain; driven by commands from a control thread through a wait-free
/// queue, reporting events back through another. It is the AudioSource an AudioOutput plays.

#include "audio/audio_source.h"
#include "dsp/aligned_buffer.h"
#include "dsp/output_stage.h"
#include "render/scene.h"
#include "tracking/head_orientation.h"
#include "util/spsc_queue.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace stagelab {

/// A command for the audio thread. What it hands over it owns (a scene, an output stage), so
/// ownership is in the type; moving a command never allocates, and the audio thread always moves
/// what a command owns on (into a slot, or back through a retire queue), never frees it.
struct RenderCommand
{
    enum class Type : uint8_t {
        StartScene,
        StopScene,
        StopAll,
        SetGain,
        SetOutputStage,
        SetHeadSource
    };
    Type type = Type::StopAll;
    std::unique_ptr<Scene> scene;             ///< StartScene.
    std::unique_ptr<OutputStage> outputStage; ///< SetOutputStage; null = flat at 0 dB.
    uint64_t sceneId = 0;                     ///< StopScene.
    int64_t frame = 0;                        ///< StartScene/StopScene/StopAll: when (absolute).
    float gainDb = 0.0f;                      ///< SetGain: master gain.
    float rampS = 0.0f;                       ///< SetGain: linear ramp length.
    /// SetHeadSource: where head-tracked scenes read the head's orientation (null = facing
    /// front); kept alive by the renderer's control side until the audio thread has let go.
    const LatestOrientation* headSource = nullptr;
    uint64_t headSourceSerial = 0;
};
static_assert(std::is_nothrow_move_constructible_v<RenderCommand>);

/// Something that happened on the audio thread, stamped with the frame it happened at.
struct RenderEvent
{
    /// OutputStageChanged: a new output stage (device EQ and level) is fully in, at `frame`.
    enum class Type : uint8_t { Onset, End, Rejected, LateCallback, Underrun, OutputStageChanged };
    Type type = Type::Onset;
    uint64_t sceneId = 0;
    int64_t frame = 0;
    float processingMs = 0.0f; ///< LateCallback: time spent in the callback.
    float periodMs = 0.0f;     ///< LateCallback: time since the previous callback.
};
static_assert(std::is_trivially_copyable_v<RenderEvent>);

class Renderer final : public AudioSource
{
public:
    static constexpr int maxActiveScenes = 8;

    Renderer(double sampleRateHz, int blockFrames);
    /// Frees every scene and stage. Only once no audio thread calls process() any more.
    ~Renderer() override;
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    double sampleRateHz() const noexcept override { return m_sampleRateHz; }
    int blockFrames() const noexcept { return m_blockFrames; }

    // Control thread -------------------------------------------------------------------------
    /// Hands `scene` to the audio thread to start at absolute `frame` (a past frame means the
    /// next block). Returns its id. Throws Error if the queue is full or the block sizes differ.
    uint64_t startScene(std::unique_ptr<Scene> scene, int64_t frame);
    void stopScene(uint64_t sceneId, int64_t frame);
    void stopAll(int64_t frame);
    void setGain(double gainDb, double rampS);
    /// Hands a device's output stage (EQ + level) to the audio thread; null = flat at 0 dB.
    /// The new stage first runs in the background for its warm-up (so its filters hold the
    /// recent signal, not silence), then old and new outputs crossfade (raised cosine, about
    /// 10 ms): no click. An OutputStageChanged event reports when it is fully in. A stage sent
    /// while another is still warming up replaces that one. While no scene is active and the
    /// stage in force has rung out, the new stage takes over at once (there is nothing to
    /// crossfade: both would output silence). Throws Error if the block sizes differ or the
    /// queue is full.
    void setOutputStage(std::unique_ptr<OutputStage> stage);
    /// Where head-tracked scenes read the listener's head from, each block (a head tracker's
    /// OscHeadTracker::orientationSource()); null = none (the head faces front). The newest
    /// orientation written before a block starts is in that block's output (crossfaded over
    /// it). Throws Error if the queue is full.
    void setHeadSource(std::shared_ptr<const LatestOrientation> source);
    /// The orientation the last rendered block was heard with (for a panel or a test).
    HeadOrientation renderedHead() const noexcept;
    /// Next event, if any; also frees what the audio thread has finished with.
    bool pollEvent(RenderEvent& event);
    /// Frees the scenes and stages the audio thread has finished with (also done by pollEvent
    /// and before every hand-over); returns how many.
    int reclaimScenes();
    /// The frame the next rendered block starts at.
    int64_t currentFrame() const noexcept { return m_frame.load(std::memory_order_acquire); }

    // Audio thread ---------------------------------------------------------------------------
    /// Renders `frames` stereo frames (interleaved L/R) of any count. Audio thread; wait-free.
    void process(float* interleaved, int frames) noexcept override;
    /// Renders exactly one block into `left`/`right` (overwriting them). Audio thread; wait-free.
    void renderBlock(float* left, float* right) noexcept;
    /// Underruns and late callbacks become events stamped with the frame the callback began at.
    /// Audio thread; wait-free.
    void onUnderrun() noexcept override;
    void onLateCallback(float processingMs, float periodMs) noexcept override;

private:
    void post(RenderCommand&& command);
    void handleCommands() noexcept;
    void reportEvent(const RenderEvent& event) noexcept;
    void retire(std::unique_ptr<Scene>& scene) noexcept;
    void retire(std::unique_ptr<OutputStage>& stage) noexcept;
    /// Runs the output stage(s) on the mixed block, crossfading during a change.
    void applyOutputStage(float* left, float* right) noexcept;

    double m_sampleRateHz;
    int m_blockFrames;
    SpscQueue<RenderCommand> m_commands;
    SpscQueue<RenderEvent> m_events;
    SpscQueue<std::unique_ptr<Scene>> m_retiredScenes;
    SpscQueue<std::unique_ptr<OutputStage>> m_retiredStages;
    std::array<std::unique_ptr<Scene>, maxActiveScenes> m_active{};
    std::array<bool, maxActiveScenes> m_onsetSent{};
    std::atomic<int64_t> m_frame{0};
    // Head tracking: the source the audio thread reads (audio thread), the sources handed over
    // (control thread; each freed once the audio thread has taken a later one), and what the
    // last block heard, published for renderedHead().
    const LatestOrientation* m_headSource = nullptr;
    HeadOrientation m_head;
    LatestOrientation m_renderedHead;
    std::vector<std::pair<uint64_t, std::shared_ptr<const LatestOrientation>>> m_headSources;
    uint64_t m_headSerial = 0;
    std::atomic<uint64_t> m_headSerialTaken{0};
    int64_t m_callbackFrame = 0; ///< Where the current process() call began (audio thread).
    // Master gain ramp (audio thread state).
    float m_gain = 1.0f;
    float m_gainTarget = 1.0f;
    float m_gainStep = 0.0f;
    int m_gainRampLeft = 0;
    // Output stage (device EQ + level): the one in force, and one warming up / fading in.
    std::unique_ptr<OutputStage> m_stage;
    std::unique_ptr<OutputStage> m_nextStage;
    bool m_stageChangePending = false; ///< m_nextStage (possibly null = flat) is on its way in.
    int m_warmUpLeft = 0;              ///< Blocks before the crossfade starts.
    int m_fadeFrame = 0;               ///< Frames of the crossfade done.
    int m_fadeFrames = 0;
    int m_silentBlocks = 1 << 30; ///< Blocks since a scene was last active.
    AlignedBuffer m_dryLeft, m_dryRight;
    // Block FIFO for process() callers whose buffer size is not the block size.
    AlignedBuffer m_left, m_right;
    int m_blockRead = 0;
};

} // namespace stagelab
