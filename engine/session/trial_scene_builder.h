#pragma once
/// Builds the scenes a session plays: each planned trial's (target, distractors, model, the
/// experiment's playback duration) and the calibration page's reference noise.

#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "render/prepared_model.h"
#include "render/scene.h"
#include "render/sphere_table.h"
#include "spatial/hrtf_set.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace stagelab {

/// What the calibration page plays: the reference pink noise in both ears (until stopped), or a
/// short burst of it in one ear for the left/right check.
enum class CalibrationSignal { BothEars, LeftEar, RightEar };

/// Models and stimuli are made once and shared by every scene. Thread-safe: trial scenes are
/// built on a background thread (ScenePreparer) while the GUI thread builds calibration scenes
/// and asks for the HRTF's provenance.
class TrialSceneBuilder
{
public:
    TrialSceneBuilder(const Experiment& experiment, int blockFrames);
    /// The trial's scene; stimuli loop to fill the experiment's playback duration.
    std::unique_ptr<Scene> build(const PlannedTrial& trial, uint64_t sceneId);
    /// What build() makes its scene of (also what an offline re-render of the trial renders).
    SceneSpec sceneSpec(const PlannedTrial& trial);
    /// The reference pink noise (default set) at the experiment's loudness: diotic and looping
    /// for BothEars, a 1.5-s burst panned fully to one ear otherwise. It has models of its own,
    /// so it never waits for a trial's HRTF to load.
    std::unique_ptr<Scene> buildCalibration(CalibrationSignal signal, uint64_t sceneId);
    /// Loads what the trial needs (model, stimuli) without building its scene: fails the same
    /// way build() would on a missing stimulus or a bad model.
    void load(const PlannedTrial& trial);
    /// Loads every model and stimulus the plan uses and checks every source is inside its
    /// room (so a bad file or position is refused before a session file exists, and the HRTF
    /// in use is known before the first play); builds head-tracked models' sphere tables.
    void loadInputs(const TrialPlan& plan);
    /// Provenance of the HRTF set in use (null if no model loaded so far uses one).
    nlohmann::json hrtfJson();
    /// Provenance of the stimuli loaded so far, by id: file, SHA-256, the file's rate and
    /// channels, and the gain loudness normalisation applied (an array, sorted by id).
    nlohmann::json stimuliJson();

private:
    /// Callers hold m_mutex.
    const PreparedModel& model(const std::string& name);
    std::shared_ptr<const Stimulus> stimulus(const std::string& id);
    PreparedModel makeModel(const std::string& name);
    /// Throws Error naming the trial unless its sources are inside its model's room.
    void checkInsideRoom(const PlannedTrial& trial);
    const Experiment& m_experiment;
    int m_blockFrames;
    std::mutex m_mutex; // the caches below, for trial scenes
    std::shared_ptr<const HrtfSet> m_hrtf;
    std::map<std::string, PreparedModel> m_models; // by the name trials use (variant or model)
    std::map<std::string, std::shared_ptr<const Stimulus>> m_stimuli;
    std::vector<std::shared_ptr<const SphereTable>> m_spheres; // head-tracked models' (loadInputs)
    std::mutex m_calibrationMutex;                             // the calibration page's own
    std::map<std::string, std::shared_ptr<const SpatialModel>> m_calibrationModels;
    std::shared_ptr<const Stimulus> m_calibrationReference;
};

} // namespace stagelab
