// Exports of session files: a tidy CSV (one row per trial), a BIDS `beh` folder, or a summary
// JSON of the standard metrics. Shared by `stagelab-cli export` and the GUI's results browser.

#include "results/export.h"

#include "analysis/grouping.h"
#include "analysis/text_format.h"
#include "results/result_rows.h"
#include "spatial/direction.h"
#include "util/error.h"
#include "util/files.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

namespace stagelab {

namespace {
namespace fs = std::filesystem;

/// One column of the trial table: name, BIDS description, unit, and how to get the value.
struct Column
{
    const char* name;
    const char* description;
    const char* units;
    std::string (*value)(const nlohmann::json& header, const TrialRecord& record);
};

std::string number(std::optional<double> value)
{
    return value && std::isfinite(*value) ? formatNumberExact(*value) : std::string();
}

const std::vector<Column>& columns()
{
    static const std::vector<Column> list = {
        {"participant", "Pseudonymous participant id", "",
         [](const nlohmann::json& h, const TrialRecord&) {
             return h.value("participant", std::string());
         }},
        {"session", "Session id (file name of the session)", "",
         [](const nlohmann::json& h, const TrialRecord&) {
             return h.value("session", std::string());
         }},
        {"trial", "0-based trial index in the session plan", "",
         [](const nlohmann::json&, const TrialRecord& r) { return std::to_string(r.trial.index); }},
        {"block", "Block id", "",
         [](const nlohmann::json&, const TrialRecord& r) { return r.trial.blockId; }},
        {"phase", "training or test", "",
         [](const nlohmann::json&, const TrialRecord& r) {
             return std::string(r.trial.training ? "training" : "test");
         }},
        {"kind", "localization, width, externalization or stage-map", "",
         [](const nlohmann::json&, const TrialRecord& r) { return r.trial.kind; }},
        {"stimulus", "Target stimulus id", "",
         [](const nlohmann::json&, const TrialRecord& r) { return r.trial.stimulus; }},
        {"model", "Rendering model", "",
         [](const nlohmann::json&, const TrialRecord& r) { return r.trial.model; }},
        {"device", "Playback device id", "",
         [](const nlohmann::json&, const TrialRecord& r) { return r.trial.device; }},
        {"repetition", "Repetition of the condition", "",
         [](const nlohmann::json&, const TrialRecord& r) {
             return std::to_string(r.trial.repetition);
         }},
        {"distractors", "Number of simultaneous distractor sources", "",
         [](const nlohmann::json&, const TrialRecord& r) {
             return std::to_string(r.trial.distractors.size());
         }},
        {"target_azimuth", "Target azimuth, SOFA convention (0 front, +90 left)", "degree",
         [](const nlohmann::json&, const TrialRecord& r) { return number(r.trial.azimuthDeg); }},
        {"target_elevation", "Target elevation (+90 up)", "degree",
         [](const nlohmann::json&, const TrialRecord& r) { return number(r.trial.elevationDeg); }},
        {"target_width", "Target source width (azimuth extent)", "degree",
         [](const nlohmann::json&, const TrialRecord& r) { return number(r.trial.widthDeg); }},
        {"target_distance",
         "Target distance from the head's centre (empty: the model's reference distance, the "
         "HRTF set's measurement distance)",
         "metre",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.trial.distanceM == 0.0 ? std::string() : number(r.trial.distanceM);
         }},
        {"response_azimuth", "Response azimuth, SOFA convention", "degree",
         [](const nlohmann::json&, const TrialRecord& r) { return number(r.response.azimuthDeg); }},
        {"response_elevation", "Response elevation (empty: azimuth-only response)", "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return number(r.response.elevationDeg);
         }},
        {"response_left_edge", "Width trials: azimuth of the perceived left edge", "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return number(r.response.leftEdgeDeg);
         }},
        {"response_right_edge", "Width trials: azimuth of the perceived right edge", "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return number(r.response.rightEdgeDeg);
         }},
        {"response_distance", "Perceived distance (azimuth-distance answers)", "metre",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.response.distanceM ? number(*r.response.distanceM) : std::string();
         }},
        {"externalization",
         "Externalization rating, 0 inside the head ... 4 outside, far away, at the sound's place "
         "(Hassager et al. 2016)",
         "",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.response.externalization ? std::to_string(*r.response.externalization)
                                               : std::string();
         }},
        {"azimuth_error", "Response minus target azimuth, wrapped to (-180, 180]", "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.response.azimuthDeg
                        ? number(wrapDifferenceDeg(*r.response.azimuthDeg - r.trial.azimuthDeg))
                        : std::string();
         }},
        {"great_circle_error", "Angle between target and response directions", "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.response.azimuthDeg
                        ? number(angleBetweenDeg(
                              {r.trial.azimuthDeg, r.trial.elevationDeg},
                              {*r.response.azimuthDeg, r.response.elevationDeg.value_or(0.0)}))
                        : std::string();
         }},
        {"response_time", "From the onset of the last play to the answer", "second",
         [](const nlohmann::json&, const TrialRecord& r) { return number(r.responseTimeS); }},
        {"replays", "Replays the listener asked for", "",
         [](const nlohmann::json&, const TrialRecord& r) { return std::to_string(r.replays); }},
        {"late_callbacks", "Late audio callbacks while the trial played", "",
         [](const nlohmann::json&, const TrialRecord& r) {
             return std::to_string(r.lateCallbacks);
         }},
        {"underruns", "Audio underruns while the trial played", "",
         [](const nlohmann::json&, const TrialRecord& r) { return std::to_string(r.underruns); }},
        {"level", "Loudness target of the stimuli", "LUFS",
         [](const nlohmann::json&, const TrialRecord& r) { return number(r.levelLufs); }},
        {"simulated", "true if a simulated listener answered", "",
         [](const nlohmann::json& h, const TrialRecord&) {
             return std::string(h.value("simulated", false) ? "true" : "false");
         }},
        // Last, so that the columns of exports written before keep their places.
        {"ensemble",
         "Stage-map trials: the ensemble; such a trial has a row per instrument, its stimulus the "
         "instrument, its target the instrument's place, its response the listener's placement",
         "", [](const nlohmann::json&, const TrialRecord& r) { return r.trial.ensemble; }},
        {"head_tracking",
         "on: the scene stayed put while the tracked head turned; off: it turned with the head", "",
         [](const nlohmann::json&, const TrialRecord& r) {
             return std::string(r.trial.headTracking ? "on" : "off");
         }},
        {"head_yaw_range",
         "With a head tracker: largest less smallest head yaw from the first Play to the answer",
         "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.head && r.head->sampleCount > 0 ? number(r.head->yawRangeDeg) : std::string();
         }},
        {"head_mean_abs_yaw",
         "With a head tracker: mean absolute head yaw from the first Play to the answer", "degree",
         [](const nlohmann::json&, const TrialRecord& r) {
             return r.head && r.head->sampleCount > 0 ? number(r.head->meanAbsYawDeg)
                                                      : std::string();
         }},
    };
    return list;
}

