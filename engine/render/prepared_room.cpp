#include "render/prepared_room.h"

#include "dsp/aligned_buffer.h"
#include "dsp/decay_measures.h"
#include "dsp/fft.h"
#include "dsp/minimum_phase_fir.h"
#include "render/band_network.h"
#include "spatial/model_response.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace stagelab {

namespace {
constexpr double ln1e6 = 13.815510557964274;

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
    if (m_sampleRateHz < 16000.0)
        throw Error("rooms are rendered at 16 kHz and above (their octave bands reach 8 kHz); "
                    "the engine runs at " +
                    formatNumber(m_sampleRateHz) + " Hz");
    if (m_model->rendersBuiltInRoom())
        throw Error("the " + m_model->name() +
                    " model has a room of its own; it cannot be placed in room '" + m_room.id +
                    "' (give the room to the model instead: prepareModel)");
    if (&m_model->roomListener() != m_model.get())
        throw Error("a room is prepared for the model the listener hears it through, not for " +
                    m_model->name());
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

int64_t PreparedRoom::tailStartFrames(const Vector3& sourceM) const
{
    return std::llround(imageSources(m_room, sourceM).tailStartM / speedOfSoundMPerS *
                        m_sampleRateHz);
}

std::array<std::vector<float>, 2> PreparedRoom::reflections(const Vector3& sourceM,
                                                            double airAlreadyM, double referenceM,
                                                            double headYawDeg) const
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
        const Direction heard =
            headYawDeg == 0.0 ? image.arrival
                              : Direction{wrapAzimuthDeg(image.arrival.azimuthDeg - headYawDeg),
                                          image.arrival.elevationDeg};
        const auto& ears = responses.at(heard);
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
