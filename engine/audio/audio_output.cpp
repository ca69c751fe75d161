#include "audio/audio_output.h"

#include "audio/audio_thread_priority.h"
#include "util/error.h"

#include <alsa/asoundlib.h>
#include <rtaudio/RtAudio.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace stagelab {

namespace {

thread_local bool t_inAudioCallback = false;

// RtAudio 5's error callback carries no user pointer, so the one open stream reports here.
// The text is written before the failure is published (Writing, then Failed with release
// order), so the control thread reads it only once it is whole.
enum FailureState : int { Healthy, Writing, Failed };
std::atomic<int> g_failureState{Healthy};
char g_failureText[512] = {};
std::atomic<bool> g_outputExists{false};

void onRtAudioError(RtAudioError::Type type, const std::string& text)
{
    // Warnings are harmless ("stream already stopped") except I/O errors, which PulseAudio
    // reports as warnings although the stream is dead.
    if (type == RtAudioError::WARNING && text.find("error") == std::string::npos) return;
    int expected = Healthy;
    if (!g_failureState.compare_exchange_strong(expected, Writing, std::memory_order_acq_rel))
        return; // the first failure is the one to report
    const size_t count = std::min(text.size(), sizeof g_failureText - 1);
    std::memcpy(g_failureText, text.data(), count);
    g_failureText[count] = '\0';
    g_failureState.store(Failed, std::memory_order_release);
}

/// The published failure text, or null while the stream is healthy or the text is being
/// written (a later call sees it). Control thread.
const char* publishedFailure()
{
    return g_failureState.load(std::memory_order_acquire) == Failed ? g_failureText : nullptr;
}

/// Only while no stream runs (before opening or starting one).
void clearFailure()
{
    g_failureState.store(Healthy, std::memory_order_release);
}

/// libpulse reads PULSE_LATENCY_MSEC when a stream connects, and RtAudio 5 gives PulseAudio no
/// buffer attributes (the server's default is a 2-s buffer), so the variable is the only way to
/// ask for a short one. It is set for the one openStream() call and the environment is put back
/// afterwards, so every stream gets its own buffer's latency; a user's own setting wins and is
/// left alone. Returns the latency asked for (ms).
class PulseLatencyRequest
{
public:
    explicit PulseLatencyRequest(double latencyMs)
    {
        if (const char* own = std::getenv(variable)) {
            m_latencyMs = std::atof(own);
            return;
        }
        m_latencyMs = double(int(latencyMs));
        setenv(variable, std::to_string(int(latencyMs)).c_str(), 1);
        m_set = true;
    }
    ~PulseLatencyRequest()
    {
        if (m_set) unsetenv(variable);
    }
    PulseLatencyRequest(const PulseLatencyRequest&) = delete;
    PulseLatencyRequest& operator=(const PulseLatencyRequest&) = delete;
    double latencyMs() const { return m_latencyMs; }

private:
    static constexpr const char* variable = "PULSE_LATENCY_MSEC";
    double m_latencyMs = 0.0;
    bool m_set = false;
};

int64_t nowNs() noexcept
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// ALSA prints its probing errors ("cannot find card '0'") straight to stderr; the device list
// says the same thing better.
void quietAlsa(const char*, int, const char*, int, const char*, ...) {}

std::vector<RtAudio::Api> outputApis()
{
    snd_lib_error_set_handler(&quietAlsa);
    std::vector<RtAudio::Api> compiled;
    RtAudio::getCompiledApi(compiled);
    // PulseAudio first: on a desktop it is what the user hears; ALSA after it. JACK and the
    // dummy API are left out (JACK would try to reach or start a server).
    std::vector<RtAudio::Api> apis;
    for (RtAudio::Api wanted : {RtAudio::LINUX_PULSE, RtAudio::LINUX_ALSA})
        if (std::find(compiled.begin(), compiled.end(), wanted) != compiled.end())
            apis.push_back(wanted);
    return apis;
}

} // namespace

bool isAudioCallbackThread() noexcept
{
    return t_inAudioCallback;
}

