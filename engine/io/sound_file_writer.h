#pragma once
/// Writes stereo audio to WAV (32-bit float) or FLAC (24-bit) with libsndfile.

#include <memory>
#include <string>

namespace stagelab {

class SoundFileWriter
{
public:
    /// Opens `path` for writing; the format follows the extension (.wav or .flac). Throws Error
    /// naming the path and reason (unknown extension, folder missing, not writable, ...).
    SoundFileWriter(const std::string& path, double sampleRateHz);
    ~SoundFileWriter();
    SoundFileWriter(const SoundFileWriter&) = delete;
    SoundFileWriter& operator=(const SoundFileWriter&) = delete;

    /// Appends `frames` frames from the two channel arrays. Throws Error on a write failure.
    void write(const float* left, const float* right, int frames);
    /// Flushes, syncs to disk and closes; throws Error if that fails. The destructor closes too.
    void close();
    int64_t framesWritten() const { return m_frames; }

private:
    struct File;
    std::string m_path;
    std::unique_ptr<File> m_file;
    int64_t m_frames = 0;
};

} // namespace stagelab
