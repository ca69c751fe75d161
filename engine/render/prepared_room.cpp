#include "render/prepared_room.h"

#include "dsp/aligned_buffer.h"
#include "dsp/decay_measures.h"
#include "dsp/fft.h"
#include "dsp/minimum_phase_fir.h"
#include "render/band_network.h"
#include "spatial/model_response.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace stagelab {

namespace {
constexpr double ln1e6 = 13.815510557964274;

bool isPrime(int n)
{
    if (n < 2) return false;
    for (int d = 2; d * d <= n; ++d)
        if (n % d == 0) return false;
    return true;
}

/// Taps of the filters that shape each reflection group's walls and air: octave-band gains
/// interpolated over log frequency need no more than ~190 Hz resolution at 48 kHz.
int wallFilterTaps(double sampleRateHz)
{
    return sampleRateHz > 96000.0 ? 1024 : sampleRateHz > 48000.0 ? 512 : 256;
}
} // namespace

PreparedRoom::PreparedRoom(RoomSpec room, std::shared_ptr<const SpatialModel> model,
                           double sampleRateHz)
    : m_room(std::move(room)), m_acoustics(roomAcoustics(m_room)), m_model(std::move(model)),
      m_sampleRateHz(sampleRateHz)
{
    if (!m_model) throw Error("a room needs a model");
    if (!m_model->acceptsRoom())
        throw Error("the " + m_model->name() +
                    " model has a room of its own; it cannot be placed in room '" + m_room.id +
                    "'");
    m_energyPerFrame =
        4.0 * std::numbers::pi * speedOfSoundMPerS / m_acoustics.volumeM3 / m_sampleRateHz;
    for (int b = 0; b + 1 < octaveBandCount; ++b)
        m_crossovers[size_t(b)] =
            std::sqrt(octaveBandCentresHz[size_t(b)] * octaveBandCentresHz[size_t(b + 1)]);
    m_diffuseLatency = diffuseFilterTaps() / 2;
    // Every mode of a network decays at the set rate, but the few hundred modes in one octave
    // beat against each other, so the band's decay as ISO 3382 measures it (T20 in its octave)
    // bends by up to +-15 % in short, low bands. So the tail is made, its two signals measured
    // as the ears will get them, and each network's decay set again until those T20s are the
    // room's (within 2 %; two or three rounds of a secant step).
    double longest = 0.0;
    for (int b = 0; b < octaveBandCount; ++b) {
        m_decays[size_t(b)] = {m_acoustics.rt60S[size_t(b)], m_acoustics.rt60S[size_t(b)]};
        longest = std::max(longest, m_acoustics.rt60S[size_t(b)]);
    }
    int size = 4096;
    while (size < int(std::clamp(1.2 * longest, 0.3, 4.0) * m_sampleRateHz))
        size *= 2;
    std::array<std::vector<double>, 3> colouration;
    for (int round = 0; round < 4; ++round) {
        designNetworks();
        const auto outputs = simulateOutputs(size);
        colouration = outputColouration(outputs);
        if (round == 3) break;
        const auto measured = whitenedDecays(outputs, colouration);
        bool close = true;
        for (int b = 0; b < octaveBandCount; ++b)
            for (int k = 0; k < 2; ++k) {
                const double t = measured[size_t(b)][size_t(k)];
                if (!std::isfinite(t)) continue;
                const double ratio = m_acoustics.rt60S[size_t(b)] / t;
                close = close && std::abs(ratio - 1.0) < 0.02;
                m_decays[size_t(b)][size_t(k)] *= std::clamp(ratio, 0.7, 1.4);
            }
        if (close) break;
    }
    designDiffuseFilters(colouration);
}

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
            design.envelopeAtInjection = sum / envelope;
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
            const size_t at = std::min(colouration[0].size() - 1, size_t(k) * size_t(size / taps));
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
    // Linear-phase filters of 512 taps at 48 kHz (94 Hz resolution: the coherence of a head
    // changes over a few hundred hertz), scaled with the rate, whole blocks.
    const int block = m_model->layout().blockFrames;
    return std::max(block, int(std::lround(2048.0 * m_sampleRateHz / 48000.0 / block)) * block);
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

int64_t PreparedRoom::tailStartFrames(const Vector3& sourceM) const
{
    return std::llround(imageSources(m_room, sourceM).tailStartM / speedOfSoundMPerS *
                        m_sampleRateHz);
}

