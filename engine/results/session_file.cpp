#include "results/session_file.h"

#include "results/trial_line_parser.h"
#include "util/error.h"
#include "util/files.h"
#include "util/json_document.h"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace stagelab {

namespace {
/// The string member `key` of `record`, or "" when it is missing or not a string.
std::string stringField(const nlohmann::json& record, const char* key)
{
    if (!record.is_object()) return "";
    const auto found = record.find(key);
    return found != record.end() && found->is_string() ? found->get<std::string>() : "";
}

/// What a header field that readers use holds instead of its type ("" if all are right).
std::string headerShapeProblem(const nlohmann::json& header)
{
    using Json = nlohmann::json;
    using Check = bool (*)(const Json&);
    const Check isString = [](const Json& v) { return v.is_string(); };
    const Check isStringOrNull = [](const Json& v) { return v.is_string() || v.is_null(); };
    const Check isBoolean = [](const Json& v) { return v.is_boolean(); };
    const Check isObject = [](const Json& v) { return v.is_object(); };
    const Check isObjectOrNull = [](const Json& v) { return v.is_object() || v.is_null(); };
    const Check isArray = [](const Json& v) { return v.is_array(); };
    const Check isUnsigned = [](const Json& v) { return v.is_number_unsigned(); };
    const Check isInteger = [](const Json& v) { return v.is_number_integer(); };
    struct Field
    {
        const char* pointer;
        Check check;
        const char* type;
    };
    static const Field fields[] = {
        {"/participant", isString, "a string"},
        {"/session", isString, "a string"},
        {"/startedAt", isString, "a string"},
        {"/simulated", isBoolean, "true or false"},
        {"/seed", isUnsigned, "a whole number"},
        {"/participantNumber", isInteger, "a whole number"},
        {"/experiment", isObject, "an object"},
        {"/experiment/id", isString, "a string"},
        {"/experiment/sha256", isString, "a string"},
        {"/experiment/folder", isString, "a string"},
        {"/experiment/copy", isObject, "an object"},
        {"/hrtf", isObjectOrNull, "an object or null"},
        {"/hrtf/name", isString, "a string"},
        {"/hrtfOverride", isStringOrNull, "a string or null"},
        {"/outputProfile", isObjectOrNull, "an object or null"},
        {"/outputProfile/file", isString, "a string"},
        {"/devices", isArray, "an array"},
        {"/software", isObject, "an object"},
        {"/plan", isObject, "an object"},
    };
    for (const Field& field : fields) {
        const Json::json_pointer pointer(field.pointer);
        // A member of a parent of the wrong type is reported at the parent.
        if (!pointer.parent_pointer().empty() && !header.contains(pointer.parent_pointer()))
            continue;
        if (!pointer.parent_pointer().empty() && !header.at(pointer.parent_pointer()).is_object())
            continue;
        if (header.contains(pointer) && !field.check(header.at(pointer)))
            return std::string("header field ") + field.pointer + " must be " + field.type;
    }
    if (header.contains("devices"))
        for (size_t i = 0; i < header["devices"].size(); ++i) {
            const Json& device = header["devices"][i];
            const std::string at = "header field /devices/" + std::to_string(i);
            if (!device.is_object()) return at + " must be an object";
            if (device.contains("id") && !device["id"].is_string())
                return at + "/id must be a string";
            for (const char* key : {"profile", "level", "calibration"})
                if (device.contains(key) && !device[key].is_object() && !device[key].is_null())
                    return at + "/" + key + " must be an object or null";
            if (device.contains("profile") && device["profile"].is_object() &&
                device["profile"].contains("sha256") && !device["profile"]["sha256"].is_string())
                return at + "/profile/sha256 must be a string";
        }
    return "";
}
} // namespace

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
    // 1 GiB: a 500-trial session is about 300 KB; a device or a pipe is refused.
    const std::string text = readTextFile(path, size_t(1) << 30, "session file");
    SessionFileContents contents;
    contents.path = path;
    const size_t lastNewline = text.rfind('\n');
    if (lastNewline == std::string::npos)
        throw Error("session file '" + path + "' has no complete header line");
    contents.validBytes = lastNewline + 1;
    if (contents.validBytes < text.size()) contents.tornTail = text.substr(contents.validBytes);

    // Room for a trial per line at once: growing the list would move every record read so far
    // (each about 700 bytes) into fresh memory, again and again.
    size_t lines = 0;
    for (const char* at = text.data(); (at = static_cast<const char*>(std::memchr(
                                            at, '\n', size_t(text.data() + text.size() - at))));
         ++at)
        ++lines;
    // A trial line has at least its 16 required fields (some 300 bytes): a damaged file of
    // mostly newlines must not ask for a record per byte.
    contents.trials.reserve(std::min(lines, text.size() / 200 + 1));
    std::set<int> indices;
    size_t begin = 0;
    for (int lineNumber = 1; begin < contents.validBytes; ++lineNumber) {
        const size_t end = text.find('\n', begin);
        const char* lineBegin = text.data() + begin;
        const char* lineEnd = text.data() + end;
        begin = end + 1;
        // Named only when something is wrong: most lines never need it.
        const auto where = [&] { return path + ":" + std::to_string(lineNumber); };
        auto problem = [&](const std::string& message) {
            if (strict || lineNumber == 1) throw Error(where() + ": " + message);
            contents.warnings.push_back(where() + ": " + message + " (line skipped)");
        };
        if (lineNumber > 1) {
            // Trial lines are most of a file: read them without building a document, straight
            // into their place in the list (taken back if the line is not a new trial).
            TrialRecord& trial = contents.trials.emplace_back();
            bool isTrial = false;
            try {
                isTrial = parseTrialLine(lineBegin, lineEnd, trial);
            } catch (const Error& error) {
                contents.trials.pop_back();
                problem(error.what());
                continue;
            }
            if (isTrial) {
                trial.sourceLine = lineNumber;
                if (!indices.insert(trial.trial.index).second) {
                    const int index = trial.trial.index;
                    contents.trials.pop_back();
                    problem("trial " + std::to_string(index) + " is recorded twice");
                }
                continue;
            }
            contents.trials.pop_back();
        }
        // Reading for analysis skips the header's plan and experiment copy: a big experiment's
        // plan can outweigh its trials, and only resuming needs it.
        const JsonDrop skipBulk = strict ? JsonDrop() : [](int depth, std::string_view key) {
            return (depth == 1 && key == "plan") || (depth == 2 && key == "copy");
        };
        nlohmann::json record;
        try {
            record = parseLargeJsonDocument(
                std::string_view(lineBegin, size_t(lineEnd - lineBegin)), skipBulk);
        } catch (const JsonSyntaxError& error) {
            problem(std::string("not a valid JSON record: ") + error.what());
            continue;
        }
        const std::string type = stringField(record, "type");
        if (lineNumber == 1) {
            if (type != "header" || stringField(record, "format") != sessionFormat)
                throw Error(where() + ": not a " + std::string(sessionFormat) + " header");
            // Readers take the header's fields by type (analysis, reports, resume): a field of
            // the wrong type is refused here, with its name, not thrown at them later.
            if (const std::string problem = headerShapeProblem(record); !problem.empty())
                throw Error(where() + ": " + problem);
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
