#include "cli/analysis_commands.h"

#include "analysis/csv_import.h"
#include "analysis/grouping.h"
#include "analysis/localization_metrics.h"
#include "analysis/statistics.h"
#include "cli/scene_options.h"
#include "results/result_rows.h"
#include "results/session_file.h"
#include "session/participant.h"
#include "util/error.h"
#include "util/sha256.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <future>
#include <iostream>
#include <set>
#include <thread>

namespace stagelab::cli {

namespace {
namespace fs = std::filesystem;

std::vector<ResultRow> loadRows(const std::vector<std::string>& paths, bool includeTraining)
{
    std::vector<std::string> warnings;
    const std::vector<SessionFileContents> sessions = readSessionFiles(paths, warnings);
    for (const std::string& warning : warnings)
        std::cerr << "warning: " << warning << "\n";
    // Rows carry a dozen factor strings each: build them on every core, in session order.
    const size_t workers = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::future<std::vector<ResultRow>>> parts;
    for (size_t w = 0; w < workers; ++w)
        parts.push_back(std::async(std::launch::async, [&, w] {
            std::vector<ResultRow> part;
            for (size_t s = w * sessions.size() / workers; s < (w + 1) * sessions.size() / workers;
                 ++s)
                for (ResultRow& row : resultRows(sessions[s]))
                    if (includeTraining || row.factors["phase"] != "training")
                        part.push_back(std::move(row));
            return part;
        }));
    std::vector<ResultRow> rows;
    for (auto& part : parts) {
        std::vector<ResultRow> chunk = part.get();
        rows.insert(rows.end(), std::make_move_iterator(chunk.begin()),
                    std::make_move_iterator(chunk.end()));
    }
    std::cerr << rows.size() << " trials from " << sessions.size() << " session file(s)\n";
    return rows;
}

/// Any text as a participant id: characters outside [A-Za-z0-9._-] become '_'.
std::string sanitizedParticipant(std::string id)
{
    for (char& c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            c = '_';
    if (id.empty() || id.front() == '.') id = "p" + id;
    return checkedParticipantId(id.substr(0, 64));
}
} // namespace

int importCsvCommand(const ImportOptions& options)
{
    CsvColumns columns;
    for (const std::string& mapping : options.columns) {
        const size_t equals = mapping.find('=');
        const std::string field = mapping.substr(0, equals);
        static const std::vector<std::string> fields = {"targetAzimuthDeg", "targetElevationDeg",
                                                        "responseAzimuthDeg",
                                                        "responseElevationDeg", "participant"};
        if (equals == std::string::npos ||
            std::find(fields.begin(), fields.end(), field) == fields.end())
            throw UsageError(
                "--column " + mapping +
                ": expected FIELD=COLUMN with FIELD one of targetAzimuthDeg, "
                "targetElevationDeg, responseAzimuthDeg, responseElevationDeg, participant");
        columns[field] = mapping.substr(equals + 1);
    }
    if (options.azimuthConvention != "ccw" && options.azimuthConvention != "cw")
        throw UsageError("--azimuth-convention must be ccw (SOFA, +90 = left) or cw (+90 = right)");
    const std::vector<ResultRow> rows =
        importLocalizationCsv(options.file, columns, options.azimuthConvention);
    const std::string stem = fs::path(options.file).stem().string();
    std::map<std::string, std::vector<const ResultRow*>> byParticipant;
    for (const ResultRow& row : rows) {
        const auto found = row.factors.find("participant");
        byParticipant[found == row.factors.end() ? stem : found->second].push_back(&row);
    }
    const std::string hash = sha256OfFile(options.file);
    for (const auto& [rawParticipant, participantRows] : byParticipant) {
        const std::string participant = sanitizedParticipant(rawParticipant);
        const fs::path folder = fs::path(options.out) / participant;
        ensureWritableFolder(folder.string());
        const std::string session = "import-" + sanitizedParticipant(stem);
        const fs::path path = folder / (session + ".jsonl");
        if (fs::exists(path))
            throw Error("'" + path.string() +
                        "' already exists; remove it or import into another folder");
        const nlohmann::json header = {{"type", "header"},
                                       {"format", sessionFormat},
                                       {"session", session},
                                       {"participant", participant},
                                       {"startedAt", utcNow()},
                                       {"simulated", false},
                                       {"experiment", {{"id", "import-" + stem}}},
                                       {"imported",
                                        {{"file", fs::absolute(options.file).string()},
                                         {"sha256", hash},
                                         {"columns", columns},
                                         {"azimuthConvention", options.azimuthConvention},
                                         {"sourceParticipant", rawParticipant}}}};
        SessionFileWriter writer = SessionFileWriter::create(path.string(), header);
        int index = 0;
        for (const ResultRow* row : participantRows) {
            TrialRecord record;
            record.trial.index = index++;
            record.trial.blockId = "imported";
            record.trial.kind = "localization";
            record.trial.responseMode = row->responseElevationDeg ? "azimuth-elevation" : "azimuth";
            record.trial.azimuthDeg = row->targetAzimuthDeg;
            record.trial.elevationDeg = row->targetElevationDeg;
            record.response.azimuthDeg = row->responseAzimuthDeg;
            record.response.elevationDeg = row->responseElevationDeg;
            record.factors = row->factors;
            record.factors.erase("participant");
            writer.write(trialRecordToJson(record));
        }
        std::cerr << "Wrote " << participantRows.size() << " trials to " << path.string() << "\n";
    }
    return 0;
}

int analyzeCommand(const AnalyzeOptions& options)
{
    const std::vector<ResultRow> rows = loadRows(options.paths, options.includeTraining);
    const AnalysisResult result = analyze(rows, options.by);
    if (options.format == "json")
        std::cout << analysisToJson(result) << "\n";
    else if (options.format == "csv")
        std::cout << analysisToCsv(result);
    else
        std::cout << analysisToTable(result);
    return 0;
}

int compareCommand(const CompareOptions& options)
{
    if (options.levels.size() != 2)
        throw UsageError("--levels takes exactly two levels, A,B (differences are B - A)");
    ComparisonSpec spec;
    spec.factor = options.factor;
    spec.levelA = options.levels[0];
    spec.levelB = options.levels[1];
    spec.metrics = options.metrics;
    if (spec.metrics.empty()) {
        for (const std::string& metric : metricNames())
            if (metric != "n" && metric != "nWidth") // counts, not measures to compare
                spec.metrics.push_back(metric);
    }
    for (const std::string& metric : spec.metrics)
        if (!isMetricName(metric)) throw UsageError("unknown metric '" + metric + "'");
    spec.withinFactors = options.within;
    const std::vector<ResultRow> rows = loadRows(options.paths, options.includeTraining);
    const std::vector<Comparison> comparisons = compareLevels(rows, spec);
    // Devices (or any factor but the model) are also compared model by model: an effect can
    // hold under one rendering model and vanish under another.
    std::set<std::string> models;
    for (const ResultRow& row : rows)
        models.insert(row.factors.count("model") ? row.factors.at("model") : std::string());
    const bool perModel = options.within.empty() && spec.factor != "model" && models.size() > 1;
    ComparisonSpec modelSpec = spec;
    modelSpec.withinFactors = {"model"};
    const std::vector<Comparison> byModel =
        perModel ? compareLevels(rows, modelSpec) : std::vector<Comparison>();
    if (options.format == "json") {
        nlohmann::json json = nlohmann::json::parse(comparisonsToJson(spec, comparisons));
        if (perModel)
            json["perModel"] =
                nlohmann::json::parse(comparisonsToJson(modelSpec, byModel))["comparisons"];
        std::cout << json.dump(2) << "\n";
    } else {
        std::cout << comparisonsToTable(spec, comparisons);
        if (perModel) std::cout << "\nPer model:\n" << comparisonsToTable(modelSpec, byModel);
    }
    return 0;
}

} // namespace stagelab::cli
