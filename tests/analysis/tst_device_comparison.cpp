// Device comparisons on synthetic studies whose truth is known: a real device effect is
// recovered (the 95 % interval covers it, Wilcoxon rejects), a null effect is not "found".

#include "analysis/statistics.h"
#include "common/test_main.h"
#include "report/study_report.h"

#include <QTest>

#include <random>

using namespace stagelab;

namespace {
constexpr int participants = 12;
constexpr int trialsPerDevice = 40;

/// Box-Muller from a fixed 64-bit generator: the same numbers on every platform (the standard
/// distributions differ between library versions).
struct Gaussian
{
    std::mt19937_64 engine;
    explicit Gaussian(uint64_t seed) : engine(seed) {}
    double uniform() { return (double(engine() >> 11) + 0.5) / double(1ull << 53); }
    double next()
    {
        return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * 3.14159265358979 * uniform());
    }
};

/// Responses = target + participant bias + device shift + noise (SD 6 deg). The mean signed
/// azimuth error of device B minus device A is then `shiftB - shiftA` in expectation.
std::vector<ResultRow> study(uint64_t seed, double shiftA, double shiftB)
{
    Gaussian gaussian(seed);
    std::vector<ResultRow> rows;
    for (int p = 0; p < participants; ++p) {
        const double bias = 4 * gaussian.next(); // people differ; pairing removes it
        for (const auto& [device, shift] :
             {std::pair{"open-back", shiftA}, std::pair{"iem", shiftB}})
            for (int t = 0; t < trialsPerDevice; ++t) {
                ResultRow row;
                row.kind = "localization";
                row.factors = {{"participant", "p" + std::to_string(p)},
                               {"device", device},
                               {"model", t % 2 ? "hrtf" : "stereo-pan"}};
                row.targetAzimuthDeg = -60 + 15 * (t % 9);
                row.responseAzimuthDeg = row.targetAzimuthDeg + bias + shift + 6 * gaussian.next();
                rows.push_back(row);
            }
    }
    return rows;
}

Comparison compare(const std::vector<ResultRow>& rows, std::vector<std::string> within = {})
{
    ComparisonSpec spec;
    spec.factor = "device";
    spec.levelA = "open-back";
    spec.levelB = "iem";
    spec.metrics = {"signedAzimuthErrorDeg"};
    spec.withinFactors = std::move(within);
    spec.bootstrapResamples = 2000;
    return compareLevels(rows, spec).front();
}

const std::vector<uint64_t> seeds = {1,   2,   3,   5,   8,   13,   21,   34,   55,   89,
                                     144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946};
} // namespace

class TestDeviceComparison : public QObject
{
    Q_OBJECT
private slots:
    void knownEffectIsRecovered()
    {
        // Truth: B - A = -3 deg. The per-participant mean noise has SD 6/sqrt(40) ~ 0.95 deg, a
        // difference ~1.3 deg, the mean of 12 ~0.39 deg: the effect is ~8 standard errors.
        const double truth = -3.0;
        int covered = 0;
        for (const uint64_t seed : seeds) {
            const Comparison c = compare(study(seed, 1.0, 1.0 + truth));
            QCOMPARE(c.n, size_t(participants));
            covered += c.ciLow <= truth && truth <= c.ciHigh;
            QVERIFY2(c.wilcoxonP < 0.05,
                     qPrintable(QString("seed %1: p %2").arg(seed).arg(c.wilcoxonP)));
            QVERIFY(std::abs(c.meanDifference - truth) < 1.5); // within ~4 standard errors
            QCOMPARE(verdictCertainty(c), VerdictCertainty::Reliable);
        }
        // A 95 % percentile bootstrap of 12 pairs covers the truth in ~92-95 % of studies
        // (it is a little narrow for small n); 20 seeds: expect ~18-19. At least 16 (80 %)
        // fails only for an interval that is wrong, not for one unlucky study.
        qInfo("interval covered the truth in %d of %zu studies", covered, seeds.size());
        QVERIFY(covered >= 16);
    }

    void nullEffectIsNotFound()
    {
        int significant = 0, excludingZero = 0;
        for (const uint64_t seed : seeds) {
            const Comparison c = compare(study(seed, 2.0, 2.0));
            significant += c.wilcoxonP <= 0.05;
            excludingZero += c.ciLow > 0 || c.ciHigh < 0;
        }
        // Expected false-positive rate 5 % (1 of 20); at most 3 of 20 (P(>3) = 1.6 % under the
        // null) — a test that "finds" effects in noise fails.
        qInfo("null effect: p <= 0.05 in %d, interval excluding 0 in %d of %zu studies",
              significant, excludingZero, seeds.size());
        QVERIFY(significant <= 3);
        QVERIFY(excludingZero <= 4);
    }

