#include "session/trial_player.h"

#include "util/error.h"

#include <chrono>
#include <cmath>
#include <thread>

namespace stagelab {

TrialSceneBuilder::TrialSceneBuilder(const Experiment& experiment, int blockFrames)
    : m_experiment(experiment), m_blockFrames(blockFrames)
{}

std::shared_ptr<const SpatialModel> TrialSceneBuilder::model(const std::string& name)
{
    auto& model = m_models[name];
    if (!model) {
        ModelSettings settings;
        settings.sampleRateHz = m_experiment.sampleRateHz;
        settings.blockFrames = m_blockFrames;
        settings.hrtfPath = m_experiment.hrtf;
        if (name == "hrtf" || name == "virtual-speakers") {
            if (!m_hrtf)
                m_hrtf = HrtfSet::load(m_experiment.hrtf.empty() ? HrtfSet::defaultPath()
                                                                 : m_experiment.hrtf,
                                       m_experiment.sampleRateHz);
            settings.hrtf = m_hrtf;
        }
        model = createModel(name, settings);
    }
    return model;
}

std::shared_ptr<const Stimulus> TrialSceneBuilder::stimulus(const std::string& id)
{
    auto& stimulus = m_stimuli[id];
    if (!stimulus) {
        const ExperimentStimulus* entry = m_experiment.findStimulus(id);
        if (!entry) throw Error("the experiment has no stimulus '" + id + "'");
        StimulusSettings settings;
        settings.sampleRateHz = m_experiment.sampleRateHz;
        settings.targetLoudnessLufs = m_experiment.levelLufs;
        stimulus = loadStimulus(entry->path, settings);
    }
    return stimulus;
}

std::unique_ptr<Scene> TrialSceneBuilder::build(const PlannedTrial& trial, uint64_t sceneId)
{
    SceneSpec spec;
    spec.model = model(trial.model);
    spec.durationS = m_experiment.playback.durationS;
    auto addSource = [&](const std::string& id, Direction direction, double widthDeg) {
        SourceSpec source;
        source.stimulus = stimulus(id);
        source.direction = direction;
        source.widthDeg = widthDeg;
        source.loop = spec.durationS > source.stimulus->durationS();
        spec.sources.push_back(source);
    };
    addSource(trial.stimulus, {trial.azimuthDeg, trial.elevationDeg}, trial.widthDeg);
    for (const PlannedDistractor& distractor : trial.distractors)
        addSource(distractor.stimulus, {distractor.azimuthDeg, distractor.elevationDeg}, 0.0);
    return std::make_unique<Scene>(spec, m_experiment.sampleRateHz, sceneId);
}

std::unique_ptr<Scene> TrialSceneBuilder::buildCalibration(CalibrationSignal signal,
                                                           uint64_t sceneId)
{
    SceneSpec spec;
    SourceSpec source;
    auto& reference = m_calibrationReference;
    if (!reference) {
        StimulusSettings settings;
        settings.sampleRateHz = m_experiment.sampleRateHz;
        settings.targetLoudnessLufs = m_experiment.levelLufs;
        reference = loadStimulus(resolveStimulus("pink-noise"), settings);
    }
    source.stimulus = reference;
    source.loop = true;
    if (signal == CalibrationSignal::BothEars) {
        spec.model = model("diotic");
        spec.durationS = 0.0; // until stopped
    } else {
        // stereo-pan puts a lateral angle of +-90 deg entirely into one ear.
        spec.model = model("stereo-pan");
        source.direction = {signal == CalibrationSignal::LeftEar ? 90.0 : -90.0, 0.0};
        spec.durationS = 1.5;
    }
    spec.sources.push_back(source);
    return std::make_unique<Scene>(spec, m_experiment.sampleRateHz, sceneId);
}

void TrialSceneBuilder::prepare(const PlannedTrial& trial)
{
    model(trial.model);
    stimulus(trial.stimulus);
    for (const PlannedDistractor& distractor : trial.distractors)
        stimulus(distractor.stimulus);
}

nlohmann::json TrialSceneBuilder::hrtfJson()
{
    if (!m_hrtf) return nullptr;
    const HrtfInfo& info = m_hrtf->info();
    return {{"file", info.file},
            {"sha256", info.sha256},
            {"name", info.name},
            {"measurements", info.measurements},
            {"irLength", info.irLength},
            {"sampleRateHz", info.sampleRateHz},
            {"attributes", info.attributes}};
}

namespace {

class VirtualTrialPlayer final : public TrialPlayer
{
public:
    explicit VirtualTrialPlayer(const Experiment& experiment)
        : m_experiment(experiment), m_builder(experiment, 128)
    {}
    int64_t play(const PlannedTrial& trial) override
    {
        m_builder.prepare(trial);
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
        const int64_t onset = m_renderer.currentFrame() + 2 * m_renderer.blockFrames();
        m_playing = m_renderer.startScene(m_builder.build(trial, ++m_scenes), onset);
        m_ended = false;
        return onset;
    }
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
    void stopSound() override {}
    void setGainDb(double) override {}
    int64_t currentFrame() const override { return 0; }
    void advance(double) override {}
    double sampleRateHz() const override { return m_rate; }
    nlohmann::json describe() override { return {{"mode", "unavailable"}, {"reason", m_reason}}; }
    nlohmann::json hrtf() override { return nullptr; }

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
