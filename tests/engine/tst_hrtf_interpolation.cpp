// Interpolation between an HRTF set's measurements (hrtf_alignment.h): between neighbours the
// ITD is the blend of theirs, no comb notch appears that neither neighbour has (as blending the
// raw IRs makes), measured directions keep their measured IRs, and scenes render through the
// interpolated IRs, static or moving. The sphere table (head-tracked voices, moving ones beyond a
// scene's circles) holds the same interpolation, never far from any direction.

#include "common/signals.h"
#include "common/test_main.h"
#include "dsp/fft.h"
#include "render/offline_render.h"
#include "render/sphere_table.h"
#include "render/voice_paths.h"
#include "spatial/hrtf_alignment.h"
#include "spatial/hrtf_set.h"
#include "spatial/spatial_model.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <random>
#include <vector>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;

std::vector<float> measured(const HrtfSet& set, int measurement, int ear)
{
    const float* ir = set.impulseResponse(measurement, ear);
    return {ir, ir + set.irLength()};
}

/// Magnitude in dB per bin of a 2048-point FFT (23 Hz apart at 48 kHz: finer than any notch).
std::vector<double> spectrumDb(const std::vector<float>& ir)
{
    const RealFft fft(2048, FftPlanning::Estimate);
    AlignedBuffer time(2048), spectrum(fft.spectrumFloats());
    std::copy(ir.begin(), ir.end(), time.data());
    fft.forward(time.data(), spectrum.data());
    std::vector<double> db(size_t(fft.bins()));
    for (int k = 0; k < fft.bins(); ++k) {
        const double re = spectrum[size_t(k)], im = spectrum[size_t(fft.stride() + k)];
        db[size_t(k)] = 10.0 * std::log10(re * re + im * im + 1e-30);
    }
    return db;
}

/// How far below both neighbours `ir` dips anywhere from 500 Hz to 20 kHz, in dB (0 if never).
double deepestNewNotchDb(const std::vector<float>& ir, const std::vector<std::vector<float>>& ones)
{
    const std::vector<double> got = spectrumDb(ir);
    std::vector<std::vector<double>> neighbours;
    for (const auto& one : ones)
        neighbours.push_back(spectrumDb(one));
    double deepest = 0.0;
    for (size_t k = 0; k < got.size(); ++k) {
        const double hz = double(k) * rate / 2048.0;
        if (hz < 500.0 || hz > 20000.0) continue;
        double lowest = 1e9;
        for (const auto& n : neighbours)
            lowest = std::min(lowest, n[k]);
        deepest = std::max(deepest, lowest - got[k]);
    }
    return deepest;
}

/// Directions halfway between measurements (the weights where a blend errs most), on the
/// horizontal ring, between rings (5 deg), and higher up; every 15 deg around.
std::vector<Direction> betweenMeasurements()
{
    std::vector<Direction> list;
    for (double elevation : {0.0, 5.0, 25.0, 45.0})
        for (double azimuth = 2.5; azimuth < 360.0; azimuth += 15.0)
            list.push_back({azimuth, elevation});
    return list;
}

double rms(const std::vector<float>& a, size_t begin, size_t end)
{
    double sum = 0.0;
    for (size_t n = begin; n < end; ++n)
        sum += double(a[n]) * a[n];
    return std::sqrt(sum / double(end - begin));
}
} // namespace

