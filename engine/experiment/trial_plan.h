#pragma once
/// Trial plans: the full, ordered trial list of one session, a pure function of (experiment,
/// its content hash, participant id, seed, participant number). DESIGN.md §5; the algorithm is
/// fixed and documented in docs/experiment-format.md ("Trial plans") so that any session can be
/// regenerated. "format": "stagelab.plan/1" in JSON.

#include "experiment/experiment.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace stagelab {

/// A simultaneous distractor source in one trial.
struct PlannedDistractor
{
    std::string stimulus;
    double azimuthDeg = 0, elevationDeg = 0;
};

/// One trial as the session will present it.
struct PlannedTrial
{
    int index = 0; // 0-based position in the session
    std::string blockId;
    int blockIndex = 0; // position of the block in this participant's order
    std::string kind;   // "localization" | "width" | "externalization" | "stage-map"
    bool training = false, feedback = false;
    // "azimuth" | "azimuth-elevation" | "azimuth-distance" | "head-pointing" | "width-edges" |
    // "externalization" | "stage-map"
    std::string responseMode;
    // stimulus "" in a stage-map trial (its instruments play); device "" without devices
    std::string stimulus, model, device;
    double azimuthDeg = 0, elevationDeg = 0, widthDeg = 0;
    double distanceM = 0;                        // 0 = the model's reference distance
    std::vector<PlannedDistractor> distractors;  // at the reference distance
    std::vector<std::string> alsoAsk;            // "externalization" after the block's answer
    std::string ensemble;                        // stage-map: the ensemble's id
    std::vector<EnsembleInstrument> instruments; // stage-map: what plays where
    int repetition = 0;
    bool headTracking = false;       // the scene stays put while a tracked head turns
    bool breakBefore = false;        // a break is due before this trial
    bool deviceSwitchBefore = false; // the device changes before this trial ("Put on: <device>")
};

/// The session's trial list and how it was derived.
struct TrialPlan
{
    std::string experimentId, experimentHash, participantId;
    uint64_t seed = 0;                   ///< The effective seed (after the seed policy).
    std::vector<std::string> blockOrder; ///< Block ids: training blocks, then test blocks in order.
    std::vector<std::string>
        deviceOrder; ///< Device ids per segment (ABBA lists A, B, B, A); empty without devices.
    std::vector<PlannedTrial> trials;
};

/// The value of the "format" field of a plan in JSON.
inline constexpr const char* trialPlanFormat = "stagelab.plan/1";

/// The seed the plan uses under the experiment's seed policy: "fixed" → the experiment's seed,
/// "per-participant" → participantSeed(participantId), "per-session" → `sessionSeed`.
uint64_t effectiveSeed(const Experiment& experiment, const std::string& participantId,
                       uint64_t sessionSeed);

/// The per-participant seed: the first 8 bytes, big-endian, of SHA-256(participantId).
uint64_t participantSeed(const std::string& participantId);

/// The text whose SHA-256 seeds the generator: experimentHash + "\n" + participant + "\n" +
/// decimal seed. Under "fixed" the participant part is empty, so every participant gets the
/// same orders (only the Latin squares still follow the participant number).
std::string planRandomKey(const Experiment& experiment, const std::string& experimentHash,
                          const std::string& participantId, uint64_t seed);

/// Builds the session's trial list. Pure: same arguments, same plan, bit for bit.
/// `seed` is the session seed (used by "per-session"); `participantNumber` (1-based) picks the
/// Latin-square rows. Throws Error naming the block when the order constraints or the
/// distractor separation cannot be met within the algorithm's bounded attempts.
TrialPlan makeTrialPlan(const Experiment& experiment, const std::string& experimentHash,
                        const std::string& participantId, uint64_t seed, int participantNumber);

/// One trial as JSON: the shape shared by plans and by the trial records of session files.
nlohmann::json plannedTrialToJson(const PlannedTrial& trial);
/// Reads plannedTrialToJson()'s shape; throws Error naming the missing or mistyped field.
PlannedTrial plannedTrialFromJson(const nlohmann::json& json);

/// The plan as JSON ("format": "stagelab.plan/1").
nlohmann::json toJson(const TrialPlan& plan);

/// Reads a plan written by toJson(); throws Error naming the field on a malformed plan.
TrialPlan trialPlanFromJson(const nlohmann::json& json);

/// A readable text table of the plan (one line per trial), for `stagelab-cli plan`.
std::string describePlanTable(const TrialPlan& plan);

} // namespace stagelab
