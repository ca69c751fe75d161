#pragma once
/// A device equaliser ready to run: the biquad cascade of a parametric AutoEq file, or a
/// minimum-phase FIR matching a GraphicEQ curve, plus the preamp.

#include "devices/autoeq.h"
#include "devices/biquad.h"

#include <vector>

namespace stagelab {

/// Interpolates a GraphicEQ curve the way EqualizerAPO does: linear in dB over log frequency
/// between points, constant beyond the first and last point.
double interpolateGraphicCurveDb(const std::vector<std::pair<double, double>>& curve,
                                 double frequencyHz);

/// Designs the minimum-phase FIR (`taps` long) whose magnitude follows `curve` at `sampleRateHz`
/// (real cepstrum on a grid 8x longer than the filter, then a short fade-out at the end).
std::vector<float> designMinimumPhaseFir(const std::vector<std::pair<double, double>>& curve,
                                         double sampleRateHz, int taps);

/// An Equalizer built for one sample rate. Build it off the audio thread, then hand it over.
class EqualizerChain
{
public:
    /// Most channels the chain keeps state for (as Biquad::maxChannels).
    static constexpr int maxChannels = Biquad::maxChannels;

    /// Designs the filters; throws Error naming the equaliser's source if a filter cannot be
    /// realised at this rate (e.g. its frequency is above Nyquist).
    EqualizerChain(const Equalizer& equalizer, double sampleRateHz);

    /// Audio thread; wait-free. Filters `frames` samples of `channel` in place. The FIR path is a
    /// direct convolution (bounded, but about `firTaps().size()` multiply-adds per sample).
    void process(float* samples, int frames, int channel = 0) noexcept;
    /// Audio thread; wait-free. Clears all filter state.
    void reset() noexcept;

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
    /// The preamp in dB (applied by process(), included in magnitudeDb()).
    double preampDb() const noexcept { return m_preampDb; }

private:
    double m_sampleRateHz;
    double m_preampDb;
    float m_preampGain;
    std::vector<Biquad> m_sections;
    std::vector<float> m_fir;
    /// Per channel: the last taps-1 inputs, written twice (at i and i + taps) so every
    /// convolution reads one contiguous window without wrapping.
    std::vector<float> m_history;
    std::vector<int> m_historyPosition;
};

} // namespace stagelab
