#pragma once
// Helpers shared by the trial-plan test suites: experiments from the shipped files or inline
// JSON (the default stimulus set provides the audio), and views of a plan.

#include "experiment/experiment.h"
#include "experiment/trial_plan.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <string>
#include <vector>

namespace plantest {

using namespace stagelab;
using Json = nlohmann::json;

/// Whether `load` reports an error at JSON path `path` whose message contains `fragment`.
inline bool hasError(const ExperimentLoad& load, const std::string& path, const QString& fragment)
{
    for (const ValidationError& error : load.errors)
        if (error.jsonPath == path && QString::fromStdString(error.message).contains(fragment))
            return true;
    return false;
}

inline const std::string experimentsFolder = STAGELAB_SOURCE_DIR "/stimuli/experiments/";

inline std::optional<Experiment> loadFile(const std::string& name)
{
    ExperimentLoad load = loadExperiment(experimentsFolder + name);
    if (!load.ok()) qWarning("%s", load.errorText().c_str());
    return load.experiment;
}

/// An experiment from inline JSON; the default stimulus set provides the files.
inline std::optional<Experiment> loadJson(const Json& document)
{
    ExperimentLoad load = loadExperimentFromJson(document, experimentsFolder);
    if (!load.ok()) qWarning("%s", load.errorText().c_str());
    return load.experiment;
}

inline Json stimuli()
{
    return Json::array({{{"id", "piano"}, {"file", "piano"}},
                        {{"id", "violin"}, {"file", "violin"}},
                        {{"id", "trumpet"}, {"file", "trumpet"}},
                        {{"id", "bass"}, {"file", "bass"}},
                        {{"id", "drums"}, {"file", "drum-kit"}}});
}

/// Test blocks b0..b(n-1) (2 stimuli x 3 azimuths) after a 3-trial training block.
inline Json blocksExperiment(int testBlocks, const Json& randomization,
                             const Json& devices = Json::array())
{
    Json blocks =
        Json::array({{{"id", "train"},
                      {"kind", "localization"},
                      {"training", true},
                      {"factors", {{"stimulus", {"piano"}}, {"azimuthDeg", {0, 90, -90}}}}}});
    for (int b = 0; b < testBlocks; ++b)
        blocks.push_back(
            {{"id", "b" + std::to_string(b)},
             {"kind", "localization"},
             {"factors", {{"stimulus", {"piano", "violin"}}, {"azimuthDeg", {0, 45, 90}}}}});
    return {{"format", "stagelab.experiment/1"},
            {"id", "orders"},
            {"title", "t"},
            {"stimuli", stimuli()},
            {"devices", devices},
            {"randomization", randomization},
            {"blocks", blocks}};
}

/// The test blocks in the order a plan runs them (first appearance), without training.
inline std::vector<std::string> testBlockSequence(const TrialPlan& plan)
{
    std::vector<std::string> sequence;
    for (const PlannedTrial& trial : plan.trials)
        if (!trial.training && (sequence.empty() || sequence.back() != trial.blockId))
            sequence.push_back(trial.blockId);
    return sequence;
}

/// The device segments of a plan, read off the test trials: a segment starts where the device
/// changes or the block order starts again (ABBA's B B; needs at least two test blocks).
inline std::vector<std::string> deviceSegments(const TrialPlan& plan)
{
    std::vector<std::string> segments;
    const PlannedTrial* previous = nullptr;
    for (const PlannedTrial& trial : plan.trials) {
        if (trial.training) continue;
        if (!previous || trial.device != previous->device ||
            trial.blockIndex < previous->blockIndex)
            segments.push_back(trial.device);
        previous = &trial;
    }
    return segments;
}

inline std::string cellKey(const PlannedTrial& t)
{
    return t.blockId + "|" + t.device + "|" + t.stimulus + "|" + t.model + "|" +
           std::to_string(t.azimuthDeg) + "|" + std::to_string(t.elevationDeg) + "|" +
           std::to_string(t.widthDeg) + "|" + std::to_string(t.distractors.size());
}

} // namespace plantest
