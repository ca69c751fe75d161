// The design of a room's late tail (PreparedRoom's half that is not image sources): its feedback
// delay networks, tuned until the T20 of what the ears get is the room's, their level from the
// room's diffuse-field energy, and the filters that give the ears the model's diffuse-field power
// and coherence.

#include "dsp/aligned_buffer.h"
#include "dsp/decay_measures.h"
#include "dsp/fft.h"
#include "render/band_network.h"
#include "render/prepared_room.h"
#include "spatial/model_response.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stagelab {

namespace {
constexpr double ln1e6 = 13.815510557964274; // ln(10^6): 60 dB of energy decay

bool isPrime(int n)
{
    if (n < 2) return false;
    for (int d = 2; d * d <= n; ++d)
        if (n % d == 0) return false;
    return true;
}
} // namespace

void PreparedRoom::designNetworks()
{
    std::vector<std::array<Biquad, 8>> crossovers;
    for (double frequency : m_crossovers)
        crossovers.push_back(crossoverSections(frequency, m_sampleRateHz));
    for (int b = 0; b < octaveBandCount; ++b) {
        BandDesign& band = m_bands[size_t(b)];
        const double t60 = m_acoustics.rt60S[size_t(b)];
        const int frames = int(std::clamp(1.2 * t60, 0.3, 4.0) * m_sampleRateHz);
        const size_t length = size_t(frames);
        // The band's share of an impulse, as the crossovers hand it to the networks.
        std::vector<float> impulse(length, 0.0f), bandImpulse(length);
        impulse[0] = 1.0f;
        {
            auto split = crossovers;
            for (int lower = 0; lower < b; ++lower)
                splitBand(split, lower, impulse.data(), bandImpulse.data(), frames);
            splitBand(split, b, impulse.data(), bandImpulse.data(), frames);
        }
        std::array<std::vector<float>, 2> responses;
        for (int k = 0; k < 2; ++k) {
            BandNetworkDesign& design = band.networks[size_t(k)];
            // Line lengths spread logarithmically over 6-26 ms (echoes dense within a few tens
            // of milliseconds of the tail's start), each a distinct prime number of frames (no
            // common factors: echoes do not pile up on shared periods), and different for each
            // band and output. Bands up to 500 Hz get 64 lines (0.9 s of delay: many modes in a
            // narrow octave), the others 16.
            design.lines = b <= 2 ? 64 : 16;
            int previous = 0;
            for (int i = 0; i < design.lines; ++i) {
                const double ms = 6.0 * std::pow(26.0 / 6.0, i / double(design.lines - 1)) *
                                  (1.0 + 0.013 * b + 0.041 * k);
                int delay = std::max(previous + 1, int(std::lround(ms * m_sampleRateHz / 1000.0)));
                while (!isPrime(delay))
                    ++delay;
                previous = delay;
                design.delays[size_t(i)] = delay;
            }
            const double seconds = m_decays[size_t(b)][size_t(k)];
            for (int i = 0; i < design.lines; ++i)
                design.gains[size_t(i)] = float(
                    std::pow(10.0, -3.0 * design.delays[size_t(i)] / (m_sampleRateHz * seconds)));
            design.decayPerFrame = ln1e6 / (seconds * m_sampleRateHz);
            std::vector<float>& response = responses[size_t(k)];
            response.assign(length, 0.0f);
            BandNetwork(design).process(bandImpulse.data(), response.data(), frames);
            // Calibrate the level: the network on a whole impulse (each band's share is set by
            // the crossovers at run time), its envelope A exp(-k n) fitted after the echoes
            // have built up (from a third of the run on).
            std::vector<float> broadband(length);
            BandNetwork(design).process(impulse.data(), broadband.data(), frames);
            double sum = 0.0, envelope = 0.0;
            for (int n = frames / 3; n < frames; ++n) {
                sum += double(broadband[size_t(n)]) * broadband[size_t(n)];
                envelope += std::exp(-design.decayPerFrame * n);
            }
            // An impulse response that has died out by then (walls absorbing nearly all) would
            // leave nothing to fit: the network's first pass stands for it.
            design.envelopeAtInjection =
                sum > 0.0 ? sum / envelope : 1.0 / double(design.delays[0]) / design.lines;
        }
        // Two independent networks are nearly uncorrelated; what remains in this band is taken
        // out of the second output (the diffuse filters build the ears' coherence from two
        // uncorrelated signals).
        const auto a = octaveBand(responses[0], octaveBandCentresHz[size_t(b)], m_sampleRateHz);
        const auto c = octaveBand(responses[1], octaveBandCentresHz[size_t(b)], m_sampleRateHz);
        double aa = 0, cc = 0, ac = 0;
        for (size_t n = 0; n < a.size(); ++n) {
            aa += double(a[n]) * a[n];
            cc += double(c[n]) * c[n];
            ac += double(a[n]) * c[n];
        }
        band.correlation = std::clamp(ac / std::sqrt(aa * cc), -0.9, 0.9);
    }
}

