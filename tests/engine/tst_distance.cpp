// Distance: the inverse-distance law, propagation delay, the air's absorption (ISO 9613-1) and
// the near field of a head (Duda & Martens' rigid sphere), each measured on rendered sound.

#include "common/acoustic_measures.h"
#include "common/signals.h"
#include "common/test_main.h"
#include "render/offline_render.h"
#include "spatial/acoustics.h"
#include "spatial/near_field.h"
#include "util/error.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;

std::shared_ptr<const SpatialModel> model(const std::string& name)
{
    return test::makeModel(name, rate);
}

RenderedAudio renderAt(const std::shared_ptr<const SpatialModel>& m, std::vector<float> signal,
                       Direction direction, double distanceM, std::optional<bool> delay = {})
{
    SceneSpec spec;
    spec.model = m;
    spec.propagationDelay = delay;
    spec.rampS = 0.0;
    SourceSpec source;
    source.stimulus = test::stimulusFrom(std::move(signal), rate);
    source.direction = direction;
    source.distanceM = distanceM;
    spec.sources.push_back(source);
    return renderOffline(spec, rate);
}

std::vector<float> click()
{
    std::vector<float> x(4800, 0.0f);
    x[0] = 1.0f;
    return x;
}
} // namespace

class TestDistance : public QObject
{
    Q_OBJECT
private slots:
    void defaultDistanceIsTheSetsMeasurementDistance()
    {
        // MIT KEMAR was measured at 1.4 m: a source there renders exactly as without distance.
        const auto hrtf = model("hrtf");
        QCOMPARE(hrtf->referenceDistanceM(), 1.4);
        const auto noise = test::whiteNoise(9600, 3);
        const RenderedAudio plain = renderAt(hrtf, noise, {30, 0}, 0.0);
        const RenderedAudio atReference = renderAt(hrtf, noise, {30, 0}, 1.4);
        QCOMPARE(atReference.left, plain.left);
        QCOMPARE(atReference.right, plain.right);
    }

