#include "results/result_rows.h"

#include "results/session_reading.h"

#include "util/error.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <functional>
#include <set>

namespace stagelab {

namespace {
/// A number as a factor level: what `std::ostream << value` writes (6 significant digits, %g,
/// always a decimal point), without a stream per row. Not snprintf: it follows the C locale,
/// which Qt sets from the environment (a German desktop would write "22,5").
std::string number(double value)
{
    char text[32];
    const auto written =
        std::to_chars(text, text + sizeof text, value, std::chars_format::general, 6);
    return std::string(text, written.ptr);
}

// The factors every row has, in the order a std::map keeps them (sorted): a row is filled by
// walking its map's nodes. A row with more (a stage map's "ensemble", an imported column) has
// its map rebuilt for the next row.
constexpr std::array<std::string_view, 16> standardFactors = {
    "block",   "device",    "distanceM", "distractors", "experiment", "headTracking",
    "hrtf",    "kind",      "model",     "participant", "phase",      "repetition",
    "session", "simulated", "stimulus",  "widthDeg"};
static_assert(std::is_sorted(standardFactors.begin(), standardFactors.end()));
} // namespace

void forEachResultRow(const SessionFileContents& contents, TrialSelection selection,
                      const std::function<void(ResultRow&)>& use)
{
    const nlohmann::json& header = contents.header;
    const std::string hrtf = header.contains("hrtf") && header["hrtf"].is_object()
                                 ? header["hrtf"].value("name", "")
                                 : "";
    const std::string participant = header.value("participant", "");
    const std::string session = header.value("session", "");
    const std::string experiment =
        header.contains("experiment") ? header["experiment"].value("id", "") : "";
    const std::string simulated = header.value("simulated", false) ? "true" : "false";
    // One row, filled again for each trial: its factor map keeps its nodes and their strings'
    // storage, so a study's half a million rows cost no allocations for their factors.
    ResultRow row;
    const auto emit = [&](const TrialRecord& answered, const TrialRecord& record) {
        const PlannedTrial& trial = record.trial;
        std::map<std::string, std::string> factors = std::move(row.factors);
        row = ResultRow{};
        const std::string repetition = std::to_string(trial.repetition);
        const std::string distractors = std::to_string(trial.distractors.size());
        const std::string widthDeg = number(trial.widthDeg);
        const std::string distanceM = trial.distanceM == 0.0 ? "ref" : number(trial.distanceM);
        // In standardFactors' order.
        const std::array<std::string_view, standardFactors.size()> levels = {
            trial.blockId,
            trial.device,
            distanceM,
            distractors,
            experiment,
            trial.headTracking ? "on" : "off",
            hrtf,
            trial.kind,
            trial.model,
            participant,
            trial.training ? "training" : "test",
            repetition,
            session,
            simulated,
            trial.stimulus,
            widthDeg};
        if (factors.size() == standardFactors.size()) {
            // Exactly the standard factors (the last row's): the map's nodes in its order.
            auto node = factors.begin();
            for (const std::string_view level : levels)
                (node++)->second.assign(level);
        } else {
            factors.clear();
            for (size_t f = 0; f < levels.size(); ++f)
                factors.emplace(standardFactors[f], levels[f]);
        }
        // Imported data keep their own columns as factors.
        for (const auto& [name, value] : record.factors)
            factors[name] = value;
        row.factors = std::move(factors);
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
        if (selection == TrialSelection::Test && !isTestTrial(row)) return;
        use(row);
    };
    for (const TrialRecord& answered : contents.trials) {
        // Only a stage map becomes several rows; any other trial is its own record (no copy).
        if (answered.trial.responseMode == "stage-map" && !answered.trial.instruments.empty())
            for (const TrialRecord& record : perInstrumentRecords(answered))
                emit(answered, record);
        else
            emit(answered, answered);
    }
}

std::vector<ResultRow> resultRows(const SessionFileContents& contents, TrialSelection selection)
{
    std::vector<ResultRow> rows;
    rows.reserve(contents.trials.size());
    forEachResultRow(contents, selection, [&](ResultRow& row) { rows.push_back(row); });
    return rows;
}

void TrialCounter::add(const ResultRow& row)
{
    if (row.stageMapTrial.empty()) {
        ++m_rows;
    } else {
        m_stages.insert(row.stageMapTrial);
        ++m_placements;
    }
}

void TrialCounter::add(const TrialCounter& other)
{
    m_rows += other.m_rows;
    m_placements += other.m_placements;
    m_stages.insert(other.m_stages.begin(), other.m_stages.end());
}

std::string TrialCounter::describe(const std::string& noun) const
{
    const size_t trials = m_rows + m_stages.size();
    return std::to_string(trials) + " " + noun +
           (m_stages.empty() ? ""
                             : " (" + std::to_string(m_stages.size()) + " of them stage maps, " +
                                   std::to_string(m_placements) + " placements)");
}

std::string describeTrialCount(const std::vector<ResultRow>& rows, const std::string& noun)
{
    TrialCounter counter;
    for (const ResultRow& row : rows)
        counter.add(row);
    return counter.describe(noun);
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

std::vector<std::string> sessionFilePaths(const std::vector<std::string>& paths)
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
    return files;
}

std::vector<SessionFileContents> readSessionFiles(const std::vector<std::string>& paths,
                                                  std::vector<std::string>& warnings, bool strict)
{
    std::vector<SessionFileContents> sessions;
    readSessionFilesInOrder(
        paths, warnings, strict, [](SessionFileContents&& contents) { return std::move(contents); },
        [&](SessionFileContents&& contents) { sessions.push_back(std::move(contents)); });
    return sessions;
}

size_t forEachSessionRows(const std::vector<std::string>& paths, TrialSelection selection,
                          std::vector<std::string>& warnings, bool strict,
                          const std::function<void(std::vector<ResultRow>&&)>& consume)
{
    return readSessionFilesInOrder(
        paths, warnings, strict,
        [selection](SessionFileContents&& contents) { return resultRows(contents, selection); },
        consume);
}

} // namespace stagelab
