#include "render/prepared_room.h"

#include "dsp/aligned_buffer.h"
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
    designNetworks();
    designDiffuseFilters();
}

void PreparedRoom::designNetworks()
{
    // Line lengths spread logarithmically over 6-26 ms, each a distinct prime number of frames
    // (no common factors, so the network's echoes do not pile up on shared periods), and
    // shifted a little per band so the bands' echo patterns differ too.
    for (int b = 0; b < octaveBandCount; ++b) {
        BandNetworkDesign& design = m_networks[size_t(b)];
        const double t60 = m_acoustics.rt60S[size_t(b)];
        int previous = 0;
        for (int i = 0; i < BandNetworkDesign::lines; ++i) {
            const double ms = 6.0 * std::pow(26.0 / 6.0, i / double(BandNetworkDesign::lines - 1)) *
                              (1.0 + 0.013 * b);
            int frames = std::max(previous + 1, int(std::lround(ms * m_sampleRateHz / 1000.0)));
            while (!isPrime(frames))
                ++frames;
            previous = frames;
            design.delays[size_t(i)] = frames;
            design.gains[size_t(i)] = float(std::pow(10.0, -3.0 * frames / (m_sampleRateHz * t60)));
        }
        design.decayPerFrame = ln1e6 / (t60 * m_sampleRateHz);
        // Calibrate: run the network on an impulse and fit the envelope A exp(-k n) to its output
        // energy after the echoes have built up (from a third of the run on).
        BandNetwork network(design);
        const int frames = int(std::clamp(t60 / 2.0, 0.2, 2.0) * m_sampleRateHz);
        std::vector<float> input(size_t(frames), 0.0f), first(size_t(frames), 0.0f),
            second(size_t(frames), 0.0f);
        input[0] = 1.0f;
        network.process(input.data(), first.data(), second.data(), frames, 1.0f);
        double energy = 0.0, envelope = 0.0;
        for (int n = frames / 3; n < frames; ++n) {
            energy += 0.5 * (double(first[size_t(n)]) * first[size_t(n)] +
                             double(second[size_t(n)]) * second[size_t(n)]);
            envelope += std::exp(-design.decayPerFrame * n);
        }
        design.envelopeAtInjection = energy / envelope;
    }
}

void PreparedRoom::designDiffuseFilters()
{
    const DiffuseFieldResponse field = diffuseFieldResponse(*m_model, m_sampleRateHz);
    // Linear-phase filters of 512 taps at 48 kHz (94 Hz resolution: the coherence of a head
    // changes over a few hundred hertz), scaled with the rate.
    const int block = m_model->layout().blockFrames;
    int taps = std::max(block, int(std::lround(512.0 * m_sampleRateHz / 48000.0 / block)) * block);
    const RealFft fft(taps, FftPlanning::Estimate);
    AlignedBuffer spectrum(fft.spectrumFloats());
    AlignedBuffer time{size_t(taps)};
    std::array<std::vector<float>, 2> filters;
    for (int which = 0; which < 2; ++which) {
        spectrum.clear();
        for (int k = 0; k < fft.bins(); ++k) {
            // The diffuse-field response at this bin (nearest of the finer grid).
            const double position = double(k) * field.fftSize / taps;
            const size_t bin = std::min(field.coherence.size() - 1, size_t(std::lround(position)));
            const double power = 0.5 * (field.powerLeft[bin] + field.powerRight[bin]);
            const double coherence = field.coherence[bin];
            const double share = which == 0 ? (1.0 + coherence) / 2.0 : (1.0 - coherence) / 2.0;
            // Zero phase, delayed by half the length: (-1)^k.
            spectrum[size_t(k)] = float(std::sqrt(std::max(0.0, power * share)) * (k % 2 ? -1 : 1));
        }
        fft.inverse(spectrum.data(), time.data());
        filters[size_t(which)].resize(size_t(taps));
        for (int i = 0; i < taps; ++i) {
            // A Hann window keeps the truncated response free of ripple.
            const double window = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (i + 0.5) / taps);
            filters[size_t(which)][size_t(i)] = float(time[size_t(i)] / taps * window);
        }
    }
    m_diffuseLatency = taps / 2;
    const PartitionLayout layout{block, partitionsFor(taps, block)};
    m_diffuseFilters = std::make_unique<FilterTable>(layout, 3);
    const RealFft partitionFft(layout.fftSize());
    m_diffuseFilters->setFilter(0, filters[0].data(), taps, partitionFft);
    m_diffuseFilters->setFilter(1, filters[1].data(), taps, partitionFft);
    std::vector<float> negative(filters[1]);
    for (float& tap : negative)
        tap = -tap;
    m_diffuseFilters->setFilter(2, negative.data(), taps, partitionFft);
}

int PreparedRoom::tailLatencyFrames() const
{
    int shortest = m_networks[0].delays[0];
    for (const auto& network : m_networks)
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
