#pragma once
/// The subcommands of stagelab-cli. Each returns the process exit code (0 ok, 1 failure);
/// usage mistakes are thrown as UsageError (exit code 2).

#include "cli/scene_options.h"
#include "cli/tracker_commands.h"

#include <string>
#include <vector>

namespace stagelab::cli {

int listDevices(bool json);
int showHrtfInfo(const std::string& path, bool json);
int listModels(bool json);

struct RoomInfoOptions
{
    std::string room;
    std::vector<double> distancesM{0.5, 1.0, 2.0, 4.0, 8.0};
    double referenceM = 1.4; ///< MIT KEMAR's measurement distance.
    bool json = false;
};
int showRoomInfo(const RoomInfoOptions& options);

struct RenderOptions
{
    SceneOptions scene;
    std::string output;
    std::string session;            ///< A session file: render one of its trials as it played.
    std::optional<int> trial;       ///< With `session`: the trial's index.
    bool sceneOptionsGiven = false; ///< Any scene option (they do not apply to `session`).
};
int render(const RenderOptions& options);

struct PlayOptions
{
    SceneOptions scene;
    std::string device;
    int bufferFrames = 128;
    std::string fallbackOutput = "stagelab-play.wav";
    bool fallback = true;
    std::string headTrackerPort; ///< "" = no head tracking.
    TrackerSettingOptions trackerAxes;
};
int play(PlayOptions options);

} // namespace stagelab::cli
