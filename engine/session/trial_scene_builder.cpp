#include "session/trial_scene_builder.h"

#include "render/sphere_table.h"
#include "spatial/room.h"
#include "util/error.h"

#include <set>

namespace stagelab {

TrialSceneBuilder::TrialSceneBuilder(const Experiment& experiment, int blockFrames)
    : m_experiment(experiment), m_blockFrames(blockFrames)
{}

PreparedModel TrialSceneBuilder::makeModel(const std::string& name)
{
    const ModelVariant variant = m_experiment.modelVariant(name);
    ModelSettings settings;
    settings.sampleRateHz = m_experiment.sampleRateHz;
    settings.blockFrames = m_blockFrames;
    settings.hrtfPath = m_experiment.hrtf;
    if (variant.model == "hrtf" || variant.model == "virtual-speakers") {
        if (!m_hrtf)
            m_hrtf = HrtfSet::load(m_experiment.hrtf.empty() ? HrtfSet::defaultPath()
                                                             : m_experiment.hrtf,
                                   m_experiment.sampleRateHz);
        settings.hrtf = m_hrtf;
    }
    try {
        return prepareModel(variant, settings);
    } catch (const Error& error) {
        throw Error("model '" + name + "': " + error.what());
    }
}

const PreparedModel& TrialSceneBuilder::model(const std::string& name)
{
    auto& model = m_models[name];
    if (!model.model) model = makeModel(name);
    return model;
}

void TrialSceneBuilder::checkInsideRoom(const PlannedTrial& trial)
{
    const PreparedModel& prepared = model(trial.model);
    // Through loudspeakers a source is a phantom image; only the speakers are in the room.
    if (!prepared.room || !prepared.model->loudspeakers().empty()) return;
    const double reference = prepared.model->referenceDistanceM();
    const RoomSpec& room = prepared.room->spec();
    const std::string label = "trial " + std::to_string(trial.index) + " (block '" + trial.blockId +
                              "', model '" + trial.model + "')";
    const double targetM = trial.distanceM > 0.0 ? trial.distanceM : reference;
    if (trial.instruments.empty())
        checkArcInsideRoom(room, {trial.azimuthDeg, trial.elevationDeg}, trial.widthDeg, targetM,
                           label + ": its target");
    for (const EnsembleInstrument& instrument : trial.instruments)
        stagelab::checkInsideRoom(
            room, roomPosition(room, {instrument.azimuthDeg, 0.0}, instrument.distanceM),
            label + ": instrument '" + instrument.stimulus + "'");
    for (const PlannedDistractor& distractor : trial.distractors)
        stagelab::checkInsideRoom(
            room, roomPosition(room, {distractor.azimuthDeg, distractor.elevationDeg}, reference),
            label + ": distractor '" + distractor.stimulus + "'");
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
    return std::make_unique<Scene>(sceneSpec(trial), m_experiment.sampleRateHz, sceneId);
}

SceneSpec TrialSceneBuilder::sceneSpec(const PlannedTrial& trial)
{
    SceneSpec spec;
    spec.durationS = m_experiment.playback.durationS;
    spec.headTracking = trial.headTracking;
    {
        // Only the lookups (and first loads) are serialised; scenes are built concurrently.
        std::lock_guard lock(m_mutex);
        const PreparedModel& prepared = model(trial.model);
        spec.model = prepared.model;
        spec.room = prepared.room;
        auto addSource = [&](const std::string& id, Direction direction, double widthDeg,
                             double distanceM) {
            SourceSpec source;
            source.stimulus = stimulus(id);
            source.direction = direction;
            source.widthDeg = widthDeg;
            source.distanceM = distanceM;
            source.loop = spec.durationS > source.stimulus->durationS();
            spec.sources.push_back(source);
        };
        // A stage map plays its instruments together (or one alone: a copy of the trial with
        // that instrument only); every other trial plays its target.
        if (trial.instruments.empty())
            addSource(trial.stimulus, {trial.azimuthDeg, trial.elevationDeg}, trial.widthDeg,
                      trial.distanceM);
        for (const EnsembleInstrument& instrument : trial.instruments)
            addSource(instrument.stimulus, {instrument.azimuthDeg, 0.0}, 0.0, instrument.distanceM);
        for (const PlannedDistractor& distractor : trial.distractors)
            addSource(distractor.stimulus, {distractor.azimuthDeg, distractor.elevationDeg}, 0.0,
                      0.0);
    }
    return spec;
}

std::unique_ptr<Scene> TrialSceneBuilder::buildCalibration(CalibrationSignal signal,
                                                           uint64_t sceneId)
{
    SceneSpec spec;
    SourceSpec source;
    {
        std::lock_guard lock(m_calibrationMutex);
        auto& reference = m_calibrationReference;
        if (!reference) {
            StimulusSettings settings;
            settings.sampleRateHz = m_experiment.sampleRateHz;
            settings.targetLoudnessLufs = m_experiment.levelLufs;
            reference = loadStimulus(resolveStimulus("pink-noise"), settings);
        }
        // stereo-pan puts a lateral angle of +-90 deg entirely into one ear.
        const std::string name = signal == CalibrationSignal::BothEars ? "diotic" : "stereo-pan";
        auto& model = m_calibrationModels[name];
        if (!model) {
            ModelSettings settings;
            settings.sampleRateHz = m_experiment.sampleRateHz;
            settings.blockFrames = m_blockFrames;
            model = createModel(name, settings);
        }
        spec.model = model;
        source.stimulus = reference;
    }
    source.loop = true;
    if (signal == CalibrationSignal::BothEars) {
        spec.durationS = 0.0; // until stopped
    } else {
        source.direction = {signal == CalibrationSignal::LeftEar ? 90.0 : -90.0, 0.0};
        spec.durationS = 1.5;
    }
    spec.sources.push_back(source);
    return std::make_unique<Scene>(spec, m_experiment.sampleRateHz, sceneId);
}

void TrialSceneBuilder::load(const PlannedTrial& trial)
{
    std::lock_guard lock(m_mutex);
    model(trial.model);
    if (trial.instruments.empty()) stimulus(trial.stimulus);
    for (const EnsembleInstrument& instrument : trial.instruments)
        stimulus(instrument.stimulus);
    for (const PlannedDistractor& distractor : trial.distractors)
        stimulus(distractor.stimulus);
}

void TrialSceneBuilder::loadInputs(const TrialPlan& plan)
{
    std::set<std::string> models, stimuli;
    for (const PlannedTrial& trial : plan.trials) {
        models.insert(trial.model);
        if (trial.instruments.empty()) stimuli.insert(trial.stimulus);
        for (const EnsembleInstrument& instrument : trial.instruments)
            stimuli.insert(instrument.stimulus);
        for (const PlannedDistractor& distractor : trial.distractors)
            stimuli.insert(distractor.stimulus);
    }
    std::lock_guard lock(m_mutex);
    for (const std::string& name : models)
        model(name);
    for (const std::string& id : stimuli)
        stimulus(id);
    for (const PlannedTrial& trial : plan.trials)
        checkInsideRoom(trial);
    // Head-tracked trials hear their sources through the model's sphere table: seconds to
    // build, so here (the session opening, with its progress shown) rather than at the first
    // Play; kept for the session.
    std::set<std::string> tracked;
    for (const PlannedTrial& trial : plan.trials)
        if (trial.headTracking) tracked.insert(trial.model);
    for (const std::string& name : tracked)
        if (auto sphere = SphereTable::of(*model(name).model))
            m_spheres.push_back(std::move(sphere));
}

nlohmann::json TrialSceneBuilder::hrtfJson()
{
    std::lock_guard lock(m_mutex);
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

nlohmann::json TrialSceneBuilder::stimuliJson()
{
    std::lock_guard lock(m_mutex);
    nlohmann::json stimuli = nlohmann::json::array();
    for (const auto& [id, stimulus] : m_stimuli)
        if (stimulus)
            stimuli.push_back({{"id", id},
                               {"file", stimulus->file},
                               {"sha256", stimulus->sha256},
                               {"fileSampleRateHz", stimulus->fileSampleRateHz},
                               {"fileChannels", stimulus->fileChannels},
                               {"appliedGainDb", stimulus->appliedGainDb}});
    return stimuli;
}

} // namespace stagelab
