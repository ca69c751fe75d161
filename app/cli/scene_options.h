#pragma once
/// The scene options shared by `render` and `play`, and their translation into a SceneSpec.

#include "render/scene.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stagelab::cli {

/// A mistake in how the command was called (exit code 2), as opposed to a failure (exit code 1).
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// One `--source` (or the single-source options), before stimuli are loaded.
struct SourceOptions
{
    std::string stimulus = "acoustic-guitar";
    double azimuthDeg = 0.0;
    double elevationDeg = 0.0;
    double widthDeg = 0.0;
    double gainDb = 0.0;
    double distanceM = 0.0; ///< 0 = the model's reference distance.
    double rotateDegPerS = 0.0;
};

struct SceneOptions
{
    std::string model = "hrtf";
    std::string hrtf;
    std::string room; ///< A preset or a room file; "" = anechoic.
    /// The model's parameters (ModelVariant); unset = its defaults.
    std::optional<double> speakerAzimuthDeg, speakerDistanceM, headRadiusM, crossfeedCutoffHz,
        crossfeedLevelDb;
    std::optional<bool> propagationDelay;
    double sampleRateHz = 48000.0;
    int blockFrames = 128;
    std::optional<double> durationS;
    SourceOptions single;
    std::vector<std::string> sources; ///< Raw --source strings.
    bool singleGiven = false;         ///< Any of the single-source options was used.
};

/// Adds the scene options to a subcommand.
void addSceneOptions(CLI::App& command, SceneOptions& options);

/// Parses "stimulus=NAME,azimuth=DEG,..." (throws UsageError naming the bad key or value).
SourceOptions parseSourceOption(const std::string& text);

/// Builds the scene: validates values (UsageError), loads the model and stimuli (Error).
/// Sources loop when a duration longer than them is given.
SceneSpec buildScene(const SceneOptions& options);

/// The demo: a guitar circling the head, two turns at 45 deg/s.
SceneOptions demoScene();

} // namespace stagelab::cli