    void inverseDistanceLaw_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("diotic") << "diotic";
        QTest::newRow("stereo-pan") << "stereo-pan";
    }
    void inverseDistanceLaw()
    {
        // A 500 Hz tone from 0.5 to 16 m: -6.02 dB per doubling, less the air's absorption over
        // the extra path (ISO 9613-1: 0.0019 dB/m at 500 Hz, 0.03 dB over 16 m). Models without a
        // head, so no near field adds to the law. Tolerance 0.1 dB (the issue's): the steady
        // part of a tone is measured, so only the law itself is left to err.
        const auto m = model(QTest::currentDataTag());
        const auto tone = test::sine(size_t(rate), 500.0, rate);
        auto level = [&](double distance) {
            const RenderedAudio out = renderAt(m, tone, {0, 0}, distance, false);
            return test::toDb(test::energy(out.left, 12000, 36000));
        };
        double previous = level(0.5);
        for (double distance = 1.0; distance <= 16.0; distance *= 2.0) {
            const double now = level(distance);
            const double air = airAbsorptionDbPerM(500.0) *
                               (std::max(0.0, distance - 1.4) - std::max(0.0, distance / 2 - 1.4));
            const double step = now - previous + air;
            qInfo("%s: %.2f m -> %.2f m: %.3f dB", QTest::currentDataTag(), distance / 2, distance,
                  step);
            QVERIFY2(std::abs(step + 6.0206) <= 0.1, qPrintable(QString::number(step)));
            previous = now;
        }
    }

    void propagationDelayIsDistanceOverSoundSpeed()
    {
        // 3.432 m at 343.2 m/s is 10 ms: 480 frames at 48 kHz. Off by default without a room.
        const auto diotic = model("diotic");
        auto onset = [](const std::vector<float>& x) {
            for (size_t i = 0; i < x.size(); ++i)
                if (std::abs(x[i]) > 1e-6f) return int(i);
            return -1;
        };
        QCOMPARE(onset(renderAt(diotic, click(), {0, 0}, 3.432, true).left), 480);
        QCOMPARE(onset(renderAt(diotic, click(), {0, 0}, 3.432).left), 0);
    }

    void airAbsorptionFollowsIso9613()
    {
        // ISO 9613-1:1993 Table 1, 20 degC, 50 % RH: attenuation in dB/km. Its tabulated values
        // are rounded to three figures: 2 %.
        const std::pair<double, double> table[] = {{125.0, 0.445}, {250.0, 1.32},  {500.0, 2.73},
                                                   {1000.0, 4.66}, {2000.0, 9.86}, {4000.0, 29.7},
                                                   {8000.0, 105.0}};
        for (const auto& [frequency, dbPerKm] : table) {
            const double computed = airAbsorptionDbPerM(frequency) * 1000.0;
            qInfo("%6.0f Hz: %.3f dB/km (table %.3f)", frequency, computed, dbPerKm);
            QVERIFY2(std::abs(computed / dbPerKm - 1.0) < 0.02,
                     qPrintable(QString::number(computed)));
        }
        // Rendered: noise at 16 m against 1.4 m, per octave band, through a headless model:
        // 20 log10(16 / 1.4) of spreading plus the air over 14.6 m (1.5 dB at 8 kHz). 0.3 dB:
        // the filter follows the curve to a fraction of that; the rest is the band's spread of
        // attenuation around its centre (the curve rises as f^2 within the band).
        const auto diotic = model("diotic");
        const auto noise = test::whiteNoise(size_t(rate), 5);
        const auto near = test::powerSpectrum(renderAt(diotic, noise, {0, 0}, 1.4).left, rate);
        const auto far = test::powerSpectrum(renderAt(diotic, noise, {0, 0}, 16.0).left, rate);
        for (double centre : {1000.0, 2000.0, 4000.0, 8000.0}) {
            const double low = centre / std::sqrt(2.0), high = centre * std::sqrt(2.0);
            const double measured = test::toDb(far.band(low, high) / near.band(low, high));
            // Expected: the band's mean attenuation, power-averaged over its bins.
            double expectedPower = 0.0;
            int bins = 0;
            for (double f = low; f < high; f += 10.0, ++bins)
                expectedPower += std::pow(10.0, -airAbsorptionDbPerM(f) * 14.6 / 10.0);
            const double expected =
                20.0 * std::log10(1.4 / 16.0) + 10.0 * std::log10(expectedPower / bins);
            qInfo("%5.0f Hz band: %.2f dB (expected %.2f)", centre, measured, expected);
            QVERIFY2(std::abs(measured - expected) < 0.3, qPrintable(QString::number(measured)));
        }
    }

    void sphereSeriesHasTheKnownLimits()
    {
        // Low frequency, any range: the series tends to sum (2m+1)/(m+1) P_m(cos t) rho^-m (its
        // terms' static limit), independent of how the Hankel ratios are computed.
        for (double range : {0.15, 0.25, 0.5, 1.4}) {
            for (double theta : {0.0, 60.0, 120.0, 180.0}) {
                const double rho = range / nearFieldHeadRadiusM;
                const double x = std::cos(theta * std::numbers::pi / 180.0);
                double p0 = 1.0, p1 = x, sum = 1.0;
                for (int m = 1; m < 400; ++m) {
                    sum += (2.0 * m + 1.0) / (m + 1.0) * p1 * std::pow(rho, -m);
                    const double p2 = ((2 * m + 1) * x * p1 - m * p0) / (m + 1);
                    p0 = p1;
                    p1 = p2;
                }
                const double series = std::abs(sphereResponse(range, theta, 5.0));
                QVERIFY2(std::abs(series / sum - 1.0) < 1e-3,
                         qPrintable(QString("%1 m, %2 deg: %3 vs %4")
                                        .arg(range)
                                        .arg(theta)
                                        .arg(series)
                                        .arg(sum)));
            }
        }
        // A distant source, high frequency: the side facing it hears the pressure doubling of a
        // rigid surface (+6 dB; Rayleigh), the far side is in the shadow (below -10 dB), and at
        // the ear facing away the "bright spot" lifts it again above the shadow at 150 deg.
        const double facing = 20.0 * std::log10(std::abs(sphereResponse(100.0, 0.0, 16000.0)));
        const double shadow = 20.0 * std::log10(std::abs(sphereResponse(100.0, 150.0, 16000.0)));
        const double bright = 20.0 * std::log10(std::abs(sphereResponse(100.0, 180.0, 16000.0)));
        qInfo("far field at 16 kHz: facing %.2f dB, 150 deg %.2f dB, 180 deg %.2f dB", facing,
              shadow, bright);
        QVERIFY(std::abs(facing - 6.02) < 0.5);
        QVERIFY(shadow < -10.0);
        QVERIFY(bright > shadow + 5.0);
        // Moving a source from 1.4 m to 0.25 m at the side raises the near ear's low frequencies
        // (it is now much closer than the head's centre) and deepens the far ear's shadow.
        QVERIFY(distanceVariationDb(0.25, 1.4, 0.0, 200.0) > 4.0);
        QVERIFY(distanceVariationDb(0.25, 1.4, 180.0, 4000.0) < -3.0);
    }

    void nearFieldIldGrowsByTheModelsAmount_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("hrtf") << "hrtf";
        QTest::newRow("spherical-head") << "spherical-head";
    }
    void nearFieldIldGrowsByTheModelsAmount()
    {
        // Noise at 90 deg (left), at 0.25 m and at the reference 1.4 m. The near render must be
        // the far one with each ear's distance variation function applied: the predicted ILD
        // per third-octave band weights the far render's spectrum by |DVF|^2 per bin. 1 dB (the
        // issue's): the minimum-phase filters follow the function to a few tenths of a dB above
        // 150 Hz; third octaves below that are too narrow for a 0.5 s measurement.
        const auto m = model(QTest::currentDataTag());
        const auto noise = test::whiteNoise(size_t(rate / 2), 9);
        const RenderedAudio near = renderAt(m, noise, {90, 0}, 0.25);
        const RenderedAudio far = renderAt(m, noise, {90, 0}, 1.4);
        const int size = 65536;
        const auto nearL = test::powerSpectrum(near.left, rate, size);
        const auto nearR = test::powerSpectrum(near.right, rate, size);
        const auto farL = test::powerSpectrum(far.left, rate, size);
        const auto farR = test::powerSpectrum(far.right, rate, size);
        double lowBandGrowth = 0.0;
        for (double centre = 200.0; centre <= 12500.0; centre *= std::pow(2.0, 1.0 / 3.0)) {
            const double low = centre / std::pow(2.0, 1.0 / 6.0),
                         high = centre * std::pow(2.0, 1.0 / 6.0);
            double predictedL = 0.0, predictedR = 0.0;
            for (size_t k = 0; k < farL.power.size(); ++k) {
                const double f = double(k) * rate / size;
                if (f < low || f >= high) continue;
                predictedL +=
                    farL.power[k] * std::pow(10.0, distanceVariationDb(0.25, 1.4, 0.0, f) / 10.0);
                predictedR +=
                    farR.power[k] * std::pow(10.0, distanceVariationDb(0.25, 1.4, 180.0, f) / 10.0);
            }
            const double farIld = 10.0 * std::log10(farL.band(low, high) / farR.band(low, high));
            const double nearIld = 10.0 * std::log10(nearL.band(low, high) / nearR.band(low, high));
            const double predicted = 10.0 * std::log10(predictedL / predictedR);
            if (centre < 300.0) lowBandGrowth = nearIld - farIld;
            QVERIFY2(std::abs(nearIld - predicted) <= 1.0,
                     qPrintable(QString("%1 Hz: ILD %2 dB near, %3 far, predicted %4")
                                    .arg(centre)
                                    .arg(nearIld)
                                    .arg(farIld)
                                    .arg(predicted)));
        }
        // And the effect is there: at low frequencies the near field adds well over 5 dB of ILD.
        qInfo("ILD growth at 200-250 Hz: %.1f dB", lowBandGrowth);
        QVERIFY(lowBandGrowth > 5.0);
    }

    void badDistancesAreRefused()
    {
        const auto hrtf = model("hrtf");
        for (double distance : {0.05, -1.0, 2000.0, std::nan("")}) {
            SceneSpec spec;
            spec.model = hrtf;
            SourceSpec source;
            source.stimulus = test::stimulusFrom(click(), rate);
            source.distanceM = distance;
            spec.sources.push_back(source);
            try {
                validateScene(spec);
                QFAIL(qPrintable(QString("distance %1 was accepted").arg(distance)));
            } catch (const Error& error) {
                QVERIFY2(QString(error.what()).contains("source 1: distance"), error.what());
            }
        }
    }
};

STAGELAB_TEST_MAIN(TestDistance)
#include "tst_distance.moc"
