#pragma once
/// The renderer's output stage for one playback device: its equaliser (biquad cascade, or a
/// GraphicEQ FIR by uniformly partitioned FFT convolution) and its level gain, on both ears.
/// Built off the audio thread, handed to the Renderer by pointer, freed off the audio thread.

#include "devices/equalizer_filter.h"
#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "dsp/partition_layout.h"

#include <memory>
#include <string>

namespace stagelab {

class OutputEqualizer
{
public:
    /// Designs `equalizer` at `sampleRateHz` for blocks of `blockFrames` and adds `gainDb` on
    /// top of its preamp. Throws Error (naming the equaliser's source) if a filter cannot be
    /// realised at this rate. `label` names the device in events and logs.
    OutputEqualizer(const Equalizer& equalizer, double gainDb, double sampleRateHz, int blockFrames,
                    std::string label = {});
    OutputEqualizer(const OutputEqualizer&) = delete;
    OutputEqualizer& operator=(const OutputEqualizer&) = delete;

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
    // FIR path: filter partitions, and per ear the input window (previous + current block),
    // a ring of input spectra (frequency-domain delay line) and scratch.
    std::unique_ptr<RealFft> m_fft;
    AlignedBuffer m_filter;
    AlignedBuffer m_window[2], m_spectra[2], m_accumulator, m_time;
    int m_ringPosition = 0;
};

} // namespace stagelab
