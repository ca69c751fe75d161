// stagelab-cli: Stagelab's engine from a shell. Exit codes: 0 ok, 1 failure, 2 usage.

#include "cli/analysis_commands.h"
#include "cli/commands.h"
#include "cli/device_commands.h"
#include "cli/session_commands.h"
#include "cli/tracker_commands.h"
#include "devices/device_calibration.h"
#include "util/error.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

using namespace stagelab;
using namespace stagelab::cli;

int main(int argc, char** argv)
{
    CLI::App app{"Stagelab " STAGELAB_VERSION " - listening tests of soundstage and imaging.\n"
                 "Directions follow SOFA/AMT: azimuth 0 = front, +90 = LEFT, elevation +90 = up."};
    app.require_subcommand(1);
    app.set_version_flag("--version", STAGELAB_VERSION);
    // A file-size limit must surface as a write error with a message (and nothing half-written
    // left behind), not kill the process.
    std::signal(SIGXFSZ, SIG_IGN);

    bool json = false;
    auto* devices = app.add_subcommand("devices", "List audio output devices");
    devices->add_flag("--json", json, "Print JSON");

    std::string sofa;
    auto* hrtfInfo =
        app.add_subcommand("hrtf-info", "Describe a SOFA HRTF file (default: MIT KEMAR)");
    hrtfInfo->add_option("SOFA", sofa, "SOFA file");
    hrtfInfo->add_flag("--json", json, "Print JSON");

    RoomInfoOptions roomInfo;
    auto* roomInfoCommand = app.add_subcommand(
        "room-info", "A room's reverberation time per octave band, critical distance and "
                     "direct-to-reverberant ratio");
    roomInfoCommand
        ->add_option("ROOM", roomInfo.room,
                     "Preset (studio, living-room, hall, "
                     "anechoic) or a stagelab.room/1 file")
        ->required();
    roomInfoCommand
        ->add_option("--distances", roomInfo.distancesM,
                     "Source distances (m, straight ahead) for the direct-to-reverberant ratio")
        ->delimiter(',')
        ->capture_default_str();
    roomInfoCommand
        ->add_option("--reference", roomInfo.referenceM,
                     "Reference distance (m) beyond which air absorption is rendered")
        ->capture_default_str();
    roomInfoCommand->add_flag("--json", roomInfo.json, "Print JSON");

    auto* models = app.add_subcommand("models", "List the rendering models");
    models->add_flag("--json", json, "Print JSON");

    RenderOptions renderOptions;
    auto* renderCommand = app.add_subcommand("render", "Render a scene to a WAV or FLAC file");
    renderCommand
        ->add_option("--output,-o", renderOptions.output,
                     "Output file (.wav float or .flac 24-bit)")
        ->required();
    addSceneOptions(*renderCommand, renderOptions.scene);
    renderCommand->add_option("--session", renderOptions.session,
                              "A session file (.jsonl): render one of its recorded trials exactly "
                              "as it played - model, HRTF, stimuli, device EQ and level");
    renderCommand->add_option("--trial", renderOptions.trial,
                              "With --session: the trial's index (the records' \"index\", from 0; "
                              "the 'trial' column of exports)");

    PlayOptions playOptions;
    auto* playCommand = app.add_subcommand(
        "play",
        "Play a scene; without sources, the demo (a guitar circling the head). With no audio "
        "device the default device's demo is rendered to --fallback-output instead");
    addSceneOptions(*playCommand, playOptions.scene);
    playCommand->add_option("--device", playOptions.device,
                            "Device id from `devices` (default: the default output)");
    playCommand->add_option("--buffer", playOptions.bufferFrames, "Device buffer in frames")
        ->capture_default_str();
    playCommand
        ->add_option("--fallback-output", playOptions.fallbackOutput,
                     "Where to render when there is no audio device")
        ->capture_default_str();
    playCommand->add_flag("!--no-fallback", playOptions.fallback,
                          "Fail instead of rendering to a file");

    playCommand->add_option("--head-tracker", playOptions.headTrackerPort,
                            "Listen for a head tracker on this UDP port (OSC, see `tracker`): "
                            "the scene stays put while the head turns (hrtf, spherical-head)");
    addTrackerSettingOptions(*playCommand, playOptions.trackerAxes);

    TrackerCommands trackerCommands;
    addTrackerCommands(app, trackerCommands);

    PlanOptions planOptions;
    auto* planCommand =
        app.add_subcommand("plan", "Print the trial plan of an experiment for a participant");
    planCommand->add_option("EXPERIMENT", planOptions.experiment, "Experiment file (JSON)")
        ->required();
    planCommand->add_option("--participant", planOptions.participant, "Participant id")->required();
    planCommand
        ->add_option("--seed", planOptions.seed,
                     "Session seed (used by the per-session seed policy)")
        ->capture_default_str();
    planCommand->add_flag("--json", planOptions.json, "Print JSON (stagelab.plan/1)");

    RunOptions runOptions;
    auto* runCommand = app.add_subcommand(
        "run",
        "Run a listening session (in the terminal, or with a simulated listener); every answer is "
        "written and fsync'd at once, an interrupted session resumes exactly");
    runCommand->add_option("EXPERIMENT", runOptions.experiment, "Experiment file (JSON)")
        ->required();
    runCommand->add_option("--participant", runOptions.participant, "Participant id (a pseudonym)")
        ->required();
    runCommand->add_option("--results", runOptions.results, "Results folder")
        ->capture_default_str();
    runCommand->add_option("--resume", runOptions.resume,
                           "Continue this session (its id or file name)");
    runCommand->add_option("--seed", runOptions.seed, "Session seed (default: from the clock)");
    runCommand
        ->add_option("--simulate", runOptions.simulate,
                     "Answer with a simulated listener: noise | perfect")
        ->check(CLI::IsMember({"noise", "perfect"}));
    runCommand
        ->add_option("--lateral-sd", runOptions.listener.lateralSdDeg,
                     "Simulated: lateral error SD (deg)")
        ->capture_default_str();
    runCommand
        ->add_option("--polar-sd", runOptions.listener.polarSdDeg,
                     "Simulated: polar error SD (deg)")
        ->capture_default_str();
    runCommand
        ->add_option("--front-back-rate", runOptions.listener.frontBackRate,
                     "Simulated: front-back confusion probability")
        ->capture_default_str();
    runCommand
        ->add_option("--width-sd", runOptions.listener.widthSdDeg, "Simulated: edge error SD (deg)")
        ->capture_default_str();
    runCommand->add_option("--listener-seed", runOptions.listener.seed, "Simulated: random seed")
        ->capture_default_str();
    runCommand->add_option("--pace-ms", runOptions.paceMs, "Simulated: pause between trials (ms)");
    runCommand->add_option("--device", runOptions.device,
                           "Audio device id (default: the default output)");
    runCommand->add_option("--head-tracker", runOptions.headTrackerPort,
                           "Listen for a head tracker on this UDP port (OSC): head-tracked "
                           "trials render with it, head-pointing trials are answered with it, "
                           "every trial records the head's trace");
    addTrackerSettingOptions(*runCommand, runOptions.trackerAxes);
    runCommand->add_option("--buffer", runOptions.bufferFrames, "Device buffer in frames")
        ->capture_default_str();

    ImportOptions importOptions;
    auto* importCommand = app.add_subcommand(
        "import-csv", "Turn another lab's localization CSV into Stagelab results");
    importCommand->add_option("FILE", importOptions.file, "CSV file with a header line")
        ->required();
    importCommand->add_option("--out", importOptions.out, "Results folder to write")->required();
    importCommand->add_option(
        "--column", importOptions.columns,
        "FIELD=COLUMN for targetAzimuthDeg, targetElevationDeg, responseAzimuthDeg, "
        "responseElevationDeg, participant (repeat); other columns become factors");
    importCommand
        ->add_option("--azimuth-convention", importOptions.azimuthConvention,
                     "ccw (SOFA, +90 = left) or cw (+90 = right)")
        ->capture_default_str();

    AnalyzeOptions analyzeOptions;
    auto* analyzeCommand =
        app.add_subcommand("analyze", "Localization and width metrics (AMT definitions) by factor");
    analyzeCommand->add_option("PATH", analyzeOptions.paths, "Session files or folders")
        ->required();
    analyzeCommand->add_option("--by", analyzeOptions.by, "Factors to group by, e.g. model,device")
        ->delimiter(',');
    analyzeCommand->add_option("--format", analyzeOptions.format, "table | json | csv")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    analyzeCommand->add_flag("--include-training", analyzeOptions.includeTraining,
                             "Include training trials");
    analyzeCommand->add_flag(
        "--strict", analyzeOptions.strict,
        "Fail on a session file that cannot be read (default: skip it with a warning)");

    CompareOptions compareOptions;
    auto* compareCommand =
        app.add_subcommand("compare", "Within-participant comparison of two levels of a factor: "
                                      "paired differences, bootstrap 95% "
                                      "interval, Wilcoxon signed-rank p, effect sizes; over all "
                                      "trials and, without --within, per "
                                      "model as well");
    compareCommand->add_option("PATH", compareOptions.paths, "Session files or folders")
        ->required();
    compareCommand
        ->add_option("--factor", compareOptions.factor, "Factor to compare, e.g. device or model")
        ->required();
    compareCommand
        ->add_option("--levels", compareOptions.levels, "Two levels A,B (differences are B - A)")
        ->delimiter(',')
        ->required();
    compareCommand->add_option("--metrics", compareOptions.metrics, "Metrics (default: all)")
        ->delimiter(',');
    compareCommand
        ->add_option("--within", compareOptions.within, "Compare separately within these factors")
        ->delimiter(',');
    compareCommand->add_option("--format", compareOptions.format, "table | json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    compareCommand->add_flag("--include-training", compareOptions.includeTraining,
                             "Include training trials");
    compareCommand->add_flag(
        "--strict", compareOptions.strict,
        "Fail on a session file that cannot be read (default: skip it with a warning)");

    ExportOptions exportOptions;
    auto* exportCommand =
        app.add_subcommand("export", "Export results: tidy CSV, BIDS beh, or summary JSON");
    exportCommand->add_option("PATH", exportOptions.paths, "Session files or folders")->required();
    exportCommand->add_option("--format", exportOptions.format, "csv | bids | json")
        ->check(CLI::IsMember({"csv", "bids", "json"}))
        ->required();
    exportCommand->add_option("--out", exportOptions.out, "Output folder")->required();
    exportCommand->add_flag(
        "--strict", exportOptions.strict,
        "Fail on a session file that cannot be read (default: skip it with a warning)");

    DeviceResponseOptions responseOptions;
    auto* responseCommand = app.add_subcommand(
        "device-response",
        "Magnitude response (dB) of a device profile's or an AutoEq file's EQ, preamp included");
    responseCommand
        ->add_option("FILE", responseOptions.file,
                     "Device profile (.json or a default name such as generic-iem) or AutoEq "
                     "ParametricEQ/FixedBandEQ/GraphicEQ file")
        ->required();
    responseCommand
        ->add_option("--sample-rate", responseOptions.sampleRateHz,
                     "Sample rate the EQ is designed at (Hz)")
        ->capture_default_str();
    responseCommand
        ->add_option("--frequencies", responseOptions.frequenciesHz, "Frequencies in Hz, F1,F2,...")
        ->delimiter(',')
        ->required();
    responseCommand->add_flag("--json", responseOptions.json,
                              "Print JSON {\"frequenciesHz\":[...],\"gainDb\":[...]}");

    CalibrateOptions calibrateOptions;
    auto* calibrateCommand = app.add_subcommand(
        "calibrate",
        "Store a device's calibration: the playback gain set while the reference pink noise "
        "(-23 LUFS) played through its EQ, and optionally the SPL a meter read");
    calibrateCommand
        ->add_option("--device", calibrateOptions.device, "Device profile (default name or path)")
        ->required();
    calibrateCommand
        ->add_option("--gain-db", calibrateOptions.gainDb,
                     "Playback gain in dB, " + playbackGainRangeText())
        ->required();
    calibrateCommand->add_option("--spl-db", calibrateOptions.splDb,
                                 "SPL meter reading at the ear (dB SPL)");
    calibrateCommand
        ->add_option("--results", calibrateOptions.results,
                     "Results folder (writes calibration/<id>.json)")
        ->capture_default_str();
    calibrateCommand->add_option("--sample-rate", calibrateOptions.sampleRateHz, "Engine rate (Hz)")
        ->capture_default_str();
    calibrateCommand->add_flag("--json", calibrateOptions.json, "Print the calibration as JSON");

    ReportOptions reportOptions;
    auto* reportCommand =
        app.add_subcommand("report", "Write a one-page HTML report comparing the devices of a "
                                     "study: verdict, plots, statistics, provenance");
    reportCommand->add_option("STUDY", reportOptions.paths, "Results folder(s) or session files")
        ->required();
    reportCommand->add_option("--out,-o", reportOptions.out, "HTML file to write")
        ->capture_default_str();
    reportCommand->add_option("--title", reportOptions.title,
                              "Page title (default: from the experiment ids)");
    reportCommand->add_flag(
        "--strict", reportOptions.strict,
        "Fail on a session file that cannot be read (default: skip it with a warning)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return 2;
    }
    try {
        if (*devices) return listDevices(json);
        if (*hrtfInfo) return showHrtfInfo(sofa, json);
        if (*roomInfoCommand) return showRoomInfo(roomInfo);
        if (*models) return listModels(json);
        if (*renderCommand) {
            for (const CLI::Option* option : renderCommand->get_options())
                if (option->count() > 0 && option->get_name() != "--output" &&
                    option->get_name() != "--session" && option->get_name() != "--trial")
                    renderOptions.sceneOptionsGiven = true;
            return render(renderOptions);
        }
        if (*playCommand) return play(playOptions);
        if (*trackerCommands.tracker) return trackerCommand(trackerCommands.trackerOptions);
        if (*trackerCommands.replay) return trackerReplayCommand(trackerCommands.replayOptions);
        if (*planCommand) return stagelab::cli::planCommand(planOptions);
        if (*runCommand) return stagelab::cli::runCommand(runOptions);
        if (*importCommand) return importCsvCommand(importOptions);
        if (*analyzeCommand) return stagelab::cli::analyzeCommand(analyzeOptions);
        if (*compareCommand) return stagelab::cli::compareCommand(compareOptions);
        if (*exportCommand) return stagelab::cli::exportCommand(exportOptions);
        if (*responseCommand) return deviceResponseCommand(responseOptions);
        if (*calibrateCommand) return stagelab::cli::calibrateCommand(calibrateOptions);
        if (*reportCommand) return stagelab::cli::reportCommand(reportOptions);
    } catch (const UsageError& error) {
        std::cerr << "usage error: " << error.what() << "\n";
        return 2;
    } catch (const Error& error) {
        std::cerr << "error: " << error.what() << "\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return 1;
    }
    return 2;
}