void writeText(const fs::path& path, const std::string& text)
{
    writeFileAtomically(path.string(), text); // an export is never left half-written
}

void createFolder(const fs::path& folder)
{
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) throw Error("cannot create '" + folder.string() + "': " + error.message());
}

std::string table(const std::vector<SessionFileContents>& sessions, char separator, bool bids)
{
    auto field = [&](const std::string& text) {
        return separator == ',' ? csvField(text) : (text.empty() && bids ? "n/a" : text);
    };
    std::string out;
    for (size_t c = 0; c < columns().size(); ++c)
        out += (c ? std::string(1, separator) : "") + columns()[c].name;
    out += "\n";
    for (const SessionFileContents& session : sessions)
        for (const TrialRecord& trial : session.trials)
            for (const TrialRecord& record : perInstrumentRecords(trial)) {
                for (size_t c = 0; c < columns().size(); ++c)
                    out += (c ? std::string(1, separator) : "") +
                           field(columns()[c].value(session.header, record));
                out += "\n";
            }
    return out;
}

/// BIDS labels are alphanumeric.
std::string bidsLabel(const std::string& text)
{
    std::string label;
    for (char c : text)
        if (std::isalnum(static_cast<unsigned char>(c))) label += c;
    return label.empty() ? "x" : label;
}
} // namespace