float PreparedRoom::bandGain(int band, int output, int64_t injectionFrame) const
{
    // The network's envelope A exp(-k n') after injection, delayed by the diffuse filters, must
    // equal the room's E exp(-k n) at emission-relative time n.
    const BandNetworkDesign& design = m_bands[size_t(band)].networks[size_t(output)];
    const double outputFrame = double(injectionFrame + m_diffuseLatency);
    return float(std::sqrt(m_energyPerFrame * std::exp(-design.decayPerFrame * outputFrame) /
                           design.envelopeAtInjection));
}

std::array<std::vector<float>, 2> PreparedRoom::simulateOutputs(int size) const
{
    // The tail as LateReverb makes it (injection at frame 0), on an impulse.
    const int frames = size;
    const size_t length = size_t(size);
    std::vector<float> remaining(length, 0.0f), band(length), a(length), c(length);
    std::array<std::vector<float>, 2> outputs = {std::vector<float>(size_t(frames), 0.0f),
                                                 std::vector<float>(size_t(frames), 0.0f)};
    remaining[0] = 1.0f;
    std::vector<std::array<Biquad, 8>> crossovers;
    for (double frequency : m_crossovers)
        crossovers.push_back(crossoverSections(frequency, m_sampleRateHz));
    for (int b = 0; b < octaveBandCount; ++b) {
        splitBand(crossovers, b, remaining.data(), band.data(), frames);
        BandNetwork(m_bands[size_t(b)].networks[0]).process(band.data(), a.data(), frames);
        BandNetwork(m_bands[size_t(b)].networks[1]).process(band.data(), c.data(), frames);
        const float ga = bandGain(b, 0, 0), gc = bandGain(b, 1, 0);
        const float rho = float(m_bands[size_t(b)].correlation);
        const float scale = 1.0f / std::sqrt(1.0f - rho * rho);
        for (int n = 0; n < frames; ++n) {
            outputs[0][size_t(n)] += ga * a[size_t(n)];
            outputs[1][size_t(n)] += scale * (gc * c[size_t(n)] - rho * ga * a[size_t(n)]);
        }
    }
    return outputs;
}

