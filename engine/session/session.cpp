#include "session/session.h"

#include "results/participant.h"
#include "session/recorded_session.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

namespace stagelab {

namespace {
namespace fs = std::filesystem;

Experiment loadOrThrow(const ExperimentLoad& load, const std::string& what)
{
    if (!load.ok()) throw Error(what + " is not a valid experiment:\n" + load.errorText());
    return *load.experiment;
}

} // namespace

std::unique_ptr<Session> Session::start(const SessionOptions& options,
                                        const PlayerFactory& makePlayer)
{
    std::unique_ptr<Session> session(new Session());
    session->m_participant = checkedParticipantId(options.participant);
    session->m_experiment =
        loadOrThrow(loadExperiment(options.experimentPath), "'" + options.experimentPath + "'");
    if (!options.hrtfPath.empty())
        session->m_experiment->hrtf = fs::absolute(options.hrtfPath).string();
    const Experiment& experiment = *session->m_experiment;
    const uint64_t seed = options.seed.value_or(
        uint64_t(std::chrono::system_clock::now().time_since_epoch().count()));
    session->m_plan = makeTrialPlan(experiment, experiment.contentHash, session->m_participant,
                                    seed, participantNumber(session->m_participant));
    session->openPlayer(makePlayer);
    session->m_resultsFolder = options.resultsFolder;
    session->m_simulated = !options.simulator.is_null();
    if (!options.deviceProfile.empty() && experiment.devices.empty())
        session->m_outputProfile =
            loadDeviceProfile(resolveDeviceProfile(options.deviceProfile, "."));
    session->prepareDevices(options.resultsFolder, nullptr);

    SessionHeaderInfo header;
    header.participant = session->m_participant;
    header.participantNumber = participantNumber(session->m_participant);
    header.simulator = options.simulator;
    header.experimentFile = options.experimentPath;
    header.experiment = &experiment;
    header.plan = &session->m_plan;
    // Every input is validated before the results folder is touched: a refused start leaves
    // it as it was. The header also names the HRTF in use.
    session->m_player->loadInputs(session->m_plan);
    session->m_recorder.emplace(
        (fs::path(options.resultsFolder) / session->m_participant).string());
    session->m_recorder->prepareFolder();
    header.hrtf = session->m_player->hrtf();
    header.hrtfOverride = options.hrtfPath.empty() ? std::string() : experiment.hrtf;
    header.stimuli = session->m_player->stimuli();
    header.audio = session->m_player->describe();
    if (session->m_outputProfile)
        header.outputProfile = deviceProfileToJson(*session->m_outputProfile);
    header.devices = session->devicesJson();
    session->m_recorder->create(header);
    session->m_answered.assign(session->m_plan.trials.size(), false);
    session->advance();
    return session;
}

std::unique_ptr<Session> Session::resume(const SessionOptions& options,
                                         const std::string& sessionId,
                                         const PlayerFactory& makePlayer)
{
    std::unique_ptr<Session> session(new Session());
    session->m_participant = checkedParticipantId(options.participant);
    const std::string folder = (fs::path(options.resultsFolder) / session->m_participant).string();
    std::string id = fs::path(sessionId).filename().string();
    if (id.size() > 6 && id.ends_with(".jsonl")) id.resize(id.size() - 6);
    const std::string path = (fs::path(folder) / (id + ".jsonl")).string();
    if (!fs::exists(path))
        throw Error("no session '" + id + "' for participant '" + session->m_participant + "' (" +
                    path + " does not exist)");
    const SessionFileContents contents = readSessionFile(path, true);
    const nlohmann::json& header = contents.header;
    if (header.value("participant", "") != session->m_participant)
        throw Error(path + " belongs to participant '" + header.value("participant", "") + "'");
    // The experiment as it was when the session started, whatever its file says now.
    RecordedSession recorded = recordedSession(contents);
    session->m_experiment = std::move(recorded.experiment);
    session->m_plan = std::move(recorded.plan);
    session->openPlayer(makePlayer);
    session->m_resultsFolder = options.resultsFolder;
    session->m_simulated = header.value("simulated", false);
    if (const nlohmann::json output = header.value("outputProfile", nlohmann::json());
        output.is_object())
        session->m_outputProfile =
            loadDeviceProfile(output.value("file", "")); // as resume does for devices
    session->prepareDevices(options.resultsFolder,
                            header.contains("devices") ? header["devices"] : nlohmann::json());
    session->m_answered.assign(session->m_plan.trials.size(), false);
    for (const TrialRecord& record : contents.trials) {
        const std::string where = path + ":" + std::to_string(record.sourceLine);
        if (record.trial.index < 0 || size_t(record.trial.index) >= session->m_answered.size())
            throw Error(where + ": trial index " + std::to_string(record.trial.index) +
                        " is not in the plan");
        // A record that is not the plan's trial at its index, or holds no answer of the kind
        // its block asks for, would be counted as answered and its trial never asked again.
        if (const std::string difference =
                recordDiffersFromPlan(record, session->m_plan.trials[size_t(record.trial.index)]);
            !difference.empty())
            throw Error(where + ": " + difference + "; refusing to resume");
        session->m_answered[size_t(record.trial.index)] = true;
        ++session->m_answeredCount;
    }
    session->m_recorder.emplace(folder);
    session->m_recorder->resume(path, contents, session->m_answeredCount,
                                session->m_player->describe());
    if (contents.tornTail)
        session->m_notices.push_back(
            path + " ended in a torn line (" + std::to_string(contents.tornTail->size()) +
            " bytes, a write cut short); it was set aside in the resume record and its "
            "trial will be asked again");
    session->m_notices.push_back(
        "resuming " + id + ": " + std::to_string(session->m_answeredCount) + " of " +
        std::to_string(session->m_plan.trials.size()) + " trials already answered");
    session->advance();
    return session;
}

void Session::openPlayer(const PlayerFactory& makePlayer)
{
    m_player = makePlayer(*m_experiment);
    if (m_tracker) m_player->setHeadSource(m_tracker->orientationSource());
}

const PlannedTrial* Session::currentTrial() const
{
    return m_current >= 0 ? &m_plan.trials[size_t(m_current)] : nullptr;
}

void Session::advance()
{
    auto next = std::find(m_answered.begin(), m_answered.end(), false);
    resetTrialState();
    if (next == m_answered.end()) {
        m_current = -1;
        m_stage = SessionStage::Done;
        finish();
        return;
    }
    m_current = int(next - m_answered.begin());
    prepareScenes();
    if (m_stage == SessionStage::Calibration)
        return; // calibration first; the trial's break/switch follows it
    const PlannedTrial& trial = m_plan.trials[size_t(m_current)];
    m_stage = trial.deviceSwitchBefore ? SessionStage::DeviceSwitch
              : trial.breakBefore      ? SessionStage::Break
                                       : SessionStage::Trial;
}

const PlannedTrial* Session::nextTrial() const
{
    if (m_current < 0) return nullptr;
    const auto next = std::find(m_answered.begin() + m_current + 1, m_answered.end(), false);
    return next == m_answered.end() ? nullptr : &m_plan.trials[size_t(next - m_answered.begin())];
}

void Session::prepareScenes()
{
    // The current trial's scene, and the next one's: that one builds while the listener hears
    // and answers this trial, so it is ready before its page shows.
    if (const PlannedTrial* trial = currentTrial()) m_player->prepare(*trial);
    if (const PlannedTrial* trial = nextTrial()) m_player->prepare(*trial);
}

bool Session::scenePrepared(const PlannedTrial& trial) const
{
    return m_player->scenePrepared(trial);
}

bool Session::sceneBuilding(const PlannedTrial& trial) const
{
    return m_player->sceneBuilding(trial);
}

bool Session::answerOpen()
{
    if (m_stage != SessionStage::Trial || m_plays == 0) return false;
    // The engine's frame is what has been rendered; the ear hears it after the device's buffer.
    const double heardS =
        double(m_player->currentFrame() - m_onsetFrame) / m_player->sampleRateHz() -
        m_player->outputLatencyS();
    // A tenth of a millisecond of slack for the frame count's rounding.
    m_heard = m_heard || heardS + 1e-4 >= m_experiment->playback.answerAfterOrDurationS();
    return m_heard;
}

void Session::playCalibration(CalibrationSignal signal)
{
    if (m_stage != SessionStage::Calibration && m_stage != SessionStage::DeviceSwitch)
        throw Error("the reference plays only while calibrating or switching devices");
    if (const PlannedTrial* trial = currentTrial())
        applyDevice(*trial); // the reference reaches the ear through the device's EQ and level
    m_player->setGainDb(m_gainDb); // at the volume being set, not the device's stored one
    m_player->playCalibration(signal);
}

void Session::setGainDb(double gainDb)
{
    if (!std::isfinite(gainDb) || !playbackGainRangeDb.contains(gainDb))
        throw Error("a playback gain must lie " + playbackGainRangeText());
    m_gainDb = gainDb;
    m_player->setGainDb(gainDb);
}

void Session::stopSound()
{
    m_player->stopSound();
}

void Session::completeCalibration(double gainDb)
{
    if (m_stage != SessionStage::Calibration) throw Error("calibration is already done");
    m_player->stopSound();
    setGainDb(gainDb);
    m_appliedDevice.reset(); // the next play applies the device's own gain
    m_stage = SessionStage::Trial;
    if (m_current < 0) {
        m_stage = SessionStage::Done;
        return;
    }
    const PlannedTrial& trial = m_plan.trials[size_t(m_current)];
    // After a resume the listener may have changed headphones: always confirm the device.
    if (!trial.device.empty() && (trial.deviceSwitchBefore || m_answeredCount > 0))
        m_stage = SessionStage::DeviceSwitch;
    else if (trial.breakBefore)
        m_stage = SessionStage::Break;
}

void Session::confirmDeviceSwitch(std::optional<double> gainDb)
{
    if (m_stage != SessionStage::DeviceSwitch) throw Error("no device switch is due");
    if (gainDb) useGainForCurrentDevice(*gainDb);
    m_appliedDevice.reset();
    applyDevice(m_plan.trials[size_t(m_current)]); // the new device's EQ and level, crossfaded
    m_stage =
        m_plan.trials[size_t(m_current)].breakBefore ? SessionStage::Break : SessionStage::Trial;
}

void Session::endBreak()
{
    if (m_stage != SessionStage::Break) throw Error("no break is due");
    m_stage = SessionStage::Trial;
}

int Session::replaysLeft() const
{
    return std::max(0, m_experiment->playback.replaysAllowed - std::max(0, m_plays - 1));
}

int64_t Session::play()
{
    if (m_stage != SessionStage::Trial) throw Error("no trial is ready to play");
    if (m_plays > 0 && replaysLeft() == 0) throw Error("no replays left for this trial");
    const PlannedTrial& trial = m_plan.trials[size_t(m_current)];
    if (const std::string problem = headTrackerProblem(); !problem.empty()) throw Error(problem);
    if (trial.responseMode == "head-pointing" && !m_simulated && !facingFront())
        throw Error("face front first: a head-pointing trial plays only while the head points "
                    "straight ahead (within " +
                    formatNumber(m_experiment->faceFrontToleranceDeg) + " deg)");
    applyDevice(trial); // a no-op unless the device changed unannounced
    answerOpen();       // a play heard to its end before this replay counts as heard
    if (m_tracker && m_traceStartNs < 0) { // the trace starts with the trial's first play
        std::vector<HeadSample> before;
        m_tracker->drainTrace(before);
        m_traceStartNs = OscHeadTracker::nowNs();
        if (!before.empty()) m_lastArrivalNs = before.back().stampNs;
    }
    m_onsetFrame = m_player->play(trial);
    ++m_plays;
    if (replaysLeft() > 0) m_player->prepare(trial); // the replay's scene, built meanwhile
    return m_onsetFrame;
}

int64_t Session::playSolo(size_t instrument)
{
    const PlannedTrial* trial = currentTrial();
    if (m_stage != SessionStage::Trial || !trial || trial->instruments.empty())
        throw Error("only a stage map's instruments can be played alone");
    if (instrument >= trial->instruments.size())
        throw Error("the stage map has no instrument " + std::to_string(instrument + 1));
    // The ensemble first: a stage map is judged by what is heard together.
    if (!answerOpen()) throw Error("the ensemble has not been heard yet");
    PlannedTrial solo = *trial;
    solo.instruments = {trial->instruments[instrument]};
    solo.index = -1; // never the ensemble's prepared scene
    const int64_t onset = m_player->play(solo);
    ++m_solos;
    if (replaysLeft() > 0) m_player->prepare(*trial); // the ensemble again, if it may be replayed
    return onset;
}

void Session::waitForSound()
{
    const PlayStats stats = m_player->waitUntilDone();
    // The renderer is done; the ear hears the end after the device's buffer. Until then the
    // sound is not heard in full (answerOpen), and a terminal listener who answered at once
    // would be refused.
    if (const double latencyS = m_player->outputLatencyS(); latencyS > 0.0)
        std::this_thread::sleep_for(std::chrono::duration<double>(std::min(latencyS, 1.0)));
    m_stats.lateCallbacks += stats.lateCallbacks;
    m_stats.underruns += stats.underruns;
}

bool Session::soundPlaying()
{
    collectHeadTrace();
    PlayStats stats;
    const bool ended = m_player->pollPlayback(stats);
    m_stats.lateCallbacks += stats.lateCallbacks;
    m_stats.underruns += stats.underruns;
    return !ended;
}

void Session::checkAudio()
{
    m_player->checkDevice();
}

void Session::replaceAudio(const PlayerFactory& makePlayer, const std::string& reason)
{
    m_player.reset(); // closes the failed stream before the new one opens (one RtAudio at a time)
    try {
        openPlayer(makePlayer);
    } catch (const std::exception& error) {
        m_player = makeUnavailableTrialPlayer(error.what(), m_experiment->sampleRateHz);
        throw;
    }
    m_player->setGainDb(m_gainDb);
    m_appliedDevice.reset(); // the new output gets the device's EQ and level at the next play
    m_recorder->recordAudioChange(reason, m_answeredCount, m_player->describe());
    restartTrial(); // the interrupted trial is heard again in full
}

void Session::answer(const TrialResponse& response, std::optional<double> responseTimeS)
{
    if (m_stage != SessionStage::Trial || m_plays == 0)
        throw Error("the current trial has not been played yet");
    if (!answerOpen())
        throw Error("the sound has not been heard yet: an answer is taken " +
                    formatNumber(m_experiment->playback.answerAfterOrDurationS()) +
                    " s after the onset of its play");
    const PlannedTrial& trial = m_plan.trials[size_t(m_current)];
    if (const std::string missing = missingAnswer(response, trial); !missing.empty())
        throw Error(missing);
    collectHeadTrace(); // a gap while it played is a loss, even if the tracker is back
    if (const std::string problem = headTrackerProblem(); !problem.empty()) throw Error(problem);
    TrialRecord record;
    record.trial = trial;
    record.response = response;
    record.onsetFrame = m_onsetFrame;
    record.responseTimeS = responseTimeS.value_or(double(m_player->currentFrame() - m_onsetFrame) /
                                                  m_player->sampleRateHz());
    record.replays = m_plays - 1;
    record.solos = m_solos;
    record.lateCallbacks = m_stats.lateCallbacks;
    record.underruns = m_stats.underruns;
    record.levelLufs = m_experiment->levelLufs;
    record.gainDb = trial.device.empty() ? m_gainDb : playbackGainDb(trial.device);
    if (const DeviceLevel* level = deviceLevel(trial.device)) {
        record.deviceCompensationDb = level->compensationDb;
        record.deviceLevelOffsetDb = level->levelOffsetDb;
    }
    record.answeredAt = utcNow();
    if (m_tracker && m_traceStartNs >= 0) {
        collectHeadTrace();
        record.head = summarizeHeadMotion(m_headTrace);
    }
    m_recorder->recordTrial(record); // fsync'd before the next trial can begin
    m_answered[size_t(m_current)] = true;
    ++m_answeredCount;
    advance();
}

void Session::finish()
{
    // Every answer is in the session file already; the summary is derived from it.
    try {
        m_summary = summarizeParticipant(readSessionFile(filePath(), false));
        m_recorder->writeSummary(*m_summary, int(m_plan.trials.size()), m_answeredCount);
    } catch (const std::exception& error) {
        m_notices.push_back(
            std::string("the summary could not be written (") + error.what() +
            "); the session file holds every answer, and `stagelab-cli analyze` reads it");
    }
}

} // namespace stagelab
