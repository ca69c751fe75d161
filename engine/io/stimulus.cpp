#include "io/stimulus.h"

#include "dsp/resample.h"
#include "util/error.h"
#include "util/sha256.h"

#include <ebur128.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace stagelab {

namespace {

namespace fs = std::filesystem;

struct Loudness
{
    double integratedLufs;
    double truePeakDbtp;
};

Loudness measureLoudness(const std::vector<float>& samples, double sampleRateHz)
{
    std::unique_ptr<ebur128_state, void (*)(ebur128_state*)> state(
        ebur128_init(1, static_cast<unsigned long>(std::lround(sampleRateHz)),
                     EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK),
        [](ebur128_state* s) { ebur128_destroy(&s); });
    if (!state) throw Error("libebur128 could not be initialised");
    ebur128_add_frames_float(state.get(), samples.data(), samples.size());
    Loudness result{};
    ebur128_loudness_global(state.get(), &result.integratedLufs);
    double peak = 0.0;
    ebur128_true_peak(state.get(), 0, &peak);
    result.truePeakDbtp = peak > 0.0 ? 20.0 * std::log10(peak) : -HUGE_VAL;
    return result;
}

/// For a RIFF/WAVE file: the bytes its 'data' chunk header declares and the bytes actually there
/// (libsndfile quietly shortens a truncated file instead of failing). {0, 0} for other files.
std::pair<uint64_t, uint64_t> wavDataBytes(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    char riff[12] = {};
    if (!file.read(riff, 12) || std::memcmp(riff, "RIFF", 4) != 0 ||
        std::memcmp(riff + 8, "WAVE", 4) != 0)
        return {0, 0};
    file.seekg(0, std::ios::end);
    const uint64_t fileSize = uint64_t(file.tellg());
    uint64_t offset = 12;
    while (offset + 8 <= fileSize) {
        unsigned char header[8] = {};
        file.seekg(std::streamoff(offset));
        if (!file.read(reinterpret_cast<char*>(header), 8)) break;
        const uint64_t size =
            header[4] | header[5] << 8 | header[6] << 16 | uint64_t(header[7]) << 24;
        if (std::memcmp(header, "data", 4) == 0) return {size, fileSize - offset - 8};
        offset += 8 + size + (size & 1);
    }
    return {0, 0};
}

} // namespace