std::array<std::vector<double>, 3>
PreparedRoom::outputColouration(const std::array<std::vector<float>, 2>& outputs) const
{
    // Each output's power spectrum against the ideal one - white within each band, at the
    // energy of the room's decay - smoothed over third octaves, and their cross-power. One
    // network's modes fill its band unevenly (a decibel or two from one third octave to the
    // next); the diffuse filters take that out.
    const int size = int(outputs[0].size());
    const RealFft fft(size, FftPlanning::Estimate);
    AlignedBuffer time{size_t(size)}, spectrum(fft.spectrumFloats());
    const size_t bins = size_t(fft.bins());
    // The ideal: E per frame, decaying at the band's rate from the diffuse filters' delay on.
    std::vector<double> ideal(bins);
    for (size_t k = 0; k < bins; ++k) {
        const double f = double(k) * m_sampleRateHz / size;
        int b = 0;
        while (b + 1 < octaveBandCount && f >= m_crossovers[size_t(b)])
            ++b;
        const double decay = ln1e6 / (m_acoustics.rt60S[size_t(b)] * m_sampleRateHz);
        // From the first output on: the room's decay carries no energy before the tail starts.
        ideal[k] =
            m_energyPerFrame * std::exp(-decay * tailLatencyFrames()) / (1.0 - std::exp(-decay));
    }
    std::array<AlignedBuffer, 2> spectra = {AlignedBuffer(fft.spectrumFloats()),
                                            AlignedBuffer(fft.spectrumFloats())};
    for (int k = 0; k < 2; ++k) {
        std::copy(outputs[size_t(k)].begin(), outputs[size_t(k)].end(), time.data());
        fft.forward(time.data(), spectra[size_t(k)].data());
    }
    const size_t stride = size_t(fft.stride());
    // Powers of each output and the real part of their cross-spectrum, over the ideal power.
    std::array<std::vector<double>, 3> colouration;
    for (int which = 0; which < 3; ++which) {
        std::vector<double> measuredSum(bins + 1, 0.0), idealSum(bins + 1, 0.0);
        for (size_t i = 0; i < bins; ++i) {
            const float* x = spectra[which == 1 ? 1 : 0].data();
            const float* y = spectra[which == 0 ? 0 : 1].data();
            const double value = double(x[i]) * y[i] + double(x[i + stride]) * y[i + stride];
            measuredSum[i + 1] = measuredSum[i] + value;
            idealSum[i + 1] = idealSum[i] + ideal[i];
        }
        colouration[size_t(which)].resize(bins);
        const double half = std::pow(2.0, 1.0 / 6.0);
        for (size_t i = 0; i < bins; ++i) {
            // Third-octave smoothing by running sums.
            const size_t low = std::max<size_t>(1, size_t(double(i) / half));
            const size_t high = std::min(bins, std::max(low + 1, size_t(double(i) * half) + 1));
            const double ratio = (measuredSum[high] - measuredSum[low]) /
                                 std::max(1e-30, idealSum[high] - idealSum[low]);
            colouration[size_t(which)][i] =
                which == 2 ? std::clamp(ratio, -10.0, 10.0) : std::clamp(ratio, 0.1, 10.0);
        }
    }
    return colouration;
}

std::array<std::array<double, 2>, octaveBandCount>
PreparedRoom::whitenedDecays(const std::array<std::vector<float>, 2>& outputs,
                             const std::array<std::vector<double>, 3>& colouration) const
{
    // The two orthonormalised signals the diffuse filters mix into the ears (v1 = u1 / sqrt(s1),
    // v2 = (u2 - r / s1 u1) / sqrt(s2 - r^2 / s1)), and their T20 in each octave.
    const int size = int(outputs[0].size());
    const RealFft fft(size, FftPlanning::Estimate);
    const size_t stride = size_t(fft.stride());
    std::array<AlignedBuffer, 2> spectra = {AlignedBuffer(fft.spectrumFloats()),
                                            AlignedBuffer(fft.spectrumFloats())};
    AlignedBuffer time{size_t(size)};
    for (int k = 0; k < 2; ++k) {
        std::copy(outputs[size_t(k)].begin(), outputs[size_t(k)].end(), time.data());
        fft.forward(time.data(), spectra[size_t(k)].data());
    }
    std::array<std::vector<float>, 2> whitened;
    for (int k = 0; k < 2; ++k) {
        AlignedBuffer spectrum(fft.spectrumFloats());
        for (size_t i = 0; i < size_t(fft.bins()); ++i) {
            const double s1 = colouration[0][i], s2 = colouration[1][i], r = colouration[2][i];
            const double rest = std::max(0.05 * s2, s2 - r * r / s1);
            for (size_t part : {size_t(0), stride}) {
                const double u1 = spectra[0][i + part], u2 = spectra[1][i + part];
                spectrum[i + part] =
                    float(k == 0 ? u1 / std::sqrt(s1) : (u2 - r / s1 * u1) / std::sqrt(rest));
            }
        }
        fft.inverse(spectrum.data(), time.data());
        whitened[size_t(k)].assign(time.data(), time.data() + size);
    }
    std::array<std::array<double, 2>, octaveBandCount> decays{};
    for (int b = 0; b < octaveBandCount; ++b)
        for (int k = 0; k < 2; ++k)
            decays[size_t(b)][size_t(k)] = reverberationTimeT20(
                octaveBand(whitened[size_t(k)], octaveBandCentresHz[size_t(b)], m_sampleRateHz),
                m_sampleRateHz);
    return decays;
}

