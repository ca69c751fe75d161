#include "results/session_import.h"

#include "results/participant.h"
#include "results/session_file.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"

#include <cctype>
#include <filesystem>
#include <map>

namespace stagelab {

namespace {
namespace fs = std::filesystem;

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

void writeImportedSessions(const std::vector<ResultRow>& rows, const ImportSource& source,
                           const std::string& outFolder,
                           const std::function<void(const ImportedSession&)>& written)
{
    const std::string stem = fs::path(source.file).stem().string();
    std::map<std::string, std::vector<const ResultRow*>> byParticipant;
    for (const ResultRow& row : rows) {
        const auto found = row.factors.find("participant");
        byParticipant[found == row.factors.end() ? stem : found->second].push_back(&row);
    }
    for (const auto& [rawParticipant, participantRows] : byParticipant) {
        const std::string participant = sanitizedParticipant(rawParticipant);
        const fs::path folder = fs::path(outFolder) / participant;
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
                                        {{"file", fs::absolute(source.file).string()},
                                         {"sha256", source.sha256},
                                         {"columns", source.columns},
                                         {"azimuthConvention", source.azimuthConvention},
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
        written({path.string(), participantRows.size()});
    }
}

} // namespace stagelab
