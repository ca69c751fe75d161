#include "io/sound_file_writer.h"

#include "util/error.h"
#include "util/files.h"

#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace stagelab {

struct SoundFileWriter::File
{
    SNDFILE* handle = nullptr;
    std::vector<float> interleaved;
};

SoundFileWriter::SoundFileWriter(const std::string& path, double sampleRateHz)
    : m_path(path), m_file(std::make_unique<File>())
{
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
    SF_INFO info{};
    info.channels = 2;
    info.samplerate = int(std::lround(sampleRateHz));
    if (extension == ".wav")
        info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    else if (extension == ".flac")
        info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    else
        throw Error("output file '" + path + "' must end in .wav or .flac");
    const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
    std::error_code ignored;
    if (!std::filesystem::is_directory(folder, ignored))
        throw Error("cannot write '" + path + "': folder '" + folder.string() + "' does not exist");
    m_partPath = (folder / ("." + std::filesystem::path(path).filename().string() + ".partial-" +
                            std::to_string(::getpid())))
                     .string();
    m_file->handle = sf_open(m_partPath.c_str(), SFM_WRITE, &info);
    if (!m_file->handle)
        throw Error("cannot write '" + path + "': " + sf_strerror(nullptr) +
                    (errno ? std::string(" (") + std::strerror(errno) + ")" : std::string()));
}

SoundFileWriter::~SoundFileWriter()
{
    if (!m_file->handle) return;
    sf_close(m_file->handle);
    std::error_code ignored;
    std::filesystem::remove(m_partPath, ignored);
}

void SoundFileWriter::write(const float* left, const float* right, int frames)
{
    if (!m_file->handle) throw Error("'" + m_path + "' is already closed");
    m_file->interleaved.resize(size_t(2 * frames));
    for (int i = 0; i < frames; ++i) {
        m_file->interleaved[size_t(2 * i)] = left[i];
        m_file->interleaved[size_t(2 * i + 1)] = right[i];
    }
    if (sf_writef_float(m_file->handle, m_file->interleaved.data(), frames) != frames)
        throw Error("writing '" + m_path + "' failed: " + sf_strerror(m_file->handle));
    m_frames += frames;
}

void SoundFileWriter::close()
{
    if (!m_file->handle) return;
    sf_write_sync(m_file->handle);
    const int status = sf_close(std::exchange(m_file->handle, nullptr));
    std::error_code error;
    if (status != 0) {
        std::filesystem::remove(m_partPath, error);
        throw Error("closing '" + m_path + "' failed: " + sf_error_number(status));
    }
    std::filesystem::rename(m_partPath, m_path, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(m_partPath, ignored);
        throw Error("cannot write '" + m_path + "': " + error.message());
    }
    syncFolderOf(m_path);
}

} // namespace stagelab
