#pragma once
/// Writes stereo audio to WAV (32-bit float) or FLAC (24-bit) with libsndfile.

#include <memory>
#include <string>

namespace stagelab {

class SoundFileWriter
{
public:
    /// Opens `path` for writing; the format follows the extension (.wav or .flac). Throws Error
    /// naming the path and reason (unknown extension, folder missing, not writable, ...). The
    /// audio goes to a hidden file beside `path`, which close() renames to `path`: a render
    /// that fails (a full disk, a bad scene) leaves the folder as it was.
    SoundFileWriter(const std::string& path, double sampleRateHz);
    ~SoundFileWriter();
    SoundFileWriter(const SoundFileWriter&) = delete;
    SoundFileWriter& operator=(const SoundFileWriter&) = delete;

    /// Appends `frames` frames from the two channel arrays. Throws Error on a write failure.
    void write(const float* left, const float* right, int frames);
    /// Flushes, syncs to disk, closes and puts the file in place; throws Error if that fails.
    /// Destroyed without close(), the writer deletes what it wrote.
    void close();
    int64_t framesWritten() const { return m_frames; }

private:
    struct File;
    std::string m_path;
    std::string m_partPath; // written here, renamed to m_path by close()
    std::unique_ptr<File> m_file;
    int64_t m_frames = 0;
};

} // namespace stagelab
