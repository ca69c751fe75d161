#pragma once
/// Finding a participant's interrupted sessions: the Start page offers them for resuming.

#include <string>
#include <vector>

namespace stagelab {

/// A session file with no summary next to it (it did not reach the end).
struct ResumableSession
{
    std::string sessionId;
    std::string path;
    std::string experimentId;
    std::string startedAt;
    int answered = 0;
    int planned = 0;
};

/// Interrupted sessions of `participant` under `resultsFolder`, newest first. Files that cannot
/// be read are left out (resume() would report why); never throws for a missing folder.
std::vector<ResumableSession> findResumableSessions(const std::string& resultsFolder,
                                                    const std::string& participant);

} // namespace stagelab
