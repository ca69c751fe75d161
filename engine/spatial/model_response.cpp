#include "spatial/model_response.h"

#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stagelab {

struct EarResponses::Workspace
{
    explicit Workspace(const PartitionLayout& layout)
        : fft(layout.fftSize()), pair(layout.pairFloats()), spectrum(layout.partitionFloats()),
          time(size_t(layout.fftSize()))
    {}
    RealFft fft;
    AlignedBuffer pair, spectrum, time;
};

EarResponses::EarResponses(const SpatialModel& model)
    : m_model(model), m_taps(model.layout().partitions * model.layout().blockFrames),
      m_workspace(std::make_unique<Workspace>(model.layout()))
{
    for (auto& ear : m_ears)
        ear.resize(size_t(m_taps));
}

EarResponses::~EarResponses() = default;

const std::array<std::vector<float>, 2>& EarResponses::at(const Direction& direction)
{
    const PartitionLayout& layout = m_model.layout();
    Workspace& w = *m_workspace;
    if (m_model.earImpulseResponses(direction, m_ears)) {
        for (auto& ear : m_ears)
            ear.resize(size_t(m_taps), 0.0f);
        return m_ears;
    }
    m_model.filterPair(direction, w.pair.data());
    const int block = layout.blockFrames;
    for (int ear = 0; ear < 2; ++ear)
        for (int p = 0; p < layout.partitions; ++p) {
            // Each partition holds the spectrum of its taps (scaled by 1/fftSize) followed by
            // zeros; FFTW's unnormalised inverse (which destroys its input) gives the taps back.
            std::copy_n(w.pair.data() + size_t(ear) * layout.earFloats() +
                            size_t(p) * layout.partitionFloats(),
                        layout.partitionFloats(), w.spectrum.data());
            w.fft.inverse(w.spectrum.data(), w.time.data());
            std::copy_n(w.time.data(), block,
                        m_ears[size_t(ear)].data() + size_t(p) * size_t(block));
        }
    return m_ears;
}

DiffuseFieldResponse diffuseFieldResponse(const SpatialModel& model, double sampleRateHz,
                                          int directions)
{
    const int taps = model.layout().partitions * model.layout().blockFrames;
    int size = 512;
    while (size < taps)
        size *= 2;
    const RealFft fft(size, FftPlanning::Estimate);
    AlignedBuffer time{size_t(size)};
    AlignedBuffer spectra[2] = {AlignedBuffer(fft.spectrumFloats()),
                                AlignedBuffer(fft.spectrumFloats())};
    DiffuseFieldResponse result;
    result.fftSize = size;
    result.sampleRateHz = sampleRateHz;
    const size_t bins = size_t(fft.bins());
    result.powerLeft.assign(bins, 0.0);
    result.powerRight.assign(bins, 0.0);
    std::vector<double> cross(bins, 0.0);
    EarResponses responses(model);
    const double golden = std::numbers::pi * (3.0 - std::sqrt(5.0));
    for (int i = 0; i < directions; ++i) {
        const double z = 1.0 - (2.0 * i + 1.0) / directions;
        const double azimuth = std::fmod(golden * i, 2.0 * std::numbers::pi);
        const Direction direction{azimuth * 180.0 / std::numbers::pi,
                                  std::asin(z) * 180.0 / std::numbers::pi};
        const auto& ears = responses.at(direction);
        for (int ear = 0; ear < 2; ++ear) {
            time.clear();
            std::copy(ears[size_t(ear)].begin(), ears[size_t(ear)].end(), time.data());
            fft.forward(time.data(), spectra[ear].data());
        }
        const float* lr = spectra[0].data();
        const float* li = spectra[0].data() + fft.stride();
        const float* rr = spectra[1].data();
        const float* ri = spectra[1].data() + fft.stride();
        for (size_t k = 0; k < bins; ++k) {
            result.powerLeft[k] += double(lr[k]) * lr[k] + double(li[k]) * li[k];
            result.powerRight[k] += double(rr[k]) * rr[k] + double(ri[k]) * ri[k];
            cross[k] += double(lr[k]) * rr[k] + double(li[k]) * ri[k]; // Re(L conj(R))
        }
    }
    result.coherence.resize(bins);
    for (size_t k = 0; k < bins; ++k) {
        result.powerLeft[k] /= directions;
        result.powerRight[k] /= directions;
        const double norm = std::sqrt(result.powerLeft[k] * result.powerRight[k]) * directions;
        result.coherence[k] = norm > 0.0 ? std::clamp(cross[k] / norm, -1.0, 1.0) : 1.0;
    }
    return result;
}

} // namespace stagelab
