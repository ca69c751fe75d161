#pragma once
/// Readers of the sections of an experiment file (internal to engine/experiment). Each reports
/// every problem through the JsonReader and fills what it could read.

#include "experiment/experiment.h"
#include "util/json_reader.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace stagelab {

/// Reads document["blocks"] into experiment.blocks, checking every reference against the
/// experiment's stimuli and the registered models; stimuli and devices must be read first.
void readBlocks(JsonReader& reader, const nlohmann::json& document, Experiment& experiment);

/// Reads a stage-map block's "ensemble" factor: ensembles of 2-8 distinct stimuli, each at an
/// azimuth and a distance a listener can answer on the floor plan, no two at one place.
/// Returns nullopt (having reported why) when any is bad.
std::optional<std::vector<Ensemble>> readEnsembles(JsonReader& reader, const Experiment& experiment,
                                                   const nlohmann::json& value,
                                                   const std::string& path);

/// Reads "rooms" and "models" (the named model variants and the rooms they are in).
void readModels(JsonReader& reader, const nlohmann::json& document, Experiment& experiment);

/// Reports every target of `block` (at a distance given in its factors) that stands outside
/// its model's room, at the distance level's path; targets at the reference distance are
/// checked when a session loads its models (the reference is the HRTF set's).
void checkTargetsInsideRooms(JsonReader& reader, const Experiment& experiment,
                             const std::string& path, const ExperimentBlock& block);

/// Relative paths name files next to the experiment (so a study folder can be moved or shared
/// as a whole); the process's working directory never matters.
std::filesystem::path besideExperiment(const std::string& folder, const std::string& file);

/// Reads "playback" and "breaks".
void readSettings(JsonReader& reader, const nlohmann::json& document, Experiment& experiment);

/// Reads "randomization"; devices must be read first (the device order depends on them).
void readRandomization(JsonReader& reader, const nlohmann::json& document, Experiment& experiment);

/// A block may not hold more trials than this: larger counts are typos (a stray zero), and a
/// plan of that size would take minutes to build and days to run.
inline constexpr int64_t maximumBlockTrials = 200000;
/// Levels one factor may list: far beyond any design (360 azimuths at 1-deg steps), small enough
/// to check at once.
inline constexpr size_t maximumFactorLevels = 10000;

} // namespace stagelab
