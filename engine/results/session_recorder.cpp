#include "results/session_recorder.h"

#include "results/result_rows.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"

#include <algorithm>
#include <filesystem>

#ifndef STAGELAB_VERSION
#define STAGELAB_VERSION "unknown"
#endif
#ifndef STAGELAB_GIT_COMMIT
#define STAGELAB_GIT_COMMIT "unknown"
#endif

namespace stagelab {

namespace {
namespace fs = std::filesystem;

/// 2026-11-22T04:50:12Z -> 20261122T045012Z (a file name without ':').
std::string sessionStamp()
{
    std::string now = utcNow();
    now.erase(std::remove_if(now.begin(), now.end(), [](char c) { return c == '-' || c == ':'; }),
              now.end());
    return now;
}
} // namespace

ParticipantSummary summarizeParticipant(const SessionFileContents& contents)
{
    ParticipantSummary summary;
    summary.testTrials = resultRows(contents, TrialSelection::Test);
    summary.metrics = analyze(summary.testTrials, {"kind", "model"});
    return summary;
}

SessionRecorder::SessionRecorder(std::string participantFolder)
    : m_folder(std::move(participantFolder))
{}

void SessionRecorder::prepareFolder() const
{
    ensureWritableFolder(m_folder);
}

void SessionRecorder::create(const SessionHeaderInfo& info)
{
    prepareFolder();
    const Experiment& experiment = *info.experiment;
    std::string id = experiment.id + "-" + sessionStamp();
    for (int n = 2; fs::exists(fs::path(m_folder) / (id + ".jsonl")); ++n)
        id = experiment.id + "-" + sessionStamp() + "-" + std::to_string(n);
    m_sessionId = id;
    m_header = {
        {"type", "header"},
        {"format", sessionFormat},
        {"software",
         {{"name", "stagelab"}, {"version", STAGELAB_VERSION}, {"commit", STAGELAB_GIT_COMMIT}}},
        {"session", id},
        {"participant", info.participant},
        {"participantNumber", info.participantNumber},
        {"startedAt", utcNow()},
        {"simulated", !info.simulator.is_null()},
        {"simulator", info.simulator},
        {"experiment",
         {{"file", fs::absolute(info.experimentFile).string()},
          {"folder", experiment.folder},
          {"sha256", experiment.contentHash},
          {"id", experiment.id},
          {"copy", experiment.document}}},
        {"hrtf", info.hrtf},
        {"hrtfOverride",
         info.hrtfOverride.empty() ? nlohmann::json() : nlohmann::json(info.hrtfOverride)},
        {"stimuli", info.stimuli},
        {"audio", info.audio},
        {"seed", info.plan->seed},
        {"plan", toJson(*info.plan)},
        {"devices", info.devices}};
    if (!info.outputProfile.is_null()) m_header["outputProfile"] = info.outputProfile;
    // Every model the plan uses, in full: its parameters in effect and its room's whole
    // document (a room file may change after the session; the record must not).
    nlohmann::json models = nlohmann::json::object();
    for (const PlannedTrial& trial : info.plan->trials)
        if (!models.contains(trial.model))
            models[trial.model] = experiment.modelVariant(trial.model).toJson();
    m_header["models"] = std::move(models);
    m_writer = SessionFileWriter::create((fs::path(m_folder) / (id + ".jsonl")).string(), m_header);
}

void SessionRecorder::resume(const std::string& path, const SessionFileContents& contents,
                             int answeredBefore, const nlohmann::json& audio)
{
    m_sessionId = fs::path(path).stem().string();
    m_header = contents.header;
    m_writer = SessionFileWriter::reopen(path, contents.validBytes);
    nlohmann::json record = {
        {"type", "resume"}, {"at", utcNow()}, {"answeredBefore", answeredBefore}, {"audio", audio}};
    if (contents.tornTail) record["discardedTornLine"] = *contents.tornTail;
    m_writer->write(record);
}

void SessionRecorder::recordTrial(const TrialRecord& record)
{
    m_writer->write(trialRecordToJson(record)); // fsync'd before the next trial can begin
}

void SessionRecorder::recordAudioChange(const std::string& reason, int answeredBefore,
                                        const nlohmann::json& audio)
{
    m_writer->write({{"type", "audio-change"},
                     {"at", utcNow()},
                     {"reason", reason},
                     {"answeredBefore", answeredBefore},
                     {"audio", audio}});
}

void SessionRecorder::writeSummary(const ParticipantSummary& summary, int planned, int answered)
{
    const nlohmann::json& experiment = m_header.value("experiment", nlohmann::json::object());
    const nlohmann::json document = {
        {"format", "stagelab.session-summary/1"},
        {"session", m_sessionId},
        {"participant", m_header.value("participant", "")},
        {"experiment",
         {{"id", experiment.value("id", "")}, {"sha256", experiment.value("sha256", "")}}},
        {"simulated", m_header.value("simulated", false)},
        {"startedAt", m_header.value("startedAt", "")},
        {"finishedAt", utcNow()},
        {"trials", {{"planned", planned}, {"answered", answered}}},
        {"file", fs::path(path()).filename().string()},
        {"metrics", nlohmann::json::parse(analysisToJson(summary.metrics))}};
    writeFileAtomically(summaryPath(), document.dump(2) + "\n");
}

const std::string& SessionRecorder::path() const
{
    if (!m_writer) throw Error("no session file has been started");
    return m_writer->path();
}

std::string SessionRecorder::summaryPath() const
{
    return (fs::path(m_folder) / (m_sessionId + ".json")).string();
}

} // namespace stagelab
