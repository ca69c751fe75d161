#pragma once
/// A session's record on disk (results/<participant>/<session>.jsonl, "stagelab.session/1",
/// fields in results/README.md): the header, then one line per answer, resume and audio change,
/// each fsync'd before the call returns; and at the end the summary beside it
/// (<session>.json, "stagelab.session-summary/1"). The schema of these records lives here.

#include "analysis/grouping.h"
#include "analysis/result_row.h"
#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "results/session_file.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace stagelab {

/// What the header of a new session records about where its answers come from.
struct SessionHeaderInfo
{
    std::string participant;
    int participantNumber = 0;
    nlohmann::json simulator;               ///< How a simulated listener answers; null: a person.
    std::string experimentFile;             ///< The experiment file as opened.
    const Experiment* experiment = nullptr; ///< As validated (its copy goes into the header).
    const TrialPlan* plan = nullptr;
    nlohmann::json hrtf;          ///< Provenance of the HRTF set in use (null if none loaded yet).
    std::string hrtfOverride;     ///< Absolute path of a SOFA file replacing the experiment's.
    nlohmann::json stimuli;       ///< Every stimulus of the plan: file, SHA-256, rate, gain.
    nlohmann::json audio;         ///< The audio output as the trial player describes it.
    nlohmann::json outputProfile; ///< The headphone profile of a session without devices, or null.
    nlohmann::json devices;       ///< Every device: profile, matched level, calibration.
};

/// A participant's own numbers from one session: the answered test trials and their metrics by
/// kind and model (what the Done page shows and the summary file records).
struct ParticipantSummary
{
    std::vector<ResultRow> testTrials;
    AnalysisResult metrics;
};

/// The ParticipantSummary of a session file's contents.
ParticipantSummary summarizeParticipant(const SessionFileContents& contents);

class SessionRecorder
{
public:
    /// For sessions in `participantFolder` (<results>/<participant>).
    explicit SessionRecorder(std::string participantFolder);

    /// Creates the participant's folder if needed; throws Error naming it if it cannot be
    /// created or written (before a session spends time on its devices).
    void prepareFolder() const;

    /// Starts a new session file, named `<experiment id>-<UTC stamp>` (with "-2", "-3", ... if
    /// that name is taken), and writes its header. The folder is created if needed. Throws Error
    /// naming the folder or file on failure.
    void create(const SessionHeaderInfo& info);
    /// Continues the session file at `path`, read as `contents`: cuts off a torn last line and
    /// writes a resume record (which keeps the torn bytes) with the audio output now in use.
    void resume(const std::string& path, const SessionFileContents& contents, int answeredBefore,
                const nlohmann::json& audio);

    /// Appends one answered trial. Throws Error if it cannot be written; everything written
    /// before stays valid.
    void recordTrial(const TrialRecord& record);
    /// Appends an audio-change record: the output failed for `reason` and was replaced.
    void recordAudioChange(const std::string& reason, int answeredBefore,
                           const nlohmann::json& audio);
    /// Writes the summary atomically: the counts and the participant's metrics.
    void writeSummary(const ParticipantSummary& summary, int planned, int answered);

    const std::string& sessionId() const { return m_sessionId; }
    const std::string& path() const;
    std::string summaryPath() const;
    const nlohmann::json& header() const { return m_header; }

private:
    std::string m_folder;
    std::string m_sessionId;
    nlohmann::json m_header;
    std::optional<SessionFileWriter> m_writer;
};

} // namespace stagelab
