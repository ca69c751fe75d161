#include "cli/tracker_commands.h"

#include "cli/scene_options.h"
#include "tracking/head_trace.h"
#include "util/error.h"
#include "util/files.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <thread>

namespace stagelab::cli {

namespace {
std::atomic<bool> g_stop{false};

void onStop(int)
{
    g_stop = true;
}

using Clock = std::chrono::steady_clock;

/// The trace a replay sends: a file's, or a synthetic one.
std::vector<TimedOrientation> traceToSend(const ReplayOptions& options)
{
    const int given =
        !options.trace.empty() + options.hold.has_value() + options.sweepDeg.has_value();
    if (given != 1) throw UsageError("give one of: a TRACE file, --hold Y,P,R or --sweep DEG");
    if (!options.trace.empty()) return readHeadTrace(options.trace);
    if (!(options.seconds > 0.0 && options.seconds <= 86400.0))
        throw UsageError("--seconds must be above 0 and at most 86400");
    if (!(options.rateHz >= 1.0 && options.rateHz <= 1000.0))
        throw UsageError("--rate must be 1 to 1000 Hz");
    HeadOrientation held;
    if (options.hold) {
        const std::vector<double>& v = *options.hold;
        if (v.size() != 3) throw UsageError("--hold takes yaw,pitch,roll in degrees");
        held = {v[0], v[1], v[2]};
    }
    std::vector<TimedOrientation> trace;
    const auto count = size_t(std::llround(options.seconds * options.rateHz));
    for (size_t i = 0; i <= count; ++i) {
        const double t = double(i) / options.rateHz;
        HeadOrientation head = held;
        if (options.sweepDeg)
            head.yawDeg = *options.sweepDeg * std::sin(2.0 * std::numbers::pi * 0.2 * t);
        trace.push_back({t, head});
    }
    return trace;
}

void printStatus(const OscHeadTracker& tracker, double elapsedS, uint64_t perSecond)
{
    HeadOrientation head;
    int64_t stamp = 0;
    const HeadTrackerCounts counts = tracker.counts();
    char line[256];
    if (tracker.latest(head, stamp))
        std::snprintf(line, sizeof line,
                      "%7.1f s  %4llu packets/s  yaw %+7.1f  pitch %+6.1f  "
                      "roll %+7.1f",
                      elapsedS, static_cast<unsigned long long>(perSecond), head.yawDeg,
                      head.pitchDeg, head.rollDeg);
    else
        std::snprintf(line, sizeof line, "%7.1f s  nothing yet", elapsedS);
    std::cout << line;
    const uint64_t refused =
        counts.unknown + counts.wrongTypes + counts.badValues + counts.malformed;
    if (refused > 0)
        std::cout << "  refused: " << counts.unknown << " unknown address, " << counts.wrongTypes
                  << " wrong arguments, " << counts.badValues << " bad values, " << counts.malformed
                  << " malformed";
    std::cout << std::endl;
}
} // namespace

HeadTrackerSettings TrackerSettingOptions::settings(const std::string& port) const
{
    HeadTrackerSettings settings;
    settings.port = port;
    for (const std::string& axis : inverted) {
        if (axis == "yaw")
            settings.yaw.sign = -1.0;
        else if (axis == "pitch")
            settings.pitch.sign = -1.0;
        else if (axis == "roll")
            settings.roll.sign = -1.0;
        else
            throw UsageError("--invert: unknown axis '" + axis + "' (yaw, pitch, roll)");
    }
    settings.yaw.offsetDeg = yawOffsetDeg;
    settings.pitch.offsetDeg = pitchOffsetDeg;
    settings.roll.offsetDeg = rollOffsetDeg;
    return settings;
}

void addTrackerSettingOptions(CLI::App& command, TrackerSettingOptions& options)
{
    command
        .add_option("--invert", options.inverted,
                    "Flip these axes of the tracker (yaw,pitch,roll) after its address's own "
                    "mapping")
        ->delimiter(',');
    command.add_option("--yaw-offset", options.yawOffsetDeg, "Added to the tracker's yaw (deg)");
    command.add_option("--pitch-offset", options.pitchOffsetDeg,
                       "Added to the tracker's pitch (deg)");
    command.add_option("--roll-offset", options.rollOffsetDeg, "Added to the tracker's roll (deg)");
}

void addTrackerCommands(CLI::App& app, TrackerCommands& commands)
{
    TrackerOptions& tracker = commands.trackerOptions;
    commands.tracker = app.add_subcommand(
        "tracker", "Listen for a head tracker (OSC over UDP: /ypr, /quaternion, "
                   "/SceneRotator/ypr, /SceneRotator/quaternions, /rendering/htrpy, /recenter) "
                   "and print what arrives, once a second, in Stagelab's convention (yaw + = "
                   "head turned LEFT)");
    commands.tracker->add_option("--port", tracker.port, "UDP port")->capture_default_str();
    addTrackerSettingOptions(*commands.tracker, tracker.axes);
    commands.tracker->add_option("--seconds", tracker.seconds, "Stop after this long (0: Ctrl-C)")
        ->capture_default_str();
    commands.tracker->add_option("--record", tracker.record,
                                 "Write every orientation taken to this trace file (CSV: "
                                 "time_s,yaw_deg,pitch_deg,roll_deg)");

    ReplayOptions& replay = commands.replayOptions;
    commands.replay = app.add_subcommand(
        "tracker-replay", "Send a head trace (a file from `tracker --record`, or a synthetic "
                          "one) to a port as a tracker would, in real time");
    commands.replay->add_option("TRACE", replay.trace, "Trace file (CSV)");
    commands.replay->add_option("--to", replay.to, "HOST:PORT")->capture_default_str();
    commands.replay
        ->add_option("--format", replay.format,
                     "ypr (IEM/SPARTA /ypr) | scene-rotator (/SceneRotator/ypr) | quaternion | "
                     "htrpy (SALTE)")
        ->check(CLI::IsMember({"ypr", "scene-rotator", "quaternion", "htrpy"}))
        ->capture_default_str();
    commands.replay->add_option("--hold", replay.hold, "Synthetic: hold yaw,pitch,roll (deg)")
        ->delimiter(',');
    commands.replay->add_option("--sweep", replay.sweepDeg,
                                "Synthetic: swing the yaw +-DEG at 0.2 Hz");
    commands.replay->add_option("--seconds", replay.seconds, "Synthetic: how long")
        ->capture_default_str();
    commands.replay->add_option("--rate", replay.rateHz, "Synthetic: orientations per second")
        ->capture_default_str();
}

int trackerCommand(const TrackerOptions& options)
{
    if (!(options.seconds >= 0.0 && options.seconds <= 86400.0))
        throw UsageError("--seconds must be 0 (until Ctrl-C) to 86400");
    if (!options.record.empty()) { // refused now, not after an hour of recording
        const std::filesystem::path folder = std::filesystem::path(options.record).parent_path();
        ensureWritableFolder(folder.empty() ? "." : folder.string());
    }
    OscHeadTracker tracker(options.axes.settings(options.port));
    std::cerr << "Listening for a head tracker on UDP port " << tracker.port()
              << (options.seconds > 0 ? "" : "; Ctrl-C stops") << ".\n";
    std::signal(SIGINT, onStop);
    std::signal(SIGTERM, onStop);
    const Clock::time_point start = Clock::now();
    const int64_t startNs = OscHeadTracker::nowNs();
    std::vector<HeadSample> samples;
    uint64_t lastCount = 0;
    for (int second = 1; !g_stop; ++second) {
        const Clock::time_point next = start + std::chrono::seconds(second);
        while (!g_stop && Clock::now() < next) {
            tracker.drainTrace(samples);
            if (samples.size() >= maximumTraceSamples) { // what a trace file may hold
                std::cerr << "The trace is full (" << maximumTraceSamples
                          << " orientations): recording stops here.\n";
                samples.resize(maximumTraceSamples);
                g_stop = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const uint64_t count = tracker.counts().accepted;
        printStatus(tracker, second, count - lastCount);
        lastCount = count;
        if (options.seconds > 0 && second >= options.seconds) break;
    }
    tracker.drainTrace(samples);
    if (!options.record.empty()) {
        std::vector<TimedOrientation> trace;
        trace.reserve(samples.size());
        for (const HeadSample& sample : samples)
            trace.push_back({double(sample.stampNs - startNs) * 1e-9, sample.orientation});
        writeFileAtomically(options.record, headTraceText(trace));
        std::cerr << "Recorded " << trace.size() << " orientations to " << options.record << "\n";
    }
    const HeadTrackerCounts counts = tracker.counts();
    if (counts.traceDropped > 0)
        std::cerr << "warning: " << counts.traceDropped << " orientations arrived faster than "
                  << "they could be recorded and are missing from the trace\n";
    return 0;
}

int trackerReplayCommand(const ReplayOptions& options)
{
    const size_t colon = options.to.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == options.to.size())
        throw UsageError("--to must be HOST:PORT, e.g. 127.0.0.1:9000");
    const std::vector<TimedOrientation> trace = traceToSend(options);
    OscHeadSender sender(options.to.substr(0, colon), options.to.substr(colon + 1),
                         oscHeadFormatFromName(options.format));
    std::signal(SIGINT, onStop);
    std::signal(SIGTERM, onStop);
    const Clock::time_point start = Clock::now();
    size_t sent = 0;
    for (const TimedOrientation& sample : trace) {
        if (g_stop) break;
        std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(sample.timeS)));
        sender.send(sample.orientation);
        ++sent;
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::cerr << "Sent " << sent << " orientations in " << elapsed << " s to " << options.to << " ("
              << options.format << ")\n";
    return 0;
}

} // namespace stagelab::cli
