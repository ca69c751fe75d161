#include "dsp/equalizer_chain.h"

#include "dsp/minimum_phase_fir.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace stagelab {

EqualizerChain::EqualizerChain(const Equalizer& equalizer, double sampleRateHz)
    : m_sampleRateHz(sampleRateHz), m_preampDb(equalizer.preampDb),
      m_preampGain(float(std::pow(10.0, equalizer.preampDb / 20.0)))
{
    if (!(sampleRateHz > 0)) throw Error(equalizer.source + ": sample rate must be positive");
    if (equalizer.isGraphic()) {
        m_fir = designMinimumPhaseFir(equalizer.graphicCurve, sampleRateHz,
                                      graphicFirTaps(sampleRateHz));
        return;
    }
    for (size_t i = 0; i < equalizer.filters.size(); ++i) {
        const ParametricFilter& filter = equalizer.filters[i];
        try {
            m_sections.emplace_back(designBiquad(biquadTypeFromName(filter.type),
                                                 filter.frequencyHz, filter.gainDb, filter.q,
                                                 sampleRateHz),
                                    sampleRateHz);
        } catch (const Error& error) {
            throw Error(equalizer.source + ": filter " + std::to_string(i + 1) + " at " +
                        std::to_string(sampleRateHz) + " Hz: " + error.what());
        }
    }
}

void EqualizerChain::processBiquads(float* samples, int frames, int channel) noexcept
{
    if (channel < 0 || channel >= maxChannels || !m_fir.empty()) return;
    for (Biquad& section : m_sections)
        section.process(samples, frames, channel);
    for (int i = 0; i < frames; ++i)
        samples[i] *= m_preampGain;
}

double EqualizerChain::magnitudeDb(double frequencyHz) const
{
    double gainDb = m_preampDb;
    for (const Biquad& section : m_sections)
        gainDb += section.magnitudeDb(frequencyHz);
    if (!m_fir.empty()) {
        // The FIR's own DFT at exactly this frequency, not a grid value: tests compare it with
        // the curve at arbitrary points.
        const std::complex<double> step =
            std::polar(1.0, -2 * std::numbers::pi * frequencyHz / m_sampleRateHz);
        std::complex<double> phasor = 1.0;
        std::complex<double> sum = 0.0;
        for (const float tap : m_fir) {
            sum += double(tap) * phasor;
            phasor *= step;
        }
        gainDb += 20 * std::log10(std::max(std::abs(sum), 1e-12));
    }
    return gainDb;
}

double EqualizerChain::peakGainDb() const
{
    // 1000 points over 10 octaves (about 0.7 % apart) resolve the peak of a Q 10 section to
    // well under 0.1 dB; AutoEq's peaking filters stay below Q 6.
    const int points = 1000;
    const double lowHz = 20;
    const double highHz = std::min(20000.0, 0.49 * m_sampleRateHz);
    double peakDb = -1e300;
    for (int i = 0; i < points; ++i) {
        const double frequencyHz = lowHz * std::pow(highHz / lowHz, i / double(points - 1));
        peakDb = std::max(peakDb, magnitudeDb(frequencyHz));
    }
    return peakDb;
}

} // namespace stagelab
