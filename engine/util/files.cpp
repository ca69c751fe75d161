#include "util/files.h"

#include "util/error.h"

#include <atomic>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace stagelab {

namespace {
namespace fs = std::filesystem;
} // namespace

std::string systemErrorText()
{
    return std::strerror(errno);
}

std::string readTextFile(const std::string& path, size_t maximumBytes, const std::string& what)
{
    const std::string named = what + " '" + path + "'";
    // Opened without blocking (a FIFO would wait for a writer) and checked on the descriptor
    // itself, so nothing swapped in after a check by name is read.
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (descriptor < 0) throw Error("cannot read " + named + ": " + systemErrorText());
    struct Closer
    {
        int descriptor;
        ~Closer() { ::close(descriptor); }
    } closer{descriptor};
    struct stat status
    {
    };
    if (::fstat(descriptor, &status) != 0)
        throw Error("cannot read " + named + ": " + systemErrorText());
    if (!S_ISREG(status.st_mode)) throw Error(named + " is not a regular file");
    std::string text;
    // Room for the whole file as it is now (within the limit), so that reading it does not copy
    // what was read each time the string grows.
    text.reserve(
        size_t(std::min<uintmax_t>(uintmax_t(std::max<off_t>(status.st_size, 0)), maximumBytes)) +
        1);
    char buffer[65536];
    for (;;) {
        const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) throw Error("cannot read " + named + ": " + systemErrorText());
        if (count == 0) break;
        // Counted while reading, not from the size beforehand: a file may grow meanwhile.
        if (text.size() + size_t(count) > maximumBytes)
            throw Error(named + " is " +
                        (uintmax_t(status.st_size) > maximumBytes
                             ? std::to_string(status.st_size)
                             : "over " + std::to_string(maximumBytes)) +
                        " bytes, more than the limit of " + std::to_string(maximumBytes));
        text.append(buffer, size_t(count));
    }
    return text;
}

void syncFolderOf(const std::string& path)
{
    const std::string folder = fs::absolute(path).parent_path().string();
    const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0)
        throw Error("cannot open folder '" + folder + "' to sync it: " + systemErrorText());
    const int status = ::fsync(descriptor);
    ::close(descriptor);
    if (status != 0) throw Error("cannot sync folder '" + folder + "': " + systemErrorText());
}

void writeAll(int descriptor, const std::string& text, const std::string& path)
{
    size_t written = 0;
    while (written < text.size()) {
        const ssize_t count = ::write(descriptor, text.data() + written, text.size() - written);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0)
            throw Error("cannot write to '" + path +
                        "': " + (count < 0 ? systemErrorText() : std::string("no progress")));
        written += size_t(count);
    }
}

namespace {
/// Creates `temporary` with `flags` (O_TRUNC or O_EXCL), writes all of `text` and fsyncs it; on
/// any failure the file is removed and Error names it. The start of both atomic writes below.
void writeSyncedTemporary(const std::string& temporary, const std::string& text, int flags)
{
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
    if (descriptor < 0) throw Error("cannot create '" + temporary + "': " + systemErrorText());
    try {
        writeAll(descriptor, text, temporary);
        if (::fsync(descriptor) != 0)
            throw Error("cannot sync '" + temporary + "': " + systemErrorText());
    } catch (...) {
        ::close(descriptor);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(descriptor);
}
} // namespace

void writeFileAtomically(const std::string& path, const std::string& text)
{
    // A temporary of its own per call: two writers of one path (two processes loading one HRTF
    // set into the cache) must not truncate each other's temporary mid-write.
    static std::atomic<unsigned> calls{0};
    const std::string temporary =
        path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(calls++);
    writeSyncedTemporary(temporary, text, O_TRUNC);
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = systemErrorText();
        ::unlink(temporary.c_str());
        throw Error("cannot rename '" + temporary + "' to '" + path + "': " + why);
    }
    syncFolderOf(path);
}

void writeNewFileAtomically(const std::string& path, const std::string& text)
{
    const std::string temporary = path + ".new-" + std::to_string(::getpid());
    writeSyncedTemporary(temporary, text, O_EXCL);
    // link() fails if `path` exists, where rename() would replace it.
    const int linked = ::link(temporary.c_str(), path.c_str());
    const int linkError = linked != 0 ? errno : 0;
    const std::string why = linked != 0 ? systemErrorText() : std::string();
    ::unlink(temporary.c_str());
    if (linked != 0)
        throw Error(linkError == EEXIST ? "'" + path + "' already exists"
                                        : "cannot create '" + path + "': " + why);
    syncFolderOf(path);
}

void ensureWritableFolder(const std::string& folder)
{
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) throw Error("cannot create results folder '" + folder + "': " + error.message());
    if (::access(folder.c_str(), W_OK) != 0)
        throw Error("results folder '" + folder + "' is not writable: " + systemErrorText());
}

} // namespace stagelab
