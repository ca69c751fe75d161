#pragma once
/// Experiment files ("format": "stagelab.experiment/1", DESIGN.md §5; reference in
/// docs/experiment-format.md): the C++ model and a loader that reports every error at once.

#include "spatial/model_variant.h"
#include "util/json_reader.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

struct DeviceProfile;

/// The distances a distance answer can give on the window's floor plan (its rings, 0.25-16 m;
/// qml/Directions.js draws them): an azimuth-distance block's targets must lie within, or the
/// answers to the nearest and farthest would be clipped and bias the power-law fit.
inline constexpr double answerableNearestM = 0.25;
inline constexpr double answerableFarthestM = 16.0;

/// The value of the "format" field this version reads and writes.
inline constexpr const char* experimentFormat = "stagelab.experiment/1";

/// One stimulus the blocks refer to by id.
struct ExperimentStimulus
{
    std::string id;
    std::string file; ///< As written: a default-set name or a path relative to the experiment.
    std::string path; ///< Resolved absolute path of the audio file.
};

/// A playback device the test blocks are repeated on (headphones, IEMs, loudspeakers).
struct ExperimentDevice
{
    std::string id;
    std::string name;
    std::string kind; ///< "open-back" | "closed-back" | "iem" | "loudspeakers".
    /// As written: a default profile name or a path relative to the experiment; "" = none
    /// (the device plays flat, 0 dB offset).
    std::string profile;
    /// The loaded profile (devices/device_profile.h), or null without one.
    std::shared_ptr<const DeviceProfile> deviceProfile;

    /// Its profile, or a flat one (0 dB offset) when it is listed without.
    DeviceProfile profileOrFlat() const;
};

/// How a stimulus is played in every trial.
struct PlaybackSettings
{
    double durationS = 3.0; ///< Seconds of stimulus played per trial (and per replay).
    int replaysAllowed = 0; ///< Extra plays the listener may ask for before answering.
    /// Seconds after a play's onset before an answer can be confirmed: the listener must have
    /// heard this much of the sound. Unset = the whole of it (durationS).
    std::optional<double> answerAfterS;
    double answerAfterOrDurationS() const { return answerAfterS.value_or(durationS); }
};

/// Rest breaks during test blocks.
struct BreakSettings
{
    int everyTrials = 0;   ///< A break before every N-th test trial; 0 = no breaks.
    double minimumS = 0.0; ///< The break cannot be ended earlier than this.
};

/// How trial orders are randomised (see trial_plan.h for the algorithm).
struct RandomizationSettings
{
    std::string seedPolicy = "per-session"; ///< "fixed" | "per-participant" | "per-session".
    uint64_t seed = 0;                      ///< Used by "fixed" only.
    std::string blockOrder = "fixed";       ///< "fixed" | "random" | "latin-square".
    std::string deviceOrder = "fixed";      ///< "fixed" | "abba" | "latin-square".
    /// Factors whose value must change from one trial to the next within a block: "stimulus",
    /// "model", "azimuthDeg", "elevationDeg", "distanceM", "widthDeg", "distractorCount",
    /// "ensemble", "headTracking".
    std::vector<std::string> noImmediateRepeat;
};

/// Simultaneous distractor sources (other instruments) placed at random per trial.
struct DistractorFactor
{
    std::vector<int> count{0};          ///< Crossed like every other factor.
    std::vector<std::string> stimuli;   ///< Stimulus ids to draw from (never the target's).
    double minimumSeparationDeg = 30.0; ///< Great-circle distance to the target and each other.
};

/// One instrument of an ensemble: a stimulus at its own place on the floor (elevation 0).
struct EnsembleInstrument
{
    std::string stimulus;
    double azimuthDeg = 0.0; ///< SOFA: 0 = front, +90 = left.
    double distanceM = 1.0;  ///< From the head's centre, within the floor plan's rings.

    bool operator==(const EnsembleInstrument&) const = default;
};

/// The instruments a stage-map trial plays together (2-8, distinct stimuli).
struct Ensemble
{
    std::string id;
    std::vector<EnsembleInstrument> instruments;

    bool operator==(const Ensemble&) const = default;
};

/// Instruments an ensemble may hold: two make a stage; more than eight tokens no listener can
/// keep apart in one hearing.
inline constexpr size_t minimumEnsembleSize = 2;
inline constexpr size_t maximumEnsembleSize = 8;

