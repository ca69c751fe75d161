#include "cli/session_commands.h"
#include "cli/scene_options.h"
#include "cli/terminal_head_tracking.h"
#include "cli/terminal_stage_map.h"

#include "experiment/trial_plan.h"
#include "results/participant.h"
#include "session/session.h"
#include "session/simulated_listener.h"
#include "util/error.h"
#include "util/number_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

namespace stagelab::cli {

namespace {

/// Reads numbers from a line like "30" or "30, 10"; false on anything else.
bool parseNumbers(const std::string& line, std::vector<double>& numbers)
{
    std::string text = line;
    for (char& c : text)
        if (c == ',') c = ' ';
    std::istringstream stream(text);
    double value = 0.0;
    numbers.clear();
    while (stream >> value)
        numbers.push_back(value);
    return stream.eof() && !numbers.empty();
}

bool askTrialInTerminal(Session& session, std::string& line);

/// A person at the terminal: prompts on stderr, answers on stdin. False when input ends.
bool askInTerminal(Session& session)
{
    std::string line;
    auto wait = [&](const std::string& prompt) {
        std::cerr << prompt << " [Enter] " << std::flush;
        return bool(std::getline(std::cin, line));
    };
    switch (session.stage()) {
    case SessionStage::Calibration:
        if (!wait("Calibration: set your playback volume to a comfortable level.")) return false;
        session.completeCalibration(0.0);
        return true;
    case SessionStage::Break:
        if (!wait("Break: rest as long as you like.")) return false;
        session.endBreak();
        return true;
    case SessionStage::DeviceSwitch: {
        const PlannedTrial& trial = *session.currentTrial();
        const ExperimentDevice* device = session.experiment().findDevice(trial.device);
        if (!wait("Put on: " + (device ? device->name : trial.device) + ".")) return false;
        session.confirmDeviceSwitch();
        return true;
    }
    case SessionStage::Trial: {
        const PlannedTrial& trial = *session.currentTrial();
        if (trial.responseMode == "head-pointing") return askHeadPointingInTerminal(session);
        if (!waitForHeadTracker(session)) return false;
        try {
            return askTrialInTerminal(session, line);
        } catch (const Error&) {
            // The tracker fell silent while the listener heard or answered: nothing was
            // recorded; the trial starts again once it is back. Any other error stops the run.
            if (session.headTrackerProblem().empty()) throw;
            return waitForHeadTracker(session);
        }
    }
    case SessionStage::Done:
        return false;
    }
    return false;
}

/// A trial answered at the terminal (not head-pointing). False when input ends.
bool askTrialInTerminal(Session& session, std::string& line)
{
    {
        const PlannedTrial& trial = *session.currentTrial();
        if (!trial.instruments.empty()) return askStageMapInTerminal(session);
        session.play();
        session.waitForSound();
        const std::string& mode = trial.responseMode;
        const bool width = mode == "width-edges";
        const bool elevation = mode == "azimuth-elevation";
        const bool distance = mode == "azimuth-distance";
        const bool ratingOnly = mode == "externalization";
        const bool alsoRate = std::find(trial.alsoAsk.begin(), trial.alsoAsk.end(),
                                        "externalization") != trial.alsoAsk.end();
        // The scale's anchors, for a rating's prompt.
        const auto scale = [] {
            std::string text;
            for (int i = 0; i <= maximumExternalization; ++i)
                text += "\n  " + std::to_string(i) + " " + externalizationAnchors[i];
            return "Where was the sound? Type 0-" + std::to_string(maximumExternalization) + ":" +
                   text + "\n";
        };
        const auto readRating = [&](int& rating) {
            for (;;) {
                std::cerr << scale() << "> " << std::flush;
                if (!std::getline(std::cin, line)) return false;
                std::vector<double> numbers;
                if (parseNumbers(line, numbers) && numbers.size() == 1 && numbers[0] >= 0 &&
                    numbers[0] <= maximumExternalization && numbers[0] == std::trunc(numbers[0])) {
                    rating = int(numbers[0]);
                    return true;
                }
                std::cerr << "  please type a whole number from 0 to " << maximumExternalization
                          << "\n";
            }
        };
        for (;;) {
            std::cerr << "Trial " << trial.index + 1 << "/" << session.plan().trials.size() << " ("
                      << trial.blockId << (trial.training ? ", training" : "") << ") - "
                      << (width        ? "left edge, right edge in degrees (+90 = left)"
                          : elevation  ? "azimuth, elevation in degrees (+90 = left)"
                          : distance   ? "azimuth in degrees (+90 = left), distance in metres"
                          : ratingOnly ? scale()
                                       : "azimuth in degrees (+90 = left)")
                      << (session.replaysLeft() ? ", or r to replay" : "") << ": " << std::flush;
            if (!std::getline(std::cin, line)) return false;
            std::vector<double> numbers;
            if (line == "r" && session.replaysLeft() > 0) {
                session.play();
                session.waitForSound();
                continue;
            }
            TrialResponse response;
            if (ratingOnly) {
                if (!parseNumbers(line, numbers) || numbers.size() != 1 || !(numbers[0] >= 0) ||
                    numbers[0] > maximumExternalization || numbers[0] != std::trunc(numbers[0])) {
                    std::cerr << "  please type a whole number from 0 to " << maximumExternalization
                              << "\n";
                    continue;
                }
                response.externalization = int(numbers[0]);
            } else {
                const size_t needed = width || elevation || distance ? 2 : 1;
                if (!parseNumbers(line, numbers) || numbers.size() != needed) {
                    std::cerr << "  please type " << needed << " number(s)\n";
                    continue;
                }
                if (width) {
                    response.leftEdgeDeg = numbers[0];
                    response.rightEdgeDeg = numbers[1];
                } else {
                    response.azimuthDeg = numbers[0];
                    if (elevation) response.elevationDeg = numbers[1];
                    if (distance) response.distanceM = numbers[1];
                }
            }
            // A distance out of range is said before the rating is asked, not after.
            if (distance && !(*response.distanceM >= minimumResponseDistanceM &&
                              *response.distanceM <= maximumResponseDistanceM)) {
                std::cerr << "  the distance must be between " << minimumResponseDistanceM
                          << " and " << maximumResponseDistanceM << " m\n";
                continue;
            }
            if (alsoRate) {
                int rating = 0;
                if (!readRating(rating)) return false;
                response.externalization = rating;
            }
            if (const std::string missing = missingAnswer(response, trial); !missing.empty()) {
                std::cerr << "  " << missing << "\n";
                continue;
            }
            session.answer(response);
            if (trial.feedback)
                std::cerr << "  the source was at azimuth " << trial.azimuthDeg << ", elevation "
                          << trial.elevationDeg
                          << (width ? ", width " + std::to_string(trial.widthDeg) : std::string())
                          << (trial.distanceM > 0 ? ", " + formatNumber(trial.distanceM) + " m"
                                                  : std::string())
                          << "\n";
            return true;
        }
    }
}

void answerSimulated(Session& session, SimulatedListener& listener)
{
    switch (session.stage()) {
    case SessionStage::Calibration:
        session.completeCalibration(0.0);
        break;
    case SessionStage::Break:
        session.endBreak();
        break;
    case SessionStage::DeviceSwitch:
        session.confirmDeviceSwitch();
        break;
    case SessionStage::Trial: {
        const PlannedTrial& trial = *session.currentTrial();
        session.play();
        session.waitForSound();
        const double responseTimeS = listener.responseTimeS();
        session.think(responseTimeS);
        session.answer(listener.respond(trial, session.experiment().modelVariant(trial.model)));
        break;
    }
    case SessionStage::Done:
        break;
    }
}

} // namespace

int planCommand(const PlanOptions& options)
{
    const ExperimentLoad load = loadExperiment(options.experiment);
    if (!load.ok()) {
        std::cerr << "'" << options.experiment << "' is not a valid experiment:\n"
                  << load.errorText() << "\n";
        return 1;
    }
    const std::string participant = checkedParticipantId(options.participant);
    const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, participant,
                                         options.seed, participantNumber(participant));
    if (options.json)
        std::cout << toJson(plan).dump(2) << "\n";
    else
        std::cout << describePlanTable(plan);
    return 0;
}

