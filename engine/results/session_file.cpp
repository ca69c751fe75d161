#include "results/session_file.h"

#include "util/json_document.h"

#include "results/trial_line_parser.h"
#include "util/error.h"
#include "util/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace stagelab {

SessionFileWriter SessionFileWriter::create(const std::string& path, const nlohmann::json& header)
{
    const int descriptor =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (descriptor < 0)
        throw Error("cannot create session file '" + path + "': " + systemErrorText());
    SessionFileWriter writer(path, descriptor);
    syncFolderOf(path);
    writer.write(header);
    return writer;
}

SessionFileWriter SessionFileWriter::reopen(const std::string& path, uint64_t validBytes)
{
    const int descriptor = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (descriptor < 0)
        throw Error("cannot open session file '" + path + "' to continue it: " + systemErrorText());
    SessionFileWriter writer(path, descriptor);
    if (::ftruncate(descriptor, off_t(validBytes)) != 0 || ::fsync(descriptor) != 0)
        throw Error("cannot cut the torn last line of '" + path + "': " + systemErrorText());
    return writer;
}

SessionFileWriter::SessionFileWriter(SessionFileWriter&& other) noexcept
    : m_path(std::move(other.m_path)), m_descriptor(std::exchange(other.m_descriptor, -1))
{}

SessionFileWriter& SessionFileWriter::operator=(SessionFileWriter&& other) noexcept
{
    std::swap(m_path, other.m_path);
    std::swap(m_descriptor, other.m_descriptor);
    return *this;
}

SessionFileWriter::~SessionFileWriter()
{
    if (m_descriptor >= 0) ::close(m_descriptor);
}

void SessionFileWriter::write(const nlohmann::json& record)
{
    // One write() of the whole line: a crash leaves at most one torn line, never a mix.
    writeAll(m_descriptor, record.dump() + "\n", m_path);
    if (::fsync(m_descriptor) != 0)
        throw Error("cannot sync '" + m_path + "' to disk: " + systemErrorText());
}

SessionFileContents readSessionFile(const std::string& path, bool strict)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) throw Error("cannot read session file '" + path + "': " + systemErrorText());
    file.seekg(0, std::ios::end);
    std::string text(size_t(file.tellg()), '\0');
    file.seekg(0);
    if (!file.read(text.data(), std::streamsize(text.size())))
        throw Error("cannot read session file '" + path + "': " + systemErrorText());
    SessionFileContents contents;
    contents.path = path;
    const size_t lastNewline = text.rfind('\n');
    if (lastNewline == std::string::npos)
        throw Error("session file '" + path + "' has no complete header line");
    contents.validBytes = lastNewline + 1;
    if (contents.validBytes < text.size()) contents.tornTail = text.substr(contents.validBytes);

    std::set<int> indices;
    size_t begin = 0;
    for (int lineNumber = 1; begin < contents.validBytes; ++lineNumber) {
        const size_t end = text.find('\n', begin);
        const char* lineBegin = text.data() + begin;
        const char* lineEnd = text.data() + end;
        begin = end + 1;
        const std::string where = path + ":" + std::to_string(lineNumber);
        auto problem = [&](const std::string& message) {
            if (strict || lineNumber == 1) throw Error(where + ": " + message);
            contents.warnings.push_back(where + ": " + message + " (line skipped)");
        };
        if (lineNumber > 1) {
            // Trial lines are most of a file: read them without building a document.
            TrialRecord trial;
            bool isTrial = false;
            try {
                isTrial = parseTrialLine(lineBegin, lineEnd, trial);
            } catch (const Error& error) {
                problem(error.what());
                continue;
            }
            if (isTrial) {
                trial.sourceLine = lineNumber;
                if (!indices.insert(trial.trial.index).second)
                    problem("trial " + std::to_string(trial.trial.index) + " is recorded twice");
                else
                    contents.trials.push_back(std::move(trial));
                continue;
            }
        }
        // Reading for analysis skips the header's plan and experiment copy: a big experiment's
        // plan can outweigh its trials, and only resuming needs it.
        const auto skipBulk = [strict](int depth, nlohmann::json::parse_event_t event,
                                       nlohmann::json& parsed) {
            return strict || event != nlohmann::json::parse_event_t::key ||
                   !((depth == 1 && parsed == "plan") || (depth == 2 && parsed == "copy"));
        };
        nlohmann::json record;
        try {
            record = parseJsonDocument(std::string_view(lineBegin, size_t(lineEnd - lineBegin)),
                                       skipBulk);
        } catch (const JsonSyntaxError& error) {
            problem(std::string("not a valid JSON record: ") + error.what());
            continue;
        }
        const std::string type = record.is_object() ? record.value("type", "") : "";
        if (lineNumber == 1) {
            if (type != "header" || record.value("format", "") != sessionFormat)
                throw Error(where + ": not a " + std::string(sessionFormat) + " header");
            contents.header = std::move(record);
            continue;
        }
        if (!type.empty()) {
            contents.otherRecords.push_back(std::move(record));
        } else {
            problem("record without a \"type\"");
        }
    }
    return contents;
}

} // namespace stagelab
