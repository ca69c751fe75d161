#pragma once
/// The output stage of one playback device: its equaliser (biquad cascade, or a GraphicEQ FIR
/// by partitioned convolution) and its level gain, on both ears, after the spatial model. The
/// renderer runs one in real time; offline renders and level matching run the same class.

#include "dsp/aligned_buffer.h"
#include "dsp/equalizer.h"
#include "dsp/equalizer_chain.h"
#include "dsp/fft.h"
#include "dsp/partitioned_convolution.h"

#include <memory>
#include <optional>
#include <string>

namespace stagelab {

/// What an output stage is made of: a device's equaliser and the gain on top of its preamp.
struct OutputStageSpec
{
    Equalizer equalizer; ///< With the clipping guard in its preamp, as level matching leaves it.
    double gainDb = 0.0; ///< Level match and offset, on top of the equaliser's preamp.
    std::string label{}; ///< Names the device (its id) in logs and errors.
};

/// An OutputStageSpec built for one rate and block size. Built off the audio thread, handed to
/// the Renderer, freed off the audio thread.
class OutputStage
{
public:
    /// Designs the stage; throws Error (naming the equaliser's source) if a filter cannot be
    /// realised at this rate.
    OutputStage(const OutputStageSpec& spec, double sampleRateHz, int blockFrames);
    OutputStage(const OutputStage&) = delete;
    OutputStage& operator=(const OutputStage&) = delete;

    /// Filters one block of each ear from `in*` into `out*` (in place is allowed). Audio
    /// thread; wait-free.
    void process(const float* inLeft, const float* inRight, float* outLeft,
                 float* outRight) noexcept;
    /// Blocks of input after which the filter state no longer depends on the silence it
    /// started from (the FIR length, or the biquads' slowest decay to -80 dB, capped): the
    /// renderer runs a new stage this long in the background before crossfading to it.
    int warmUpBlocks() const noexcept { return m_warmUpBlocks; }

    /// The stage's magnitude in dB at `frequencyHz`: equaliser, preamp and gain.
    double magnitudeDb(double frequencyHz) const
    {
        return m_chain.magnitudeDb(frequencyHz) + m_gainDb;
    }
    double gainDb() const noexcept { return m_gainDb; }
    int blockFrames() const noexcept { return m_layout.blockFrames; }
    double sampleRateHz() const noexcept { return m_chain.sampleRateHz(); }
    const std::string& label() const noexcept { return m_label; }
    const EqualizerChain& chain() const noexcept { return m_chain; }

private:
    void convolve(int channel, const float* input, float* output) noexcept;

    EqualizerChain m_chain;
    double m_gainDb;
    float m_gain; ///< gainDb and, for the FIR, the preamp (the biquad path applies its own).
    std::string m_label;
    PartitionLayout m_layout;
    int m_warmUpBlocks = 1;
    // FIR path: the filter's partitions and, per ear, its delay line; shared scratch.
    std::unique_ptr<RealFft> m_fft;
    AlignedBuffer m_filter;
    std::optional<FrequencyDelayLine> m_input[2];
    AlignedBuffer m_accumulator, m_time;
};

} // namespace stagelab