void PreparedRoom::designDiffuseFilters(const std::array<std::vector<double>, 3>& colouration)
{
    const DiffuseFieldResponse field = diffuseFieldResponse(*m_model, m_sampleRateHz);
    const int taps = diffuseFilterTaps();
    const int size = int(2 * (colouration[0].size() - 1));
    const RealFft fft(taps, FftPlanning::Estimate);
    AlignedBuffer spectrum(fft.spectrumFloats());
    AlignedBuffer time{size_t(taps)};
    // Per frequency: the outputs u1, u2 have powers s1, s2 and cross-power r (over the ideal
    // tail's). Made orthonormal (Gram-Schmidt: v1 = u1 / sqrt(s1), v2 = (u2 - r / s1 u1) /
    // sqrt(s2 - r^2 / s1)), they are mixed into the ears as a v1 +- b v2 with a^2 = P (1 + C) / 2,
    // b^2 = P (1 - C) / 2: each ear has the diffuse-field power P, the two the coherence C.
    // Filters: 0 = u1 to the left ear, 1 = u1 to the right, 2 = u2 to the left, 3 = u2 to the
    // right.
    std::array<std::vector<float>, 4> filters;
    for (int which = 0; which < 4; ++which) {
        spectrum.clear();
        for (int k = 0; k < fft.bins(); ++k) {
            // The diffuse-field response at this bin (nearest of the finer grid).
            const double position = double(k) * field.fftSize / taps;
            const size_t bin = std::min(field.coherence.size() - 1, size_t(std::lround(position)));
            const double power = 0.5 * (field.powerLeft[bin] + field.powerRight[bin]);
            const double coherence = field.coherence[bin];
            const size_t at =
                std::min(colouration[0].size() - 1, size_t(std::lround(double(k) * size / taps)));
            const double s1 = colouration[0][at], s2 = colouration[1][at], r = colouration[2][at];
            const double rest = std::max(0.05 * s2, s2 - r * r / s1);
            const double a = std::sqrt(std::max(0.0, power * (1.0 + coherence) / 2.0));
            const double b = std::sqrt(std::max(0.0, power * (1.0 - coherence) / 2.0));
            const double sign = which == 1 || which == 3 ? -1.0 : 1.0; // the right ear: a v1 - b v2
            const double gain = which < 2
                                    ? a / std::sqrt(s1) - sign * b * r / (s1 * std::sqrt(rest))
                                    : sign * b / std::sqrt(rest);
            // Zero phase, delayed by half the length: (-1)^k.
            spectrum[size_t(k)] = float(gain * (k % 2 ? -1 : 1));
        }
        fft.inverse(spectrum.data(), time.data());
        filters[size_t(which)].resize(size_t(taps));
        for (int i = 0; i < taps; ++i) {
            // A Hann window keeps the truncated response free of ripple.
            const double window = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (i + 0.5) / taps);
            filters[size_t(which)][size_t(i)] = float(time[size_t(i)] / taps * window);
        }
    }
    const int block = m_model->layout().blockFrames;
    const PartitionLayout layout{block, partitionsFor(taps, block)};
    m_diffuseFilters = std::make_unique<FilterTable>(layout, 4);
    const RealFft partitionFft(layout.fftSize());
    for (int which = 0; which < 4; ++which)
        m_diffuseFilters->setFilter(which, filters[size_t(which)].data(), taps, partitionFft);
}

int PreparedRoom::diffuseFilterTaps() const
{
    // Linear-phase filters of 2,048 taps at 48 kHz (23 Hz resolution: fine enough to take out a
    // network's colouration by third octave), scaled with the rate - not with the block, whose
    // partitions pad them (their delay is the tail's).
    return 2 * int(std::lround(1024.0 * m_sampleRateHz / 48000.0));
}

int PreparedRoom::tailLatencyFrames() const
{
    int shortest = m_bands[0].networks[0].delays[0];
    for (const BandDesign& band : m_bands)
        for (const BandNetworkDesign& network : band.networks)
            shortest = std::min(shortest, network.delays[0]);
    return shortest + m_diffuseLatency;
}

int64_t PreparedRoom::longestDecayFrames() const
{
    double longest = 0.0;
    for (double t60 : m_acoustics.rt60S)
        longest = std::max(longest, t60);
    return int64_t(std::ceil(longest * m_sampleRateHz));
}

} // namespace stagelab
