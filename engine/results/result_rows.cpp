#include "results/result_rows.h"

#include "util/error.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <set>
#include <sstream>
#include <thread>

namespace stagelab {

namespace {
std::string number(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}
} // namespace

std::vector<ResultRow> resultRows(const SessionFileContents& contents, TrialSelection selection)
{
    const nlohmann::json& header = contents.header;
    const std::string hrtf = header.contains("hrtf") && header["hrtf"].is_object()
                                 ? header["hrtf"].value("name", "")
                                 : "";
    std::vector<ResultRow> rows;
    for (const TrialRecord& answered : contents.trials)
        for (const TrialRecord& record : perInstrumentRecords(answered)) {
            const PlannedTrial& trial = record.trial;
            ResultRow row;
            row.factors = {{"participant", header.value("participant", "")},
                           {"session", header.value("session", "")},
                           {"experiment", header.contains("experiment")
                                              ? header["experiment"].value("id", "")
                                              : ""},
                           {"block", trial.blockId},
                           {"kind", trial.kind},
                           {"phase", trial.training ? "training" : "test"},
                           {"stimulus", trial.stimulus},
                           {"model", trial.model},
                           {"device", trial.device},
                           {"hrtf", hrtf},
                           {"repetition", std::to_string(trial.repetition)},
                           {"distractors", std::to_string(trial.distractors.size())},
                           {"widthDeg", number(trial.widthDeg)},
                           {"distanceM", trial.distanceM == 0.0 ? "ref" : number(trial.distanceM)},
                           {"simulated", header.value("simulated", false) ? "true" : "false"},
                           {"headTracking", trial.headTracking ? "on" : "off"}};
            // Imported data keep their own columns as factors.
            for (const auto& [name, value] : record.factors)
                row.factors[name] = value;
            row.kind = trial.kind;
            row.targetAzimuthDeg = trial.azimuthDeg;
            row.targetElevationDeg = trial.elevationDeg;
            row.targetWidthDeg = trial.widthDeg;
            row.responseAzimuthDeg = record.response.azimuthDeg;
            row.responseElevationDeg = record.response.elevationDeg;
            row.responseLeftEdgeDeg = record.response.leftEdgeDeg;
            row.responseRightEdgeDeg = record.response.rightEdgeDeg;
            if (trial.distanceM > 0.0) row.targetDistanceM = trial.distanceM;
            row.responseDistanceM = record.response.distanceM;
            if (record.response.externalization)
                row.externalization = double(*record.response.externalization);
            if (record.head && record.head->sampleCount > 0) {
                row.headYawRangeDeg = record.head->yawRangeDeg;
                row.headMeanAbsYawDeg = record.head->meanAbsYawDeg;
            }
            if (answered.trial.responseMode == "stage-map") {
                row.factors["ensemble"] = trial.ensemble;
                // The placements of one stage map belong together (its width, depth and order);
                // the file names the session even when two copies of it are read.
                row.stageMapTrial = contents.path + "#" + std::to_string(trial.index);
                row.stageSize = int(answered.trial.instruments.size());
            }
            if (selection == TrialSelection::Test && !isTestTrial(row)) continue;
            rows.push_back(std::move(row));
        }
    return rows;
}

std::string describeTrialCount(const std::vector<ResultRow>& rows, const std::string& noun)
{
    std::set<std::string> stages;
    size_t placements = 0;
    for (const ResultRow& row : rows)
        if (!row.stageMapTrial.empty()) {
            stages.insert(row.stageMapTrial);
            ++placements;
        }
    const size_t trials = rows.size() - placements + stages.size();
    return std::to_string(trials) + " " + noun +
           (stages.empty() ? ""
                           : " (" + std::to_string(stages.size()) + " of them stage maps, " +
                                 std::to_string(placements) + " placements)");
}

std::vector<ResultRow> resultRows(const std::vector<SessionFileContents>& sessions,
                                  TrialSelection selection)
{
    std::vector<ResultRow> rows;
    for (const SessionFileContents& session : sessions)
        for (ResultRow& row : resultRows(session, selection))
            rows.push_back(std::move(row));
    return rows;
}

std::vector<SessionFileContents> readSessionFiles(const std::vector<std::string>& paths,
                                                  std::vector<std::string>& warnings, bool strict)
{
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code error;
        if (fs::is_directory(path, error)) {
            for (const auto& entry : fs::recursive_directory_iterator(path, error))
                if (entry.is_regular_file() && entry.path().extension() == ".jsonl")
                    files.push_back(entry.path().string());
        } else if (fs::is_regular_file(path, error)) {
            files.push_back(path);
        } else {
            throw Error("'" + path + "' is neither a session file nor a folder");
        }
    }
    // One file named twice (a folder and a file in it, or two spellings of one path) is read
    // once: its trials would count twice, and its stage maps would have every placement twice.
    for (std::string& file : files) {
        std::error_code error;
        const fs::path canonical = fs::weakly_canonical(file, error);
        if (!error) file = canonical.string();
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    // Parsing JSON dominates: read the files on every core, keep the order.
    std::vector<std::future<SessionFileContents>> pending;
    std::vector<SessionFileContents> sessions;
    const size_t threads = std::max(1u, std::thread::hardware_concurrency());
    size_t next = 0;
    auto launch = [&]() {
        pending.push_back(std::async(std::launch::async, readSessionFile, files[next++], false));
    };
    while (next < files.size() && pending.size() < threads)
        launch();
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string& file = files[i];
        std::future<SessionFileContents> reading = std::move(pending[i]);
        if (next < files.size()) launch();
        SessionFileContents contents;
        try {
            contents = reading.get();
        } catch (const Error& error) {
            if (strict) throw;
            warnings.push_back(std::string(error.what()) + " - the file is skipped");
            continue;
        }
        warnings.insert(warnings.end(), contents.warnings.begin(), contents.warnings.end());
        if (contents.tornTail)
            warnings.push_back(file + ": ends in a torn line (" +
                               std::to_string(contents.tornTail->size()) +
                               " bytes; an interrupted write) - ignored");
        sessions.push_back(std::move(contents));
    }
    if (sessions.empty())
        throw Error(files.empty() ? "no session files (*.jsonl) found in the given paths"
                                  : "none of the " + std::to_string(files.size()) +
                                        " session files could be read");
    return sessions;
}

} // namespace stagelab
