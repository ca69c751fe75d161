// The convolution engine: exact at measured directions, click-free when filters change, sums
// sources correctly in the frequency domain, independent of the block size.

#include "common/signals.h"
#include "common/test_main.h"
#include "render/offline_render.h"
#include "spatial/spatial_model.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace stagelab;

namespace {
std::shared_ptr<const SpatialModel> makeModel(const std::string& name, double rate, int block,
                                              std::shared_ptr<const HrtfSet> hrtf = nullptr)
{
    ModelSettings settings;
    settings.sampleRateHz = rate;
    settings.blockFrames = block;
    settings.hrtf = std::move(hrtf);
    return createModel(name, settings);
}

SourceSpec source(std::shared_ptr<const Stimulus> stimulus, Direction direction)
{
    SourceSpec s;
    s.stimulus = std::move(stimulus);
    s.direction = direction;
    return s;
}

/// Residual energy of `actual` against `expected` over [begin, end), in dB re the expected.
double residualDb(const std::vector<float>& actual, const std::vector<float>& expected,
                  size_t begin, size_t end)
{
    double error = 0.0, signal = 0.0;
    for (size_t n = begin; n < end; ++n) {
        error += (double(actual[n]) - expected[n]) * (double(actual[n]) - expected[n]);
        signal += double(expected[n]) * expected[n];
    }
    return test::toDb(error / signal);
}
} // namespace

class TestConvolution : public QObject
{
    Q_OBJECT
private slots:
    void measuredDirectionEqualsDirectConvolution_data()
    {
        QTest::addColumn<int>("block");
        QTest::newRow("64") << 64;
        QTest::newRow("128") << 128;
        QTest::newRow("512 (one partition)") << 512;
    }
    void measuredDirectionEqualsDirectConvolution()
    {
        QFETCH(int, block);
        // At the SOFA's own rate (44.1 kHz) nothing is resampled: the rendered ears must be the
        // stimulus convolved with the measured HRIRs. -60 dB is the bound; float FFT
        // convolution reaches about -120 dB.
        const double rate = 44100.0;
        const auto hrtf = HrtfSet::load(HrtfSet::defaultPath(), rate);
        int measurement = -1;
        for (int m = 0; m < hrtf->measurementCount(); ++m)
            if (angleBetweenDeg(hrtf->measurementDirection(m), {30.0, 10.0}) < 1e-6)
                measurement = m;
        QVERIFY(measurement >= 0);
        const std::vector<float> noise = test::whiteNoise(size_t(rate), 3);
        SceneSpec spec;
        spec.model = makeModel("hrtf", rate, block, hrtf);
        spec.sources.push_back(source(test::stimulusFrom(noise, rate), {30.0, 10.0}));
        const RenderedAudio out = renderOffline(spec, rate);
        const size_t ramp = size_t(spec.rampS * rate);
        const size_t begin = ramp + size_t(hrtf->irLength());
        const size_t end = noise.size() - ramp;
        for (int ear = 0; ear < 2; ++ear) {
            const auto expected = test::convolveDirect(
                noise, hrtf->impulseResponse(measurement, ear), size_t(hrtf->irLength()));
            const double db = residualDb(ear == 0 ? out.left : out.right, expected, begin, end);
            QVERIFY2(db < -60.0, qPrintable(QString("ear %1: residual %2 dB").arg(ear).arg(db)));
        }
        QCOMPARE(out.onsetFrame, 0);
        QCOMPARE(out.endFrame, int64_t(noise.size()));
    }

