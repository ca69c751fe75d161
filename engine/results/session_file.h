#pragma once
/// Session files on disk: appended one JSON line at a time, each written whole and fsync'd
/// before the call returns; read back tolerating a torn last line (a crash mid-write).

#include "results/session_record.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

/// Appends records to one session file.
class SessionFileWriter
{
public:
    /// Creates `path` (which must not exist), fsyncs its folder, and writes `header`.
    static SessionFileWriter create(const std::string& path, const nlohmann::json& header);
    /// Opens an existing file to append after its first `validBytes` bytes (a torn tail beyond
    /// them is cut off; the caller keeps a copy of it).
    static SessionFileWriter reopen(const std::string& path, uint64_t validBytes);

    SessionFileWriter(SessionFileWriter&& other) noexcept;
    SessionFileWriter& operator=(SessionFileWriter&& other) noexcept;
    ~SessionFileWriter();

    /// Writes one record as a line and fsyncs. Throws Error naming the file and the reason
    /// (disk full, file too large, I/O error); the file then ends in a torn line at worst.
    void write(const nlohmann::json& record);
    const std::string& path() const { return m_path; }

private:
    SessionFileWriter(std::string path, int descriptor)
        : m_path(std::move(path)), m_descriptor(descriptor)
    {}
    std::string m_path;
    int m_descriptor = -1;
};

/// A session file as read back.
struct SessionFileContents
{
    std::string path;
    nlohmann::json header;
    std::vector<TrialRecord> trials;          ///< In file order.
    std::vector<nlohmann::json> otherRecords; ///< "resume" records and any future kinds.
    uint64_t validBytes = 0;                  ///< Up to the end of the last complete line.
    std::optional<std::string> tornTail;      ///< Bytes after the last newline (a write cut short).
    std::vector<std::string> warnings;        ///< "<file>:<line>: <reason>" for skipped lines.
};

/// Reads a session file. Throws Error (naming the file) if it is missing, empty or its header
/// is not a stagelab.session/1 header. A malformed or duplicate line after the header is an
/// Error naming its line when `strict` (resume), a warning otherwise (analysis). Non-strict
/// reading leaves the header's "plan" and experiment "copy" out (analysis does not need them).
SessionFileContents readSessionFile(const std::string& path, bool strict);

} // namespace stagelab
