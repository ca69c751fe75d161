#pragma once
/// Audio output through RtAudio 5.2. RtAudio stays inside this part of the engine.

#include "audio/audio_source.h"
#include "audio/callback_load.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace stagelab {

/// An output device as RtAudio reports it. `id` is "<api>:<index>", e.g. "pulse:0", "alsa:3".
struct AudioDeviceInfo
{
    std::string id;
    std::string api;
    unsigned index = 0;
    std::string name;
    unsigned outputChannels = 0;
    std::vector<unsigned> sampleRatesHz;
    unsigned preferredSampleRateHz = 0;
    bool isDefaultOutput = false;
};

/// Every output-capable device of every compiled API (PulseAudio first). Never throws: an API
/// that fails to enumerate is skipped.
std::vector<AudioDeviceInfo> listAudioOutputDevices();

struct AudioOutputSettings
{
    std::string deviceId;   ///< Empty: the default output of the first API that has one.
    int bufferFrames = 128; ///< Requested; the device may choose another (see bufferFrames()).
};

/// Marks the calling thread as the audio thread for the duration of a callback, so that tests can
/// count what it allocates. Wait-free.
bool isAudioCallbackThread() noexcept;

/// An open stereo float stream that pulls its blocks from an AudioSource. Open in the constructor,
/// closed in the destructor. At most one exists at a time (RtAudio's error callback has no user
/// pointer).
class AudioOutput
{
public:
    /// Throws Error naming the device and reason if it is missing or cannot be opened.
    AudioOutput(AudioSource& source, const AudioOutputSettings& settings);
    ~AudioOutput();
    AudioOutput(const AudioOutput&) = delete;
    AudioOutput& operator=(const AudioOutput&) = delete;

    void start();
    /// Stops the stream (idempotent; also after a failure).
    void stop();

    std::string deviceId() const { return m_deviceId; }
    std::string deviceName() const { return m_deviceName; }
    std::string apiName() const { return m_apiName; }
    int bufferFrames() const { return m_bufferFrames; }
    /// The output buffering the device was asked for (PulseAudio target latency or ALSA periods).
    double deviceLatencyMs() const { return m_deviceLatencyMs; }
    double sampleRateHz() const { return m_source.sampleRateHz(); }
    int64_t callbackCount() const { return m_callbacks.load(std::memory_order_relaxed); }
    /// Every callback's processing time as a share of the audio it produced, since the stream
    /// opened.
    const CallbackLoad& callbackLoad() const { return m_load; }
    /// The audio thread's real-time priority (> 0), -errno if the system refused it, 0 before
    /// the first callback (takeRealTimeScheduling; describeAudioThreadScheduling words it).
    int audioThreadScheduling() const { return m_scheduling.load(std::memory_order_relaxed); }

    /// A description of why the stream failed since start() (device gone, write error, callbacks
    /// stopped coming), or empty while it is healthy. Control thread; call it regularly.
    std::string failure();

private:
    static int callback(void* output, void* input, unsigned frames, double streamTime,
                        unsigned status, void* user) noexcept;
    int onCallback(float* output, unsigned frames, unsigned status) noexcept;

    struct Device;
    AudioSource& m_source;
    std::unique_ptr<Device> m_device;
    std::string m_deviceId, m_deviceName, m_apiName;
    int m_bufferFrames = 0;
    bool m_running = false;
    std::atomic<int64_t> m_callbacks{0};
    std::atomic<int64_t> m_lastCallbackNs{0};
    std::atomic<int> m_scheduling{0};
    CallbackLoad m_load;
    double m_deviceLatencyMs = 0.0;   // how long the device can play without a callback
    int64_t m_previousCallbackNs = 0; // audio thread only
    std::chrono::steady_clock::time_point m_startedAt;
    std::string m_failure;
};

} // namespace stagelab
