#include "session/trial_player.h"

#include "session/scene_preparer.h"

#include "util/error.h"

#include <chrono>
#include <cmath>
#include <thread>

namespace stagelab {

namespace {

class VirtualTrialPlayer final : public TrialPlayer
{
public:
    explicit VirtualTrialPlayer(const Experiment& experiment)
        : m_experiment(experiment), m_builder(experiment, sessionBlockFrames)
    {}
    int64_t play(const PlannedTrial& trial) override
    {
        m_builder.load(trial);
        const int64_t onset = m_frame;
        m_frame += std::llround(m_experiment.playback.durationS * m_experiment.sampleRateHz);
        return onset;
    }
    PlayStats waitUntilDone() override { return {}; }
    bool pollPlayback(PlayStats&) override { return true; }
    void checkDevice() override {}
    void playCalibration(CalibrationSignal) override {}
    void stopSound() override {}
    void setGainDb(double) override {}
    void loadInputs(const TrialPlan& plan) override { m_builder.loadInputs(plan); }
    int64_t currentFrame() const override { return m_frame; }
    void advance(double seconds) override
    {
        m_frame += std::llround(seconds * m_experiment.sampleRateHz);
    }
    double sampleRateHz() const override { return m_experiment.sampleRateHz; }
    nlohmann::json describe() override
    {
        return {{"mode", "virtual"},
                {"api", nullptr},
                {"device", nullptr},
                {"sampleRateHz", m_experiment.sampleRateHz},
                {"bufferFrames", nullptr}};
    }
    nlohmann::json hrtf() override { return m_builder.hrtfJson(); }
    nlohmann::json stimuli() override { return m_builder.stimuliJson(); }

private:
    const Experiment& m_experiment;
    TrialSceneBuilder m_builder;
    int64_t m_frame = 0;
};

class RealtimeTrialPlayer final : public TrialPlayer
{
public:
    RealtimeTrialPlayer(const Experiment& experiment, const AudioOutputSettings& settings,
                        int blockFrames)
        : m_builder(experiment, blockFrames), m_renderer(experiment.sampleRateHz, blockFrames),
          m_output(m_renderer, settings)
    {
        m_output.start();
    }
    ~RealtimeTrialPlayer() override { m_output.stop(); }
    int64_t play(const PlannedTrial& trial) override
    {
        m_renderer.stopAll(m_renderer.currentFrame()); // a replay cuts the previous play short
        // Late callbacks from before this play (calibration, a break, the last answer) are not
        // this trial's.
        for (RenderEvent stale; m_renderer.pollEvent(stale);) {
        }
        std::unique_ptr<Scene> scene = m_preparer.take(trial);
        if (!scene) scene = m_builder.build(trial, ++m_scenes); // not prepared: built now
        const int64_t onset = m_renderer.currentFrame() + 2 * m_renderer.blockFrames();
        m_playing = m_renderer.startScene(std::move(scene), onset);
        m_ended = false;
        return onset;
    }
    void prepare(const PlannedTrial& trial) noexcept override
    {
        m_preparer.prepare(trial, ++m_scenes);
    }
    double outputLatencyS() const override { return m_output.deviceLatencyMs() / 1000.0; }
    bool scenePrepared(const PlannedTrial& trial) const override { return m_preparer.ready(trial); }
    bool sceneBuilding(const PlannedTrial& trial) const override
    {
        return m_preparer.building(trial);
    }
    void loadInputs(const TrialPlan& plan) override { m_builder.loadInputs(plan); }
    PlayStats waitUntilDone() override
    {
        PlayStats stats;
        while (!pollPlayback(stats))
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return stats;
    }
    bool pollPlayback(PlayStats& stats) override
    {
        RenderEvent event;
        while (m_renderer.pollEvent(event)) {
            stats.lateCallbacks += event.type == RenderEvent::Type::LateCallback;
            stats.underruns += event.type == RenderEvent::Type::Underrun;
            m_ended =
                m_ended || (event.type == RenderEvent::Type::End && event.sceneId == m_playing);
        }
        checkDevice();
        return m_ended;
    }
    void checkDevice() override
    {
        if (const std::string failure = m_output.failure(); !failure.empty()) throw Error(failure);
    }
    void playCalibration(CalibrationSignal signal) override
    {
        m_renderer.stopAll(m_renderer.currentFrame());
        m_playing = m_renderer.startScene(m_builder.buildCalibration(signal, ++m_scenes),
                                          m_renderer.currentFrame() + 2 * m_renderer.blockFrames());
        m_ended = false;
    }
    void stopSound() override
    {
        m_renderer.stopAll(m_renderer.currentFrame());
        m_renderer.reclaimScenes();
    }
    void setGainDb(double gainDb) override { m_renderer.setGain(gainDb, 0.05); }
    int64_t currentFrame() const override { return m_renderer.currentFrame(); }
    void advance(double) override {}
    double sampleRateHz() const override { return m_renderer.sampleRateHz(); }
    nlohmann::json describe() override
    {
        return {{"mode", "realtime"},
                {"api", m_output.apiName()},
                {"device", m_output.deviceId()},
                {"deviceName", m_output.deviceName()},
                {"sampleRateHz", m_renderer.sampleRateHz()},
                {"bufferFrames", m_output.bufferFrames()},
                {"deviceLatencyMs", m_output.deviceLatencyMs()}};
    }
    nlohmann::json hrtf() override { return m_builder.hrtfJson(); }
    nlohmann::json stimuli() override { return m_builder.stimuliJson(); }
    void setHeadSource(std::shared_ptr<const LatestOrientation> source) override
    {
        m_renderer.setHeadSource(std::move(source));
    }
    void setOutputStage(const OutputStageSpec& stage, double playbackGainDb) override
    {
        // Built here, off the audio thread; the renderer warms it up and crossfades to it.
        m_renderer.setOutputStage(std::make_unique<OutputStage>(stage, m_renderer.sampleRateHz(),
                                                                m_renderer.blockFrames()));
        m_renderer.setGain(playbackGainDb, 0.05);
    }

private:
    TrialSceneBuilder m_builder;
    Renderer m_renderer;
    AudioOutput m_output;
    ScenePreparer m_preparer{m_builder}; // destroyed first: its builds use the builder
    uint64_t m_scenes = 0;
    uint64_t m_playing = 0;
    bool m_ended = true;
};

/// Stands in after an output failed to reopen: every use reports why, nothing dereferences null.
class UnavailableTrialPlayer final : public TrialPlayer
{
public:
    UnavailableTrialPlayer(std::string reason, double sampleRateHz)
        : m_reason(std::move(reason)), m_rate(sampleRateHz)
    {}
    int64_t play(const PlannedTrial&) override { throw Error(m_reason); }
    PlayStats waitUntilDone() override { throw Error(m_reason); }
    bool pollPlayback(PlayStats&) override { throw Error(m_reason); }
    void checkDevice() override { throw Error(m_reason); }
    void playCalibration(CalibrationSignal) override { throw Error(m_reason); }
    void loadInputs(const TrialPlan&) override {}
    void stopSound() override {}
    void setGainDb(double) override {}
    int64_t currentFrame() const override { return 0; }
    void advance(double) override {}
    double sampleRateHz() const override { return m_rate; }
    nlohmann::json describe() override { return {{"mode", "unavailable"}, {"reason", m_reason}}; }
    nlohmann::json hrtf() override { return nullptr; }
    nlohmann::json stimuli() override { return nlohmann::json::array(); }

private:
    std::string m_reason;
    double m_rate;
};

} // namespace

std::unique_ptr<TrialPlayer> makeUnavailableTrialPlayer(std::string reason, double sampleRateHz)
{
    return std::make_unique<UnavailableTrialPlayer>(std::move(reason), sampleRateHz);
}

std::unique_ptr<TrialPlayer> makeVirtualTrialPlayer(const Experiment& experiment)
{
    return std::make_unique<VirtualTrialPlayer>(experiment);
}

std::unique_ptr<TrialPlayer> makeRealtimeTrialPlayer(const Experiment& experiment,
                                                     const AudioOutputSettings& output,
                                                     int blockFrames)
{
    return std::make_unique<RealtimeTrialPlayer>(experiment, output, blockFrames);
}

} // namespace stagelab