std::shared_ptr<const Stimulus> loadStimulus(const std::string& path,
                                             const StimulusSettings& settings)
{
    std::error_code ignored;
    if (!fs::is_regular_file(path, ignored))
        throw Error("stimulus file '" + path + "' does not exist or is not a regular file");
    SF_INFO info{};
    std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(sf_open(path.c_str(), SFM_READ, &info),
                                                     &sf_close);
    if (!file) throw Error("stimulus file '" + path + "' cannot be read: " + sf_strerror(nullptr));
    if (info.frames <= 0 || info.channels <= 0)
        throw Error("stimulus file '" + path + "' contains no audio frames");
    using namespace stimulusLimits;
    if (!(info.samplerate >= minimumSampleRateHz && info.samplerate <= maximumSampleRateHz))
        throw Error("stimulus file '" + path + "' has a sample rate of " +
                    std::to_string(info.samplerate) + " Hz; stimuli must be between " +
                    std::to_string(int(minimumSampleRateHz)) + " and " +
                    std::to_string(int(maximumSampleRateHz)) + " Hz");
    if (info.channels > maximumChannels)
        throw Error("stimulus file '" + path + "' has " + std::to_string(info.channels) +
                    " channels, more than the limit of " + std::to_string(maximumChannels));
    if (double(info.frames) / info.samplerate > maximumDurationS)
        throw Error("stimulus file '" + path + "' lasts " +
                    std::to_string(int64_t(double(info.frames) / info.samplerate)) +
                    " s, longer than the limit of " + std::to_string(int(maximumDurationS)) + " s");
    if (const auto [declared, present] = wavDataBytes(path);
        declared > present && declared != 0xFFFFFFFF)
        throw Error("stimulus file '" + path + "' is truncated: its header declares " +
                    std::to_string(declared) + " bytes of audio, the file holds " +
                    std::to_string(present));
    std::vector<float> interleaved(size_t(info.frames) * size_t(info.channels));
    const sf_count_t read = sf_readf_float(file.get(), interleaved.data(), info.frames);
    if (read < info.frames)
        throw Error("stimulus file '" + path + "' is truncated: its header declares " +
                    std::to_string(info.frames) + " frames, only " + std::to_string(read) +
                    " could be read");

    auto stimulus = std::make_shared<Stimulus>();
    stimulus->name = fs::path(path).stem().string();
    stimulus->file = fs::absolute(path).string();
    stimulus->sha256 = sha256OfFile(path);
    stimulus->fileSampleRateHz = info.samplerate;
    stimulus->fileChannels = info.channels;
    stimulus->sampleRateHz = settings.sampleRateHz;
    // Point sources are mono: average the channels (keeps a centred stereo mix at its level).
    std::vector<float> mono(size_t(info.frames));
    for (sf_count_t i = 0; i < info.frames; ++i) {
        double sum = 0.0;
        for (int c = 0; c < info.channels; ++c)
            sum += interleaved[size_t(i) * size_t(info.channels) + size_t(c)];
        mono[size_t(i)] = float(sum / info.channels);
    }
    if (std::all_of(mono.begin(), mono.end(), [](float s) { return s == 0.0f; }))
        throw Error("stimulus file '" + path + "' is silent (every sample is zero)");
    stimulus->samples = resampleSignal(mono, info.samplerate, settings.sampleRateHz);

    if (settings.normalizeLoudness) {
        if (stimulus->durationS() < 0.4)
            throw Error("stimulus file '" + path + "' is " + std::to_string(stimulus->durationS()) +
                        " s long; loudness (BS.1770) needs at least 0.4 s");
        const Loudness before = measureLoudness(stimulus->samples, settings.sampleRateHz);
        if (!std::isfinite(before.integratedLufs))
            throw Error("stimulus file '" + path + "' is too quiet to measure its loudness");
        double gainDb = settings.targetLoudnessLufs - before.integratedLufs;
        if (before.truePeakDbtp + gainDb > settings.truePeakLimitDbtp) {
            gainDb = settings.truePeakLimitDbtp - before.truePeakDbtp;
            stimulus->truePeakLimited = true;
        }
        const float gain = float(std::pow(10.0, gainDb / 20.0));
        for (float& sample : stimulus->samples)
            sample *= gain;
        stimulus->sourceLoudnessLufs = before.integratedLufs;
        stimulus->appliedGainDb = gainDb;
    }
    const Loudness after = measureLoudness(stimulus->samples, settings.sampleRateHz);
    stimulus->loudnessLufs = after.integratedLufs;
    stimulus->truePeakDbtp = after.truePeakDbtp;
    if (!settings.normalizeLoudness) stimulus->sourceLoudnessLufs = after.integratedLufs;
    return stimulus;
}

std::string defaultStimulusFolder()
{
    if (const char* folder = std::getenv("STAGELAB_STIMULI"); folder && *folder) return folder;
#ifdef STAGELAB_SOURCE_STIMULI_DIR
    if (fs::is_directory(STAGELAB_SOURCE_STIMULI_DIR)) return STAGELAB_SOURCE_STIMULI_DIR;
#endif
    return "/usr/local/share/stagelab/stimuli";
}

std::vector<std::string> defaultStimulusNames()
{
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(defaultStimulusFolder(), error))
        if (entry.is_regular_file() && entry.path().extension() == ".wav")
            names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolveStimulus(const std::string& nameOrPath)
{
    std::error_code ignored;
    if (fs::is_regular_file(nameOrPath, ignored)) return nameOrPath;
    const fs::path folder = defaultStimulusFolder();
    for (const fs::path& candidate : {folder / nameOrPath, folder / (nameOrPath + ".wav")})
        if (fs::is_regular_file(candidate, ignored)) return candidate.string();
    std::string names;
    for (const std::string& name : defaultStimulusNames())
        names += (names.empty() ? "" : ", ") + name;
    throw Error("stimulus '" + nameOrPath +
                "' is neither a file nor a name of the default set in '" + folder.string() + "'" +
                (names.empty() ? "" : " (" + names + ")"));
}

} // namespace stagelab