    void jumpingSourceMakesNoClick()
    {
        // A 200 Hz sine whose source jumps 15 deg at a time around the head: 24 directions per
        // second. Each jump is a one-block raised-cosine crossfade; energy above 4 kHz must stay
        // 60 dB below the signal.
        const double rate = 48000.0;
        SceneSpec spec;
        spec.model = makeModel("hrtf", rate, 128);
        auto s =
            source(test::stimulusFrom(test::sine(size_t(2 * rate), 200.0, rate), rate), {0, 0});
        s.rotateDegPerS = 360.0;
        spec.sources.push_back(s);
        spec.directionUpdateDeg = 14.99; // the filter changes once per 15 deg
        const RenderedAudio out = renderOffline(spec, rate);
        spec.sources[0].rotateDegPerS = 0.0;
        const RenderedAudio still = renderOffline(spec, rate);
        for (const auto* ear : {&out.left, &out.right}) {
            const double ratioDb = test::toDb(test::energyAbove(*ear, 4000.0, rate) /
                                              test::energyAbove(*ear, 0.0, rate));
            QVERIFY2(ratioDb < -60.0,
                     qPrintable(QString("energy above 4 kHz: %1 dB").arg(ratioDb)));
        }
        // The jumps really happened: the moving render differs from a still one at 0 deg by far
        // more than rounding (at 200 Hz mostly in interaural phase, less in level).
        QVERIFY2(residualDb(out.left, still.left, 0, still.left.size()) > -10.0,
                 "the source did not move");
    }

    void sourcesAddInTheFrequencyDomain()
    {
        const double rate = 48000.0;
        const auto model = makeModel("hrtf", rate, 128);
        const auto a = source(test::stimulusFrom(test::whiteNoise(24000, 1), rate), {40, 0});
        // Equal lengths: the scene's offset ramp falls on the same frames in every render.
        const auto b = source(test::stimulusFrom(test::sine(24000, 440.0, rate), rate), {-120, 20});
        SceneSpec both{model, {a, b}}, onlyA{model, {a}}, onlyB{model, {b}};
        const RenderedAudio mix = renderOffline(both, rate);
        const RenderedAudio ra = renderOffline(onlyA, rate);
        const RenderedAudio rb = renderOffline(onlyB, rate);
        std::vector<float> sum(mix.left.size(), 0.0f);
        for (size_t n = 0; n < sum.size(); ++n)
            sum[n] =
                (n < ra.left.size() ? ra.left[n] : 0.0f) + (n < rb.left.size() ? rb.left[n] : 0.0f);
        // Float rounding only: -100 dB.
        QVERIFY(residualDb(mix.left, sum, 0, sum.size()) < -100.0);
    }

    void blockSizeDoesNotChangeAStaticScene()
    {
        const double rate = 48000.0;
        const auto stimulus = test::stimulusFrom(test::whiteNoise(20000, 5), rate);
        std::vector<float> reference;
        for (int block : {64, 256, 1024}) {
            SceneSpec spec{makeModel("spherical-head", rate, block), {source(stimulus, {60, -10})}};
            const RenderedAudio out = renderOffline(spec, rate);
            std::vector<float> left(out.left.begin(), out.left.begin() + 20000);
            if (reference.empty())
                reference = left;
            else
                QVERIFY(residualDb(left, reference, 0, reference.size()) < -100.0);
        }
    }

    void wideSourceIsDecorrelatedAtTheEars()
    {
        // Interaural coherence (peak |normalised cross-correlation| within +-1 ms) drops when a
        // frontal source is widened to 90 deg: its copies are decorrelated and spread.
        const double rate = 48000.0;
        const auto model = makeModel("hrtf", rate, 128);
        const auto stimulus = test::stimulusFrom(test::whiteNoise(size_t(rate), 9), rate);
        auto coherence = [&](double widthDeg) {
            auto s = source(stimulus, {0, 0});
            s.widthDeg = widthDeg;
            const RenderedAudio out = renderOffline(SceneSpec{model, {s}}, rate);
            double best = 0.0;
            for (int lag = -48; lag <= 48; lag += 1) {
                double ab = 0, aa = 0, bb = 0;
                for (size_t n = 2000; n + 2000 < out.left.size(); ++n) {
                    const double l = out.left[n], r = out.right[size_t(long(n) + lag)];
                    ab += l * r;
                    aa += l * l;
                    bb += r * r;
                }
                best = std::max(best, std::abs(ab) / std::sqrt(aa * bb));
            }
            return best;
        };
        const double point = coherence(0.0);
        const double wide = coherence(90.0);
        QVERIFY2(point > 0.8, qPrintable(QString("point source coherence %1").arg(point)));
        QVERIFY2(wide < point - 0.3,
                 qPrintable(QString("wide %1 vs point %2").arg(wide).arg(point)));
    }
};

STAGELAB_TEST_MAIN(TestConvolution)
#include "tst_convolution.moc"