std::array<std::vector<float>, 2>
PreparedRoom::reflections(const Vector3& sourceM, double airAlreadyM, double referenceM) const
{
    const ImageSourceSet images = imageSources(m_room, sourceM);
    const Vector3& head = m_room.listenerM;
    const double direct = std::hypot(sourceM.x - head.x, sourceM.y - head.y, sourceM.z - head.z);
    const int64_t directFrames = std::llround(direct / speedOfSoundMPerS * m_sampleRateHz);
    EarResponses responses(*m_model);
    const int wallTaps = wallFilterTaps(m_sampleRateHz);
    int64_t latest = 0;
    for (const ImageSource& image : images.early)
        latest = std::max<int64_t>(
            latest,
            std::llround(image.distanceM / speedOfSoundMPerS * m_sampleRateHz) - directFrames);
    const size_t length = size_t(latest) + size_t(responses.taps()) + size_t(wallTaps);
    int size = 256;
    while (size_t(size) < length)
        size *= 2;

    // Images with the same walls-and-air attenuation (to 0.05 dB in every band) share one
    // filter: they are summed first and filtered once.
    struct Group
    {
        OctaveValues gainsDb{};
        std::array<std::vector<float>, 2> sum;
    };
    std::map<std::vector<long>, Group> groups;
    for (const ImageSource& image : images.early) {
        Group candidate;
        std::vector<long> key;
        for (int b = 0; b < octaveBandCount; ++b) {
            const double airM = std::max(0.0, image.distanceM - referenceM) - airAlreadyM;
            const double db =
                20.0 * std::log10(image.reflectance[size_t(b)]) -
                airAbsorptionDbPerM(octaveBandCentresHz[size_t(b)]) * std::max(0.0, airM);
            key.push_back(std::lround(db / 0.05));
            candidate.gainsDb[size_t(b)] = db;
        }
        auto [entry, inserted] = groups.try_emplace(key, candidate);
        Group& group = entry->second;
        if (inserted)
            for (auto& ear : group.sum)
                ear.assign(size_t(size), 0.0f);
        const int64_t offset =
            std::llround(image.distanceM / speedOfSoundMPerS * m_sampleRateHz) - directFrames;
        const float gain = float(direct / image.distanceM);
        const auto& ears = responses.at(image.arrival);
        for (int ear = 0; ear < 2; ++ear)
            for (int i = 0; i < responses.taps(); ++i)
                group.sum[size_t(ear)][size_t(offset + i)] += gain * ears[size_t(ear)][size_t(i)];
    }

    const RealFft fft(size, FftPlanning::Estimate);
    AlignedBuffer total[2] = {AlignedBuffer(fft.spectrumFloats()),
                              AlignedBuffer(fft.spectrumFloats())};
    AlignedBuffer time{size_t(size)}, filterSpectrum(fft.spectrumFloats()),
        groupSpectrum(fft.spectrumFloats());
    const int stride = fft.stride();
    for (auto& [key, group] : groups) {
        std::vector<std::pair<double, double>> curve;
        for (int b = 0; b < octaveBandCount; ++b)
            curve.emplace_back(octaveBandCentresHz[size_t(b)], group.gainsDb[size_t(b)]);
        const std::vector<float> fir = designMinimumPhaseFir(curve, m_sampleRateHz, wallTaps);
        time.clear();
        std::copy(fir.begin(), fir.end(), time.data());
        fft.forward(time.data(), filterSpectrum.data());
        for (int ear = 0; ear < 2; ++ear) {
            std::copy(group.sum[size_t(ear)].begin(), group.sum[size_t(ear)].end(), time.data());
            fft.forward(time.data(), groupSpectrum.data());
            float* out = total[ear].data();
            const float* x = groupSpectrum.data();
            const float* h = filterSpectrum.data();
            for (int k = 0; k < fft.bins(); ++k) {
                out[k] += x[k] * h[k] - x[k + stride] * h[k + stride];
                out[k + stride] += x[k] * h[k + stride] + x[k + stride] * h[k];
            }
        }
    }
    std::array<std::vector<float>, 2> result;
    for (int ear = 0; ear < 2; ++ear) {
        fft.inverse(total[ear].data(), time.data());
        result[size_t(ear)].resize(length);
        for (size_t i = 0; i < length; ++i)
            result[size_t(ear)][i] = time[i] / float(size);
    }
    return result;
}

} // namespace stagelab
