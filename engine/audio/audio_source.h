#pragma once
/// What an AudioOutput plays: anything that fills blocks of interleaved stereo on the audio
/// thread. The device side knows nothing else of the engine (the Renderer is one source).

namespace stagelab {

class AudioSource
{
public:
    virtual ~AudioSource() = default;
    /// The rate the source renders at; the stream is opened at it.
    virtual double sampleRateHz() const noexcept = 0;
    /// Fills `frames` stereo frames (left, right interleaved) of any count. Audio thread;
    /// wait-free.
    virtual void process(float* interleaved, int frames) noexcept = 0;
    /// The device reported that its buffer ran dry before this callback. Audio thread;
    /// wait-free.
    virtual void onUnderrun() noexcept = 0;
    /// The last callback took `processingMs` to run (longer than the audio it produced), or came
    /// `periodMs` after the one before (longer than the device can play on its own). Audio
    /// thread; wait-free.
    virtual void onLateCallback(float processingMs, float periodMs) noexcept = 0;
};

} // namespace stagelab
