#pragma once
/// Interpolating head-related impulse responses without comb filtering (off the audio thread).
///
/// Blending two raw HRIRs whose onsets differ by d samples adds two copies of one sound d apart:
/// a comb with notches from fs / (2 d) up (between MIT KEMAR's 5-deg neighbours, from about
/// 10 kHz). Removing the onsets first is not enough: where a pinna notch moves between two
/// neighbours, their phases differ by up to pi near it and the blend cancels there. So the
/// magnitudes are blended (which can never dip below the lower neighbour), made minimum phase,
/// and delayed to the blend of the neighbours' onsets: the ITD moves smoothly from one
/// measurement to the next. Minimum phase with the right onset is heard as the measured
/// response (Kulkarni, Isabelle & Colburn 1999); it differs from it in waveform, so a measured
/// direction keeps its measured response (HrtfSet::interpolatedImpulseResponse).

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"

namespace stagelab {

/// Where an impulse response's sound arrives, in frames (fractional): where its 3-kHz low-passed
/// version (a Butterworth run forwards and backwards: zero phase) first reaches -10 dB of its
/// peak, interpolated between samples - the threshold method of AMT's itdestimator, not fooled
/// by faint high-frequency pre-ringing. 0 for a silent response.
double impulseOnsetFrames(const float* response, int taps, double sampleRateHz);

/// One per thread; each call reuses its buffers.
class ImpulseAligner
{
public:
    /// For responses of up to `taps` frames at `sampleRateHz`.
    ImpulseAligner(int taps, double sampleRateHz);

    /// Bins of the spectra below (the cepstrum's transform: 4x the responses, a power of two).
    int bins() const { return m_fft.bins(); }
    /// out = |spectrum| of `response` (`taps` frames), bins() values: what blendMinimumPhase
    /// blends. A set computes its measurements' once (HrtfSet::magnitudeSpectrum).
    void magnitudeSpectrum(const float* response, int taps, float* out);
    /// out = the minimum-phase response whose magnitude is the sum of weights[i] *
    /// magnitudes[i] (magnitudeSpectrum), with its onset (impulseOnsetFrames) at `onsetFrames`
    /// (band-limited, fractional): its first `outTaps` frames.
    void blendMinimumPhase(const float* const* magnitudes, const float* weights, int count,
                           double onsetFrames, float* out, int outTaps);

private:
    int m_taps;
    double m_sampleRateHz;
    RealFft m_fft;
    AlignedBuffer m_time, m_spectrum, m_minimum, m_magnitude;
};

} // namespace stagelab