    void perModelComparisonsSplitTheData()
    {
        const std::vector<ResultRow> rows = study(7, 0.0, -3.0);
        ComparisonSpec spec;
        spec.factor = "device";
        spec.levelA = "open-back";
        spec.levelB = "iem";
        spec.metrics = {"signedAzimuthErrorDeg"};
        spec.withinFactors = {"model"};
        spec.bootstrapResamples = 2000;
        const std::vector<Comparison> byModel = compareLevels(rows, spec);
        QCOMPARE(byModel.size(), size_t(2));
        QCOMPARE(byModel[0].keys.at("model"), std::string("hrtf"));
        QCOMPARE(byModel[1].keys.at("model"), std::string("stereo-pan"));
        for (const Comparison& c : byModel) // the effect holds under both models
            QVERIFY(c.ciLow <= -3.0 + 1.5 && c.ciHigh >= -3.0 - 1.5 && c.ciHigh < 0);
    }

    void soundstageVerdictsSayWhatTheMetricMeasures()
    {
        // More of a soundstage measure is named as such (B minus A > 0: B has more), a signed
        // bias as a direction, and a count gets no verdict at all.
        Comparison c;
        c.metric = "externalizationMean";
        c.n = 12;
        c.meanDifference = -0.8;
        c.ciLow = -1.2;
        c.ciHigh = -0.4;
        c.wilcoxonP = 0.002;
        QCOMPARE(QString::fromStdString(verdictSentence(c, "Open-backs", "IEMs")),
                 QString("On mean externalization (0-4), Open-backs externalized more than IEMs "
                         "by 0.80 points (95 % interval of IEMs minus Open-backs: -1.20 to "
                         "-0.40 points, Wilcoxon p = 0.002, n = 12 participants). The interval "
                         "excludes 0 and the Wilcoxon test agrees: a reliable difference."));
        c.metric = "stageWidthRatio";
        c.meanDifference = 0.25;
        QVERIFY(QString::fromStdString(verdictSentence(c, "A", "B"))
                    .startsWith("On stage width ratio (placed / true span), B staged wider than A "
                                "by 0.25×"));
        c.metric = "accL";
        QVERIFY(QString::fromStdString(verdictSentence(c, "A", "B"))
                    .contains("B was biased further to the left (lateral) than A"));
        for (const char* count : {"n", "nWidth", "nStagePlacements"}) {
            c.metric = count;
            QCOMPARE(QString::fromStdString(verdictSentence(c, "A", "B")), QString());
        }
    }

    void verdictSentences()
    {
        Comparison c;
        c.metric = "rmsL";
        c.n = 12;
        c.meanDifference = -2.5;
        c.ciLow = -3.9;
        c.ciHigh = -1.1;
        c.wilcoxonP = 0.004;
        QCOMPARE(QString::fromStdString(verdictSentence(c, "HD 600", "Blessing 2")),
                 QString("On lateral RMS error (rmsL), Blessing 2 imaged better than HD 600 by "
                         "2.5° (95 % interval of "
                         "Blessing 2 minus HD 600: -3.9 to -1.1°, Wilcoxon p = 0.004, n = 12 "
                         "participants). The interval "
                         "excludes 0 and the Wilcoxon test agrees: a reliable difference."));
        c.ciHigh = 0.4;
        c.wilcoxonP = 0.2;
        QVERIFY(QString::fromStdString(verdictSentence(c, "A", "B"))
                    .contains("The interval includes 0"));
        c.meanDifference = 1.0;
        c.ciLow = 0.2;
        c.ciHigh = 1.8;
        c.n = 4;
        c.wilcoxonP = 0.125;
        const QString tentative = QString::fromStdString(verdictSentence(c, "A", "B"));
        QVERIFY2(tentative.startsWith("On lateral RMS error (rmsL), A imaged better than B") &&
                     tentative.contains("tentative") &&
                     tentative.contains("fewer than 6 participants"),
                 qPrintable(tentative));
    }
};

STAGELAB_TEST_MAIN(TestDeviceComparison)
#include "tst_device_comparison.moc"
