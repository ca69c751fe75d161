// hrtf: binaural rendering through a SOFA HRTF set, interpolated between measurements.

#include "dsp/spectral_kernels.h"
#include "spatial/filter_table.h"
#include "spatial/hrtf_alignment.h"
#include "spatial/models/models.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace stagelab::models {

namespace {
class HrtfModel final : public SpatialModel
{
public:
    explicit HrtfModel(const ModelSettings& settings)
        : m_hrtf(settings.hrtf),
          m_table(PartitionLayout{settings.blockFrames,
                                  partitionsFor(m_hrtf->irLength(), settings.blockFrames)},
                  2 * m_hrtf->measurementCount())
    {
        m_layout = m_table.layout();
        RealFft fft(m_layout.fftSize());
        for (int m = 0; m < m_hrtf->measurementCount(); ++m)
            for (int ear = 0; ear < 2; ++ear)
                m_table.setFilter(2 * m + ear, m_hrtf->impulseResponse(m, ear), m_hrtf->irLength(),
                                  fft);
    }

    std::string name() const override { return "hrtf"; }
    bool rendersHead() const override { return true; }
    std::shared_ptr<const HrtfSet> hrtf() const override { return m_hrtf; }

    bool earImpulseResponses(const Direction& direction,
                             std::array<std::vector<float>, 2>& ears) const override
    {
        // One aligner per thread and IR size (its FFT is planned once, not per direction).
        thread_local std::unique_ptr<ImpulseAligner> aligner;
        thread_local std::pair<int, double> sizedFor{0, 0.0};
        const std::pair<int, double> size{m_hrtf->irLength(), m_hrtf->sampleRateHz()};
        if (!aligner || sizedFor != size) {
            aligner = std::make_unique<ImpulseAligner>(size.first, size.second);
            sizedFor = size;
        }
        for (int ear = 0; ear < 2; ++ear)
            ears[size_t(ear)] = m_hrtf->interpolatedImpulseResponse(direction, ear, aligner.get());
        return true;
    }

    void filterPair(const Direction& direction, float* pair) const noexcept override
    {
        const InterpolationWeights weights = m_hrtf->interpolationWeights(direction);
        const size_t earFloats = m_layout.earFloats();
        for (int ear = 0; ear < 2; ++ear) {
            float* out = pair + size_t(ear) * earFloats;
            const MeasurementWeight& first = weights.terms[0];
            // A measured direction gets exactly that measurement.
            if (weights.count == 1 && first.weight == 1.0f) {
                std::copy_n(m_table.filter(2 * first.measurement + ear), earFloats, out);
                continue;
            }
            const float* sources[4];
            float factors[4];
            for (int t = 0; t < weights.count; ++t) {
                sources[t] = m_table.filter(2 * weights.terms[size_t(t)].measurement + ear);
                factors[t] = weights.terms[size_t(t)].weight;
            }
            weightedSum(sources, factors, weights.count, out, int(earFloats));
        }
    }

private:
    std::shared_ptr<const HrtfSet> m_hrtf;
    FilterTable m_table;
};
} // namespace

std::shared_ptr<const SpatialModel> makeHrtfModel(const ModelSettings& settings)
{
    return std::make_shared<HrtfModel>(settings);
}

} // namespace stagelab::models
