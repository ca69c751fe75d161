#pragma once
/// Files that survive a crash: whole writes, fsync of the file and of its folder, atomic
/// replacement. Off the audio thread only.

#include <string>

namespace stagelab {

/// Why the last system call failed, for a message (strerror of errno).
std::string systemErrorText();

/// Reads the whole of `path` as text. Throws Error naming it: missing or unreadable, not a
/// regular file (a device like /dev/zero or a pipe would never end), or larger than
/// `maximumBytes` ("experiment file 'big.json' is 20000000 bytes, more than the limit of
/// 16777216").
std::string readTextFile(const std::string& path, size_t maximumBytes, const std::string& what);

/// Writes all of `text` to the open file `descriptor` (retrying short writes and EINTR). Throws
/// Error naming `path` and the reason (disk full, I/O error).
void writeAll(int descriptor, const std::string& text, const std::string& path);

/// fsyncs the folder that holds `path`, so that a file created or renamed there stays after a
/// crash. Throws Error naming the folder.
void syncFolderOf(const std::string& path);

/// Writes `text` to `path` atomically: a temporary file in the same folder, fsync, rename over
/// `path`, fsync of the folder. Throws Error naming the file and the reason.
void writeFileAtomically(const std::string& path, const std::string& text);

/// Like writeFileAtomically, for a file that must not exist yet: it appears whole or not at all,
/// and a file that appeared meanwhile is never replaced (Error: "... already exists").
void writeNewFileAtomically(const std::string& path, const std::string& text);

/// Creates `folder` and its parents if needed; throws Error naming the folder that could not
/// be created or written and why.
void ensureWritableFolder(const std::string& folder);

} // namespace stagelab