/// The factors crossed (full factorial) in a block.
struct BlockFactors
{
    std::vector<std::string> stimulus; ///< Stimulus ids.
    std::vector<std::string> model{"hrtf"};
    std::vector<double> azimuthDeg{0.0}; ///< SOFA: 0 = front, +90 = left.
    std::vector<double> elevationDeg{0.0};
    /// From the head's centre; 0 = the model's reference distance (the HRTF set's measurement
    /// distance), where stimuli sound at their own level.
    std::vector<double> distanceM{0.0};
    std::vector<double> widthDeg{0.0}; ///< Source width; 0 = point source.
    DistractorFactor distractors;
    /// Stage-map blocks: the ensembles played (the block's only factor besides model); empty
    /// elsewhere. A stage-map block's `stimulus` is {""}: its sounds are the instruments'.
    std::vector<Ensemble> ensemble;
    /// Dynamic rendering: "off" (the scene turns with the head, as headphones always did) and
    /// "on" (the scene stays put while a tracked head turns); both levels compare the two
    /// within a participant. Default: the experiment's `headTracking`.
    std::vector<std::string> headTracking{"off"};
};

/// A run of trials of one kind.
struct ExperimentBlock
{
    std::string id;
    std::string name;
    /// "localization" | "width" | "externalization" | "stage-map".
    std::string kind;
    bool training = false; ///< Training blocks run first, once, on the first device.
    bool feedback = false; ///< Show the true position after each response.
    /// "azimuth" | "azimuth-elevation" | "azimuth-distance" | "head-pointing" (localization),
    /// "width-edges" (width), "externalization" (externalization), "stage-map" (stage-map).
    std::string responseMode;
    /// Asked after the block's own answer on the same trial: "externalization".
    std::vector<std::string> alsoAsk;
    /// Shown to the listener before the block (with the experiment's `instructions`).
    std::string instructions;
    int repetitions = 1;
    BlockFactors factors;

    /// Full-factorial trial count: product of the factor sizes × repetitions.
    int64_t trialCount() const;
};

/// A validated experiment file.
struct Experiment
{
    std::string id;
    std::string title;
    std::string description;  ///< For the experimenter (Start page, reports); never the listener.
    std::string instructions; ///< For the listener: shown before every block.
    std::vector<ExperimentStimulus> stimuli;
    std::vector<ExperimentDevice>
        devices;      ///< May be empty: the device is then not part of the plan.
    std::string hrtf; ///< Resolved SOFA path; empty = the default set.
    /// The blocks' default `factors.headTracking`: "off" | "on".
    std::string headTracking = "off";
    /// Head-pointing answers: how near straight ahead (great circle) the head must be before a
    /// trial plays, in degrees.
    double faceFrontToleranceDeg = 5.0;
    double sampleRateHz = 48000.0;
    double levelLufs = -23.0;
    PlaybackSettings playback;
    BreakSettings breaks;
    RandomizationSettings randomization;
    std::vector<ExperimentBlock> blocks;
    /// Rooms the file defines ("rooms": {"id": {a stagelab.room/1 room}}), by id.
    std::map<std::string, RoomSpec> rooms;
    /// Named model variants ("models": {"name": {"model": ..., parameters, "room": ...}}).
    std::map<std::string, ModelVariant> models;

    std::string folder;      ///< Folder relative paths were resolved against.
    nlohmann::json document; ///< The parsed file, for the copy kept in every result header.
    std::string contentHash; ///< experimentContentHash(document).

    /// Whether a head tracker is needed: a block renders head-tracked or answers by head.
    bool needsHeadTracker() const;
    /// The stimulus with this id, or null.
    const ExperimentStimulus* findStimulus(const std::string& id) const;
    /// The device with this id, or null.
    const ExperimentDevice* findDevice(const std::string& id) const;
    /// The block with this id, or null.
    const ExperimentBlock* findBlock(const std::string& id) const;
    /// What trials call `name`: a named variant, else the model of that name with its
    /// defaults and no room.
    ModelVariant modelVariant(const std::string& name) const;
};

/// The outcome of loading: the experiment, or every error found.
struct ExperimentLoad
{
    std::optional<Experiment> experiment; ///< Set exactly when errors is empty.
    std::vector<ValidationError> errors;
    std::string contentHash; ///< Set whenever the text parsed as JSON.

    bool ok() const { return experiment.has_value(); }
    /// All errors, one per line: "<path>: <message>".
    std::string errorText() const;
};

/// Reads and validates an experiment file; relative paths resolve against its folder.
ExperimentLoad loadExperiment(const std::string& path);

/// Validates experiment JSON text; relative paths resolve against `baseFolder`.
ExperimentLoad loadExperimentFromString(const std::string& text, const std::string& baseFolder);

/// Validates an already parsed document; relative paths resolve against `baseFolder`.
ExperimentLoad loadExperimentFromJson(const nlohmann::json& document,
                                      const std::string& baseFolder);

/// SHA-256 (lower-case hex) of the canonical text of a document: nlohmann's compact dump(),
/// which sorts keys, so whitespace and key order do not change the hash but any value does.
std::string experimentContentHash(const nlohmann::json& document);

} // namespace stagelab