std::string exportTrialsCsv(const std::vector<SessionFileContents>& sessions,
                            const std::string& folder)
{
    createFolder(folder);
    const fs::path path = fs::path(folder) / "trials.csv";
    writeText(path, table(sessions, ',', false));
    return path.string();
}

std::string exportSummaryJson(const std::vector<SessionFileContents>& sessions,
                              const std::string& folder)
{
    createFolder(folder);
    const std::vector<ResultRow> rows = resultRows(sessions, TrialSelection::Test);
    nlohmann::json summary = {
        {"format", "stagelab.summary/1"},
        {"sessions", nlohmann::json::array()},
        {"byParticipantAndModel",
         nlohmann::json::parse(analysisToJson(analyze(rows, {"participant", "model"})))},
        {"byModel", nlohmann::json::parse(analysisToJson(analyze(rows, {"model"})))}};
    for (const SessionFileContents& session : sessions)
        summary["sessions"].push_back({{"file", session.path},
                                       {"session", session.header.value("session", "")},
                                       {"participant", session.header.value("participant", "")},
                                       {"trials", session.trials.size()}});
    const fs::path path = fs::path(folder) / "summary.json";
    writeText(path, summary.dump(2) + "\n");
    return path.string();
}

std::string exportBids(const std::vector<SessionFileContents>& sessions, const std::string& folder)
{
    // BIDS labels are letters and digits only: p-01, p_01 and p01 would all be sub-p01, and
    // their trials one subject's. Refused before anything is written.
    std::map<std::string, std::string> participantOfLabel;
    for (const SessionFileContents& session : sessions) {
        const std::string participant = session.header.value("participant", "");
        const auto [entry, added] = participantOfLabel.emplace(bidsLabel(participant), participant);
        if (!added && entry->second != participant)
            throw Error("participants '" + entry->second + "' and '" + participant +
                        "' would both be BIDS subject 'sub-" + entry->first +
                        "' (BIDS labels keep letters and digits only); rename one of them");
    }
    // One _beh.tsv per session with a JSON sidecar describing every column.
    const fs::path out(folder);
    createFolder(out);
    writeText(out / "dataset_description.json",
              nlohmann::json{{"Name", "Stagelab listening-test results"},
                             {"BIDSVersion", "1.8.0"},
                             {"DatasetType", "raw"},
                             {"GeneratedBy", {{{"Name", "Stagelab"}, {"Version", "0.1.0"}}}}}
                      .dump(2) +
                  "\n");
    std::string participants = "participant_id\n";
    std::map<std::string, int> runs;
    for (const SessionFileContents& session : sessions) {
        const std::string subject = bidsLabel(session.header.value("participant", ""));
        const std::string task = bidsLabel(session.header.contains("experiment")
                                               ? session.header["experiment"].value("id", "")
                                               : "");
        if (runs[subject] == 0) participants += "sub-" + subject + "\n";
        const int run = ++runs[subject];
        const fs::path beh = out / ("sub-" + subject) / "beh";
        createFolder(beh);
        const std::string stem =
            "sub-" + subject + "_task-" + task + "_run-" + std::to_string(run) + "_beh";
        writeText(beh / (stem + ".tsv"), table({session}, '\t', true));
        nlohmann::json sidecar = {{"TaskName", task},
                                  {"StagelabSession", session.header.value("session", "")}};
        for (const Column& column : columns()) {
            sidecar[column.name] = {{"Description", column.description}};
            if (*column.units) sidecar[column.name]["Units"] = column.units;
        }
        writeText(beh / (stem + ".json"), sidecar.dump(2) + "\n");
    }
    writeText(out / "participants.tsv", participants);
    return out.string();
}

} // namespace stagelab
