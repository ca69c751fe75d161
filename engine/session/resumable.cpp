#include "session/resumable.h"

#include "results/participant.h"
#include "results/session_file.h"

#include <algorithm>
#include <filesystem>

namespace stagelab {

std::vector<ResumableSession> findResumableSessions(const std::string& resultsFolder,
                                                    const std::string& participant)
{
    namespace fs = std::filesystem;
    std::vector<ResumableSession> found;
    std::error_code error;
    const fs::path folder = fs::path(resultsFolder) / checkedParticipantId(participant);
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        const fs::path path = entry.path();
        if (path.extension() != ".jsonl" || fs::exists(fs::path(path).replace_extension(".json")))
            continue;
        try {
            const SessionFileContents contents =
                readSessionFile(path.string(), true); // strict: what resume() reads
            ResumableSession session;
            session.sessionId = path.stem().string();
            session.path = path.string();
            session.experimentId = contents.header["experiment"].value("id", "");
            session.startedAt = contents.header.value("startedAt", "");
            session.answered = int(contents.trials.size());
            session.planned = int(contents.header["plan"]["trials"].size());
            found.push_back(session);
        } catch (const std::exception&) {
            // Unreadable or malformed: resume() would refuse it, with the reason.
        }
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.startedAt > b.startedAt; });
    return found;
}

} // namespace stagelab
