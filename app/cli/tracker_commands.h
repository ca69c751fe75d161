#pragma once
/// stagelab-cli's head-tracker commands: `tracker` (what a tracker sends, live, and a recording
/// of it), `tracker-replay` (a trace sent as a tracker would, so demos and tests need no
/// hardware), and the tracker options `play` and `run` share.

#include "tracking/osc_head_tracker.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace stagelab::cli {

/// A tracker's port and per-axis corrections as options.
struct TrackerSettingOptions
{
    std::vector<std::string> inverted; ///< Axes whose sign is flipped: yaw, pitch, roll.
    double yawOffsetDeg = 0.0, pitchOffsetDeg = 0.0, rollOffsetDeg = 0.0;
    /// Throws UsageError for an unknown axis.
    HeadTrackerSettings settings(const std::string& port) const;
};
/// Adds --invert and --yaw-offset/--pitch-offset/--roll-offset to `command`.
void addTrackerSettingOptions(CLI::App& command, TrackerSettingOptions& options);

struct TrackerOptions
{
    std::string port = "9000";
    TrackerSettingOptions axes;
    double seconds = 0.0; ///< 0 = until Ctrl-C.
    std::string record;   ///< A trace file to write what arrived to.
};

struct ReplayOptions
{
    std::string trace;
    std::string to = "127.0.0.1:9000";
    std::string format = "ypr";
    std::optional<std::vector<double>> hold; ///< Synthetic: yaw,pitch,roll held.
    std::optional<double> sweepDeg;          ///< Synthetic: yaw swinging +-this at 0.2 Hz.
    double seconds = 10.0;                   ///< Of a synthetic trace.
    double rateHz = 100.0;                   ///< Of a synthetic trace.
};

struct TrackerCommands
{
    CLI::App* tracker = nullptr;
    CLI::App* replay = nullptr;
    TrackerOptions trackerOptions;
    ReplayOptions replayOptions;
};
void addTrackerCommands(CLI::App& app, TrackerCommands& commands);

int trackerCommand(const TrackerOptions& options);
int trackerReplayCommand(const ReplayOptions& options);

} // namespace stagelab::cli