class TestHrtfInterpolation : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { m_set = HrtfSet::load(HrtfSet::defaultPath(), rate); }

    void interpolatedDirectionsKeepTheMeasuredItd()
    {
        // ITD = left onset - right onset by the threshold method (impulseOnsetFrames, AMT's
        // itdestimator default); the interpolated pair's must be the neighbours' blended
        // within one sample at 48 kHz (the bound; measured worst here: 0.07).
        double worst = 0.0;
        for (const Direction& direction : betweenMeasurements()) {
            const InterpolationWeights weights = m_set->interpolationWeights(direction);
            QVERIFY(weights.count >= 2);
            double expected = 0.0;
            for (int t = 0; t < weights.count; ++t) {
                const int m = weights.terms[size_t(t)].measurement;
                expected += weights.terms[size_t(t)].weight *
                            (m_set->onsetFrames(m, 0) - m_set->onsetFrames(m, 1));
            }
            const auto left = m_set->interpolatedImpulseResponse(direction, 0);
            const auto right = m_set->interpolatedImpulseResponse(direction, 1);
            const double itd = impulseOnsetFrames(left.data(), int(left.size()), rate) -
                               impulseOnsetFrames(right.data(), int(right.size()), rate);
            worst = std::max(worst, std::abs(itd - expected));
            QVERIFY2(std::abs(itd - expected) <= 1.0,
                     qPrintable(QString("azimuth %1, elevation %2: ITD %3 samples, neighbours' "
                                        "blend %4")
                                    .arg(direction.azimuthDeg)
                                    .arg(direction.elevationDeg)
                                    .arg(itd)
                                    .arg(expected)));
        }
        qInfo("largest ITD error between measurements: %.3f samples", worst);
    }

    void interpolationAddsNoCombNotches()
    {
        // No dip deeper than 3 dB below both neighbours (the bound; the blended
        // magnitude cannot go below the lower one, and what is left is the minimum-phase
        // construction's truncation: 1.3 dB at worst here). Blending the raw IRs, as before,
        // dips up to 52 dB: checked too, so this test can see a comb.
        double worst = 0.0, worstRaw = 0.0;
        for (const Direction& direction : betweenMeasurements()) {
            const InterpolationWeights weights = m_set->interpolationWeights(direction);
            for (int ear = 0; ear < 2; ++ear) {
                std::vector<std::vector<float>> neighbours;
                std::vector<float> raw(size_t(m_set->irLength()), 0.0f);
                for (int t = 0; t < weights.count; ++t) {
                    const MeasurementWeight term = weights.terms[size_t(t)];
                    neighbours.push_back(measured(*m_set, term.measurement, ear));
                    for (size_t n = 0; n < raw.size(); ++n)
                        raw[n] += term.weight * neighbours.back()[n];
                }
                const double db = deepestNewNotchDb(
                    m_set->interpolatedImpulseResponse(direction, ear), neighbours);
                worst = std::max(worst, db);
                worstRaw = std::max(worstRaw, deepestNewNotchDb(raw, neighbours));
                QVERIFY2(db <= 3.0, qPrintable(QString("azimuth %1, elevation %2, ear %3: a "
                                                       "notch %4 dB below both neighbours")
                                                   .arg(direction.azimuthDeg)
                                                   .arg(direction.elevationDeg)
                                                   .arg(ear)
                                                   .arg(db)));
            }
        }
        qInfo("deepest new notch: %.1f dB interpolated, %.1f dB blending raw IRs", worst, worstRaw);
        QVERIFY2(worstRaw > 10.0, "raw blending should show its comb: is the check blind?");
    }

    void measuredDirectionsKeepTheirResponses()
    {
        for (int m = 0; m < m_set->measurementCount(); m += 23)
            for (int ear = 0; ear < 2; ++ear)
                QVERIFY(m_set->interpolatedImpulseResponse(m_set->measurementDirection(m), ear) ==
                        measured(*m_set, m, ear));
    }

    void scenesRenderThroughTheInterpolatedResponses()
    {
        // A static source between measurements: the ears are the noise convolved with the
        // interpolated IRs (float FFT convolution: about -120 dB; -60 dB as for measured ones).
        ModelSettings settings;
        settings.sampleRateHz = rate;
        settings.hrtf = m_set;
        const auto model = createModel("hrtf", settings);
        const std::vector<float> noise = test::whiteNoise(size_t(rate / 2), 5);
        const Direction direction{47.5, 5.0};
        SceneSpec spec;
        spec.model = model;
        SourceSpec source;
        source.stimulus = test::stimulusFrom(noise, rate);
        source.direction = direction;
        spec.sources.push_back(source);
        const RenderedAudio out = renderOffline(spec, rate);
        const size_t begin = size_t(spec.rampS * rate) + size_t(m_set->irLength());
        const size_t end = noise.size() - size_t(spec.rampS * rate);
        for (int ear = 0; ear < 2; ++ear) {
            const auto ir = m_set->interpolatedImpulseResponse(direction, ear);
            const auto expected = test::convolveDirect(noise, ir.data(), ir.size());
            const auto& got = ear == 0 ? out.left : out.right;
            std::vector<float> error(end);
            for (size_t n = begin; n < end; ++n)
                error[n] = got[n] - expected[n];
            const double db = 20.0 * std::log10(rms(error, begin, end) / rms(expected, begin, end));
            QVERIFY2(db < -60.0, qPrintable(QString("ear %1: residual %2 dB").arg(ear).arg(db)));
        }
        // A moving source takes its table's nearest entry, the interpolated IRs at whole
        // degrees: turning 0.2 deg in half a second it stays on the 0-deg entry, so it must
        // sound as a static source at 0 deg (same filters, another path through the scene).
        spec.sources[0].direction = {0.0, 5.0};
        const RenderedAudio still = renderOffline(spec, rate);
        spec.sources[0].rotateDegPerS = 0.4;
        spec.directionUpdateDeg = 0.0;
        const RenderedAudio moving = renderOffline(spec, rate);
        for (int ear = 0; ear < 2; ++ear) {
            const auto& a = ear == 0 ? moving.left : moving.right;
            const auto& b = ear == 0 ? still.left : still.right;
            std::vector<float> error(end);
            for (size_t n = begin; n < end; ++n)
                error[n] = a[n] - b[n];
            QVERIFY2(rms(error, begin, end) <= 1e-6 * rms(b, begin, end),
                     qPrintable(QString("ear %1 differs").arg(ear)));
        }
        // Past half a degree it takes the next entry: then it differs.
        spec.sources[0].rotateDegPerS = 4.0;
        const RenderedAudio turned = renderOffline(spec, rate);
        std::vector<float> error(end);
        for (size_t n = begin; n < end; ++n)
            error[n] = turned.left[n] - still.left[n];
        QVERIFY(rms(error, begin, end) > 1e-3 * rms(still.left, begin, end));
    }

    void theSphereTableHoldsTheInterpolationNearEveryDirection()
    {
        ModelSettings settings;
        settings.sampleRateHz = rate;
        settings.hrtf = m_set;
        const auto model = createModel("hrtf", settings);
        const auto table = SphereTable::of(*model);
        QVERIFY(table);
        qInfo("%d entries, %.0f MB, built in %.2f s", table->entries(), table->bytes() / 1e6,
              table->buildSeconds());
        // Within the set's elevations (MIT KEMAR: -40..90 deg), the nearest entry is at most
        // half a row (0.5 deg) and half an entry's spacing (about 0.5 deg of arc) away: 0.71 deg;
        // rows of a few entries next to the pole are spaced a little wider (0.73 at most there).
        std::mt19937 random(11);
        std::uniform_real_distribution<double> azimuth(0.0, 360.0), height(-1.0, 1.0);
        const double lowSine = std::sin(-40.0 * std::numbers::pi / 180.0);
        double farthest = 0.0;
        for (int i = 0; i < 20000; ++i) {
            // Uniform over the sphere's cap above -40 deg.
            const double z = lowSine + (1.0 - lowSine) * (height(random) + 1.0) / 2.0;
            const Direction direction{azimuth(random), std::asin(z) * 180.0 / std::numbers::pi};
            const Direction entry = table->entryDirection(table->nearestEntry(direction));
            farthest = std::max(farthest, angleBetweenDeg(direction, entry));
        }
        qInfo("farthest entry from 20,000 random directions: %.3f deg", farthest);
        QVERIFY(farthest <= 0.73);
        // Every entry is the model's interpolation at its direction, partitioned as a static
        // voice's is: bit for bit (a sample of entries on every row).
        const size_t pairFloats = table->layout().pairFloats();
        std::array<std::vector<float>, 2> ears;
        for (int entry = 0; entry < table->entries(); entry += 97) {
            QVERIFY(model->earImpulseResponses(table->entryDirection(entry), ears));
            const DirectionTable single({ears}, 0.0, model->layout().blockFrames);
            QCOMPARE(single.layout().pairFloats(), pairFloats);
            QVERIFY2(std::memcmp(single.entryPair(0), table->entryPair(entry),
                                 pairFloats * sizeof(float)) == 0,
                     qPrintable(QString("entry %1").arg(entry)));
        }
        // On the horizon the entries are the whole degrees: MIT KEMAR's measurements there.
        const int ahead = table->nearestEntry({0.0, 0.0});
        QCOMPARE(table->entryDirection(ahead).azimuthDeg, 0.0);
        QCOMPARE(table->entryDirection(ahead + 5).azimuthDeg, 5.0);
        // Below the set's lowest ring the lowest row answers, as the set's nearest ring does.
        QCOMPARE(table->entryDirection(table->nearestEntry({10.0, -70.0})).elevationDeg, -40.0);
        // Another model of the same set, rate and block shares the table.
        QCOMPARE(SphereTable::of(*createModel("hrtf", settings)), table);
    }

private:
    std::shared_ptr<const HrtfSet> m_set;
};

STAGELAB_TEST_MAIN(TestHrtfInterpolation)
#include "tst_hrtf_interpolation.moc"
