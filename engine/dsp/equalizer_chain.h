#pragma once
/// A device equaliser designed for one sample rate: the biquad cascade of a parametric
/// equaliser, or the minimum-phase FIR of a GraphicEQ curve, plus the preamp. OutputStage runs it
/// (the FIR by partitioned convolution); the chain also answers what its magnitude is.

#include "dsp/biquad.h"
#include "dsp/equalizer.h"

#include <vector>

namespace stagelab {

/// An Equalizer built for one sample rate. Build it off the audio thread, then hand it over.
class EqualizerChain
{
public:
    /// Most channels the chain keeps state for (as Biquad::maxChannels).
    static constexpr int maxChannels = Biquad::maxChannels;

    /// Designs the filters; throws Error naming the equaliser's source if a filter cannot be
    /// realised at this rate (e.g. its frequency is above Nyquist).
    EqualizerChain(const Equalizer& equalizer, double sampleRateHz);

    /// Audio thread; wait-free. Runs the biquads and the preamp over `frames` samples of
    /// `channel` in place. A FIR chain (isFir()) is not run here but by OutputStage's
    /// partitioned convolution, so this leaves its samples untouched.
    void processBiquads(float* samples, int frames, int channel = 0) noexcept;

    /// The whole chain's magnitude in dB at `frequencyHz`, preamp included.
    double magnitudeDb(double frequencyHz) const;
    /// Largest magnitude (dB) over a log grid from 20 Hz to 20 kHz (capped at Nyquist): lowering
    /// the preamp by this much (when positive) guarantees the EQ adds no gain anywhere in band.
    double peakGainDb() const;

    bool isFir() const noexcept { return !m_fir.empty(); }
    const std::vector<Biquad>& sections() const noexcept { return m_sections; }
    /// The FIR taps (preamp not included); empty for a parametric equaliser.
    const std::vector<float>& firTaps() const noexcept { return m_fir; }
    double sampleRateHz() const noexcept { return m_sampleRateHz; }
    /// The preamp in dB (included in magnitudeDb()).
    double preampDb() const noexcept { return m_preampDb; }

private:
    double m_sampleRateHz;
    double m_preampDb;
    float m_preampGain;
    std::vector<Biquad> m_sections;
    std::vector<float> m_fir;
};

} // namespace stagelab