int runCommand(const RunOptions& options)
{
    SessionOptions sessionOptions;
    sessionOptions.experimentPath = options.experiment;
    sessionOptions.participant = options.participant;
    sessionOptions.resultsFolder = options.results;
    sessionOptions.seed = options.seed;
    const bool simulated = !options.simulate.empty();
    SimulatedListenerSettings listenerSettings = options.listener;
    listenerSettings.kind = options.simulate;
    if (simulated) {
        validateSimulatedListener(listenerSettings);
        sessionOptions.simulator = toJson(listenerSettings);
    }
    auto makePlayer = [&](const Experiment& experiment) {
        return simulated
                   ? makeVirtualTrialPlayer(experiment)
                   : makeRealtimeTrialPlayer(
                         experiment, AudioOutputSettings{options.device, options.bufferFrames},
                         sessionBlockFrames);
    };
    // The tracker listens before the session starts: a port in use is refused before any file.
    std::unique_ptr<OscHeadTracker> tracker;
    if (!options.headTrackerPort.empty()) {
        if (simulated) throw UsageError("a simulated listener needs no --head-tracker");
        tracker =
            std::make_unique<OscHeadTracker>(options.trackerAxes.settings(options.headTrackerPort));
    }
    std::unique_ptr<Session> session =
        options.resume.empty() ? Session::start(sessionOptions, makePlayer)
                               : Session::resume(sessionOptions, options.resume, makePlayer);
    if (tracker) {
        session->attachHeadTracker(tracker.get());
        std::cerr << "Head tracker on UDP port " << tracker->port() << ".\n";
    } else if (!simulated && session->experiment().needsHeadTracker()) {
        std::cerr << "note: this experiment has head-tracked or head-pointing blocks: run with "
                     "--head-tracker PORT (its trials wait for a tracker)\n";
    }
    for (const std::string& notice : session->notices())
        std::cerr << "note: " << notice << "\n";
    std::cerr << "Session " << session->sessionId() << " (" << session->plan().trials.size()
              << " trials) -> " << session->filePath() << "\n";
    // The listener of a simulated session continues where the file says, with its own stream.
    listenerSettings.seed += uint64_t(session->answeredCount()) * 7919u;
    std::optional<SimulatedListener> listener;
    if (simulated) listener.emplace(listenerSettings);
    const auto pause = [&]() {
        std::cerr << "Session paused after " << session->answeredCount()
                  << " answers; continue with:\n  stagelab-cli run " << options.experiment
                  << " --participant " << options.participant << " --results " << options.results
                  << " --resume " << session->sessionId()
                  << (simulated ? " --simulate " + options.simulate : "")
                  << (tracker ? " --head-tracker " + options.headTrackerPort : "") << "\n";
    };
    try {
        while (session->stage() != SessionStage::Done) {
            if (simulated) {
                answerSimulated(*session, *listener);
                if (options.paceMs > 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(options.paceMs));
            } else if (!askInTerminal(*session)) {
                pause();
                return 0;
            }
        }
    } catch (const Error& error) {
        std::cerr << "error: " << error.what() << "\nThe " << session->answeredCount()
                  << " answers recorded so far are safe in " << session->filePath() << ".\n";
        pause();
        return 1;
    }
    std::cerr << "Session " << session->sessionId() << " complete: " << session->answeredCount()
              << " trials in " << session->filePath() << ", summary " << session->summaryPath()
              << "\n";
    return 0;
}

} // namespace stagelab::cli