struct AudioOutput::Device
{
    std::unique_ptr<RtAudio> audio;
};

std::vector<AudioDeviceInfo> listAudioOutputDevices()
{
    std::vector<AudioDeviceInfo> devices;
    for (RtAudio::Api api : outputApis()) {
        try {
            RtAudio audio(api);
            audio.showWarnings(false);
            const unsigned count = audio.getDeviceCount();
            const unsigned defaultOutput = count > 0 ? audio.getDefaultOutputDevice() : 0;
            for (unsigned i = 0; i < count; ++i) {
                const RtAudio::DeviceInfo info = audio.getDeviceInfo(i);
                if (!info.probed || info.outputChannels < 2) continue;
                AudioDeviceInfo device;
                device.api = RtAudio::getApiName(api);
                device.index = i;
                device.id = device.api + ":" + std::to_string(i);
                device.name = info.name;
                device.outputChannels = info.outputChannels;
                device.sampleRatesHz = info.sampleRates;
                device.preferredSampleRateHz = info.preferredSampleRate;
                device.isDefaultOutput = i == defaultOutput;
                devices.push_back(device);
            }
        } catch (const RtAudioError&) {
            // An API without a server or devices simply contributes nothing.
        }
    }
    return devices;
}

AudioOutput::AudioOutput(AudioSource& source, const AudioOutputSettings& settings)
    : m_source(source), m_device(std::make_unique<Device>())
{
    if (g_outputExists.exchange(true)) throw Error("another audio output is already open");
    try {
        if (settings.bufferFrames < 16 || settings.bufferFrames > 8192)
            throw Error("buffer size " + std::to_string(settings.bufferFrames) +
                        " frames is outside 16..8192");
        const std::vector<AudioDeviceInfo> devices = listAudioOutputDevices();
        const AudioDeviceInfo* chosen = nullptr;
        for (const AudioDeviceInfo& device : devices)
            if (settings.deviceId.empty() ? device.isDefaultOutput
                                          : device.id == settings.deviceId) {
                chosen = &device;
                break;
            }
        if (!chosen) {
            std::string known;
            for (const AudioDeviceInfo& device : devices)
                known += (known.empty() ? "" : ", ") + device.id + " (" + device.name + ")";
            throw Error(settings.deviceId.empty()
                            ? "no audio output device found" +
                                  (known.empty() ? std::string() : " among " + known)
                            : "audio device '" + settings.deviceId + "' not found; available: " +
                                  (known.empty() ? std::string("none") : known));
        }
        m_deviceId = chosen->id;
        m_deviceName = chosen->name;
        m_apiName = chosen->api;
        const double bufferMs = 1000.0 * settings.bufferFrames / source.sampleRateHz();
        const PulseLatencyRequest pulseLatency(std::max(30.0, 4.0 * bufferMs));

        clearFailure();
        m_device->audio = std::make_unique<RtAudio>(RtAudio::getCompiledApiByName(m_apiName));
        m_device->audio->showWarnings(false);
        RtAudio::StreamParameters output;
        output.deviceId = chosen->index;
        output.nChannels = 2;
        RtAudio::StreamOptions options;
        options.streamName = "Stagelab";
        unsigned bufferFrames = unsigned(settings.bufferFrames);
        m_device->audio->openStream(&output, nullptr, RTAUDIO_FLOAT32,
                                    unsigned(std::lround(source.sampleRateHz())), &bufferFrames,
                                    &AudioOutput::callback, this, &options, &onRtAudioError);
        if (!m_device->audio->isStreamOpen())
            throw Error("audio device '" + m_deviceId + "' (" + m_deviceName +
                        ") could not be opened: " +
                        (publishedFailure() ? publishedFailure() : "unknown reason"));
        m_bufferFrames = int(bufferFrames);
        m_deviceLatencyMs = m_apiName == "pulse"
                                ? pulseLatency.latencyMs()
                                : 1000.0 * bufferFrames * std::max(1u, options.numberOfBuffers) /
                                      source.sampleRateHz();
    } catch (const RtAudioError& error) {
        g_outputExists = false;
        throw Error("audio device '" + settings.deviceId +
                    "' could not be opened: " + error.getMessage());
    } catch (...) {
        g_outputExists = false;
        throw;
    }
}

