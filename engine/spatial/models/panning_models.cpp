// stereo-pan, crossfeed and diotic: models whose ear filters are flat gains.

#include "spatial/filter_table.h"
#include "spatial/models/models.h"
#include "util/error.h"
#include "util/number_format.h"

#include <bs2b/bs2b.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace stagelab::models {

PanGains stereoPanGains(const Direction& direction) noexcept
{
    // The lateral angle folds front and back together: a stereo pair cannot tell them apart.
    const double position = std::clamp(lateralAngleDeg(direction) / 30.0, -1.0, 1.0);
    const double angle = (position + 1.0) * std::numbers::pi / 4.0;
    return {float(std::sin(angle)), float(std::cos(angle))};
}

namespace {

class GainModel : public SpatialModel
{
public:
    explicit GainModel(const ModelSettings& settings)
    {
        m_layout = PartitionLayout{settings.blockFrames, 1};
    }

protected:
    void writeGains(float left, float right, float* pair) const noexcept
    {
        writeFlatFilter(m_layout, left, pair);
        writeFlatFilter(m_layout, right, pair + m_layout.earFloats());
    }
};

class StereoPanModel : public GainModel
{
public:
    using GainModel::GainModel;
    std::string name() const override { return "stereo-pan"; }
    void filterPair(const Direction& direction, float* pair) const noexcept override
    {
        const PanGains gains = stereoPanGains(direction);
        writeGains(gains.left, gains.right, pair);
    }
};

class CrossfeedBus final : public EarBusProcessor
{
public:
    CrossfeedBus(double sampleRateHz, int blockFrames, int cutoffHz, int levelTenthsDb)
        : m_bs2b(bs2b_open(), &bs2b_close), m_interleaved(size_t(2 * blockFrames))
    {
        if (!m_bs2b) throw Error("libbs2b could not be initialised");
        bs2b_set_srate(m_bs2b.get(), uint32_t(std::lround(sampleRateHz)));
        bs2b_set_level_fcut(m_bs2b.get(), cutoffHz);
        bs2b_set_level_feed(m_bs2b.get(), levelTenthsDb);
    }
    void process(float* left, float* right, int frames) noexcept override
    {
        for (int i = 0; i < frames; ++i) {
            m_interleaved[size_t(2 * i)] = left[i];
            m_interleaved[size_t(2 * i + 1)] = right[i];
        }
        bs2b_cross_feed_f(m_bs2b.get(), m_interleaved.data(), frames);
        for (int i = 0; i < frames; ++i) {
            left[i] = m_interleaved[size_t(2 * i)];
            right[i] = m_interleaved[size_t(2 * i + 1)];
        }
    }

private:
    std::unique_ptr<t_bs2bd, void (*)(t_bs2bdp)> m_bs2b;
    std::vector<float> m_interleaved;
};

class CrossfeedModel final : public StereoPanModel
{
public:
    explicit CrossfeedModel(const ModelSettings& settings)
        : StereoPanModel(settings), m_sampleRateHz(settings.sampleRateHz),
          m_cutoffHz(int(std::lround(settings.crossfeedCutoffHz))),
          m_levelTenthsDb(int(std::lround(settings.crossfeedLevelDb * 10.0)))
    {
        // libbs2b's own limits and resolution (whole hertz, tenths of a decibel): a value it
        // would clamp or round is refused rather than silently rendered as another.
        if (!(settings.crossfeedCutoffHz >= BS2B_MINFCUT &&
              settings.crossfeedCutoffHz <= BS2B_MAXFCUT) ||
            settings.crossfeedCutoffHz != m_cutoffHz)
            throw Error("crossfeed cut-off " + formatNumber(settings.crossfeedCutoffHz) +
                        " Hz must be a whole number of hertz in [300, 2000]");
        if (!(settings.crossfeedLevelDb >= BS2B_MINFEED / 10.0 &&
              settings.crossfeedLevelDb <= BS2B_MAXFEED / 10.0) ||
            std::abs(settings.crossfeedLevelDb * 10.0 - m_levelTenthsDb) > 1e-9)
            throw Error("crossfeed level " + formatNumber(settings.crossfeedLevelDb) +
                        " dB must be in [1, 15] dB in steps of 0.1 dB");
    }
    std::string name() const override { return "crossfeed"; }
    std::unique_ptr<EarBusProcessor> makeEarBusProcessor() const override
    {
        return std::make_unique<CrossfeedBus>(m_sampleRateHz, m_layout.blockFrames, m_cutoffHz,
                                              m_levelTenthsDb);
    }

private:
    double m_sampleRateHz;
    int m_cutoffHz, m_levelTenthsDb;
};

class DioticModel final : public GainModel
{
public:
    using GainModel::GainModel;
    std::string name() const override { return "diotic"; }
    void filterPair(const Direction&, float* pair) const noexcept override
    {
        writeGains(1.0f, 1.0f, pair);
    }
};

} // namespace

std::shared_ptr<const SpatialModel> makeStereoPanModel(const ModelSettings& settings)
{
    return std::make_shared<StereoPanModel>(settings);
}

std::shared_ptr<const SpatialModel> makeCrossfeedModel(const ModelSettings& settings)
{
    return std::make_shared<CrossfeedModel>(settings);
}

std::shared_ptr<const SpatialModel> makeDioticModel(const ModelSettings& settings)
{
    return std::make_shared<DioticModel>(settings);
}

} // namespace stagelab::models
