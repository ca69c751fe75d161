#pragma once
/// `plan` and `run`: trial plans and listening sessions from the command line.

#include "cli/tracker_commands.h"
#include "session/simulated_listener.h"

#include <cstdint>
#include <optional>
#include <string>

namespace stagelab::cli {

struct PlanOptions
{
    std::string experiment, participant;
    uint64_t seed = 0;
    bool json = false;
};
int planCommand(const PlanOptions& options);

struct RunOptions
{
    std::string experiment, participant, results = "results", resume, simulate, device;
    std::optional<uint64_t> seed;
    int bufferFrames = 128;
    int paceMs = 0; ///< Simulated: pause between trials (for demos and tests).
    SimulatedListenerSettings listener;
    std::string headTrackerPort; ///< "" = no head tracker.
    TrackerSettingOptions trackerAxes;
};
int runCommand(const RunOptions& options);

} // namespace stagelab::cli