AudioOutput::~AudioOutput()
{
    stop();
    try {
        if (m_device->audio && m_device->audio->isStreamOpen()) m_device->audio->closeStream();
    } catch (const RtAudioError&) {
    }
    g_outputExists = false;
}

void AudioOutput::start()
{
    clearFailure();
    m_failure.clear();
    m_startedAt = std::chrono::steady_clock::now();
    m_lastCallbackNs = nowNs();
    try {
        m_device->audio->startStream();
    } catch (const RtAudioError& error) {
        throw Error("audio device '" + m_deviceId + "' could not start: " + error.getMessage());
    }
    if (const char* failure = publishedFailure())
        throw Error("audio device '" + m_deviceId + "' could not start: " + failure);
    m_running = true;
}

void AudioOutput::stop()
{
    if (!m_running) return;
    m_running = false;
    try {
        // Abort, not stop: stopping drains, which never returns if the device has gone.
        if (m_device->audio->isStreamRunning()) m_device->audio->abortStream();
    } catch (const RtAudioError&) {
    }
}

std::string AudioOutput::failure()
{
    if (!m_failure.empty() || !m_running) return m_failure;
    const std::string device = "audio device '" + m_deviceId + "' (" + m_deviceName + ")";
    if (const char* failure = publishedFailure())
        m_failure = device + " failed: " + failure;
    else if (g_failureState.load(std::memory_order_acquire) == Writing)
        return {}; // the reason is being written; the next call reports it
    else if (!m_device->audio->isStreamRunning())
        m_failure = device + " stopped unexpectedly";
    else {
        // A device that vanished may just stop calling back; allow for scheduling hiccups.
        const double silentMs = double(nowNs() - m_lastCallbackNs.load()) / 1e6;
        const double limitMs = std::max(1000.0, 50.0 * 1000.0 * m_bufferFrames / sampleRateHz());
        if (silentMs > limitMs)
            m_failure = device + " stopped requesting audio for " + std::to_string(int(silentMs)) +
                        " ms (disconnected?)";
    }
    return m_failure;
}

int AudioOutput::callback(void* output, void*, unsigned frames, double, unsigned status,
                          void* user) noexcept
{
    return static_cast<AudioOutput*>(user)->onCallback(static_cast<float*>(output), frames, status);
}

int AudioOutput::onCallback(float* output, unsigned frames, unsigned status) noexcept
{
    t_inAudioCallback = true;
    if (m_callbacks.load(std::memory_order_relaxed) == 0)
        m_scheduling.store(takeRealTimeScheduling(), std::memory_order_relaxed);
    const int64_t started = nowNs();
    if (status & RTAUDIO_OUTPUT_UNDERFLOW) m_source.onUnderrun();
    m_source.process(output, int(frames));
    const int64_t finished = nowNs();
    const double bufferMs = 1000.0 * frames / m_source.sampleRateHz();
    const double processingMs = double(finished - started) / 1e6;
    const double periodMs =
        m_previousCallbackNs ? double(started - m_previousCallbackNs) / 1e6 : 0.0;
    // Late: the callback took longer than the audio it produced lasts, or it came so long after
    // the previous one that the device's whole buffer must have run dry (PulseAudio never
    // reports that itself). Callbacks come in bursts, so a period longer than the buffer alone
    // proves nothing. The first callbacks fill the device buffer and are not judged.
    if (m_callbacks.load(std::memory_order_relaxed) > 8 &&
        (processingMs > bufferMs || periodMs > m_deviceLatencyMs + bufferMs))
        m_source.onLateCallback(float(processingMs), float(periodMs));
    m_load.record(processingMs / bufferMs);
    m_previousCallbackNs = started;
    m_lastCallbackNs.store(finished, std::memory_order_relaxed);
    m_callbacks.fetch_add(1, std::memory_order_relaxed);
    t_inAudioCallback = false;
    return 0;
}

} // namespace stagelab
