// Within-participant statistics: Wilcoxon signed-rank p (exact and normal approximation),
// the seeded percentile bootstrap, effect sizes, and the pairing done by compareLevels().

#include "analysis/statistics.h"
#include "common/test_main.h"
#include "util/error.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace stagelab;
using Values = std::vector<double>;
Q_DECLARE_METATYPE(Values)

namespace {
ResultRow azimuthTrial(const std::string& participant, const std::string& device,
                       const std::string& stimulus, double responseAzimuth)
{
    ResultRow row;
    row.kind = "localization";
    row.factors = {{"participant", participant}, {"device", device}, {"stimulus", stimulus}};
    row.responseAzimuthDeg = responseAzimuth;
    row.responseElevationDeg = 0.0;
    return row;
}
} // namespace

class TestStatistics : public QObject
{
    Q_OBJECT
private slots:
    void wilcoxon_data()
    {
        QTest::addColumn<Values>("differences");
        QTest::addColumn<double>("p");
        QTest::addColumn<bool>("exact");
        QTest::addColumn<double>("rankBiserial");

        // By hand: ranks of |d| are 1..6, W- = 1, W+ = 20. Under H0 the sign patterns with
        // W <= 1 are {} and {1}: P = 2/64, two-sided p = 4/64.
        QTest::newRow("hand, n = 6")
            << Values{2, 4, -1, 6, 8, 10} << 4.0 / 64.0 << true << 19.0 / 21.0;
        QTest::newRow("zeros are dropped")
            << Values{0, 2, 0, 4, -1, 6, 8, 10} << 4.0 / 64.0 << true << 19.0 / 21.0;
        // Hollander & Wolfe (1973) p. 29, the example of R's ?wilcox.test: x - y of the
        // depression scores, V = 40, one-sided p = 0.01953 -> two-sided 20/1024 * 2.
        const Values x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
        const Values y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
        Values depression;
        for (size_t i = 0; i < x.size(); ++i)
            depression.push_back(x[i] - y[i]);
        QTest::newRow("Hollander & Wolfe") << depression << 0.0390625 << true << 35.0 / 45.0;
        // Darwin's Zea mays data (Fisher 1935), scipy.stats.wilcoxon's example: exact p.
        QTest::newRow("Darwin, n = 15")
            << Values{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75} << 0.041259765625
            << true << (96.0 - 24.0) / 120.0;

        // Ties force the normal approximation. By hand: after the zero is dropped n = 10,
        // ranks 1.5 1.5 3.5 3.5 5.5 5.5 7 8 9 10, W+ = 48, W- = 7; three tie pairs:
        // sigma^2 = 10*11*21/24 - 3*(8-2)/48 = 95.875; z = (|48 - 27.5| - 0.5)/sigma = 2.04257;
        // p = erfc(z / sqrt 2).
        QTest::newRow("ties: normal approximation") << Values{1, -1, 2, 2, 3, -3, 4, 5, 6, 7, 0}
                                                    << 0.041094856473548776 << false << 41.0 / 55.0;
        // n = 30 > 25, no ties: d = 1..30 with 1,2,3,5,8,13,21 negative. W- = 53, W+ = 412,
        // sigma^2 = 30*31*61/24 = 2363.75, z = (412 - 232.5 - 0.5)/sigma = 3.68173, p = 2.3165e-4.
        Values large;
        for (int i = 1; i <= 30; ++i)
            large.push_back(
                (i == 1 || i == 2 || i == 3 || i == 5 || i == 8 || i == 13 || i == 21) ? -i : i);
        QTest::newRow("n = 30: normal approximation")
            << large << 0.0002316541770164844 << false << (412.0 - 53.0) / 465.0;
        QTest::newRow("symmetric: p = 1") << Values{1, -1} << 1.0 << false << 0.0;
        QTest::newRow("no non-zero difference")
            << Values{0, 0, 0} << std::numeric_limits<double>::quiet_NaN() << false
            << std::numeric_limits<double>::quiet_NaN();
    }
    void wilcoxon()
    {
        QFETCH(Values, differences);
        QFETCH(double, p);
        QFETCH(bool, exact);
        QFETCH(double, rankBiserial);
        const WilcoxonResult result = wilcoxonSignedRank(differences);
        if (std::isnan(p)) {
            QVERIFY(std::isnan(result.p) && std::isnan(result.rankBiserial));
            QCOMPARE(result.n, size_t(0));
            return;
        }
        QCOMPARE(result.exact, exact);
        // 1e-12: exact p are ratios of integers, approximate ones closed-form; only rounding
        // differs.
        QVERIFY2(std::abs(result.p - p) < 1e-12, qPrintable(QString::number(result.p, 'g', 17)));
        QVERIFY2(std::abs(result.rankBiserial - rankBiserial) < 1e-12,
                 qPrintable(QString::number(result.rankBiserial, 'g', 17)));
    }

    void cohenDzIsMeanOverSampleSd()
    {
        QCOMPARE(cohenDz({1, 2, 3}), 2.0); // mean 2, sample SD 1
        QVERIFY(std::isnan(cohenDz({3, 3, 3})));
        QVERIFY(std::isnan(cohenDz({1})));
    }

    void bootstrapCoversTheMeanAndIsReproducible()
    {
        // 40 participants whose differences have mean exactly 2 and SD about 1.
        std::mt19937_64 random(7);
        std::normal_distribution<double> noise(0.0, 1.0);
        Values differences(40);
        for (double& d : differences)
            d = noise(random);
        double sum = 0.0, squares = 0.0;
        for (double d : differences)
            sum += d;
        for (double& d : differences) {
            d += 2.0 - sum / 40.0;
            squares += (d - 2.0) * (d - 2.0);
        }
        const double standardError = std::sqrt(squares / 39.0 / 40.0);

        const auto [low, high] = bootstrapMeanInterval(differences, 10000, 20240611);
        QVERIFY2(low < 2.0 && 2.0 < high,
                 qPrintable(QStringLiteral("[%1, %2]").arg(low).arg(high)));
        // The percentile interval of a mean of 40 values is close to +-1.96 standard errors;
        // 15 % allows for the bootstrap's own noise and the skew of this sample, but catches
        // resamples of the wrong size or a wrong quantile.
        const double expectedWidth = 2.0 * 1.96 * standardError;
        QVERIFY2(std::abs((high - low) / expectedWidth - 1.0) < 0.15,
                 qPrintable(QStringLiteral("width %1 vs %2").arg(high - low).arg(expectedWidth)));

        const auto again = bootstrapMeanInterval(differences, 10000, 20240611);
        QCOMPARE(again.first, low); // same seed: bit-identical
        QCOMPARE(again.second, high);
        const auto otherSeed = bootstrapMeanInterval(differences, 10000, 1);
        QVERIFY(otherSeed.first != low);
        QVERIFY(std::abs(otherSeed.first - low) < 0.1 * expectedWidth);
        const auto single = bootstrapMeanInterval({5.0}, 100, 1);
        QVERIFY(single.first == 5.0 && single.second == 5.0);
    }

    void compareLevelsPairsWithinParticipants()
    {
        std::vector<ResultRow> rows;
        for (int p = 1; p <= 8; ++p) {
            const std::string participant = "P" + std::to_string(p);
            for (const std::string stimulus : {"drums", "voice"}) {
                // Azimuth error 10 + p with device "open", 10 + p + (1 + p/4) with "iem".
                rows.push_back(azimuthTrial(participant, "open", stimulus, 10.0 + p));
                rows.push_back(
                    azimuthTrial(participant, "iem", stimulus, 10.0 + p + 1.0 + p / 4.0));
            }
        }
        rows.push_back(azimuthTrial("P9", "open", "drums", 50.0)); // no "iem" level: unpaired
        rows.push_back(azimuthTrial("P10", "other", "drums", 50.0));

        ComparisonSpec spec;
        spec.factor = "device";
        spec.levelA = "open";
        spec.levelB = "iem";
        spec.metrics = {"azimuthErrorDeg", "rmsPmedianlocal"};
        spec.withinFactors = {"stimulus"};
        const std::vector<Comparison> comparisons = compareLevels(rows, spec);
        QCOMPARE(comparisons.size(), size_t(4));
        const Comparison& drums = comparisons[0];
        QCOMPARE(drums.keys.at("stimulus"), std::string("drums"));
        QCOMPARE(drums.metric, std::string("azimuthErrorDeg"));
        QCOMPARE(drums.n, size_t(8));
        // 1e-12: sums of a few small numbers.
        QVERIFY(std::abs(drums.meanA - 14.5) < 1e-12);
        QVERIFY(std::abs(drums.meanDifference - (1.0 + 4.5 / 4.0)) < 1e-12);
        QVERIFY(std::abs(drums.meanB - drums.meanA - drums.meanDifference) < 1e-12);
        QVERIFY(drums.ciLow > 1.0 && drums.ciHigh < 3.0 && drums.ciLow < drums.meanDifference);
        QCOMPARE(drums.wilcoxonP, 2.0 / 256.0); // all 8 positive, no ties: exact 2 / 2^8
        QCOMPARE(drums.rankBiserial, 1.0);
        // The polar metric is 0 at both levels for everyone: zero differences only.
        QCOMPARE(comparisons[1].n, size_t(8));
        QVERIFY(std::isnan(comparisons[1].wilcoxonP));

        const auto json = nlohmann::json::parse(comparisonsToJson(spec, comparisons));
        QCOMPARE(json.at("format").get<std::string>(), std::string("stagelab.comparison/1"));
        QCOMPARE(json.at("factor").get<std::string>(), std::string("device"));
        QVERIFY(json.at("levels") == nlohmann::json({"open", "iem"}));
        const auto& first = json.at("comparisons").at(0);
        QVERIFY(first.at("keys") == nlohmann::json({{"stimulus", "drums"}}));
        QCOMPARE(first.at("ci95").size(), size_t(2));
        QCOMPARE(first.size(), size_t(10)); // exactly the documented fields
        QVERIFY(json.at("comparisons").at(1).at("wilcoxonP").is_null());
        const std::string table = comparisonsToTable(spec, comparisons);
        QVERIFY2(table.find("azimuthErrorDeg") != std::string::npos &&
                     table.find("0.0078") != std::string::npos,
                 table.c_str());

        spec.metrics = {"noSuchMetric"};
        QVERIFY_THROWS_EXCEPTION(Error, compareLevels(rows, spec));
    }
};

STAGELAB_TEST_MAIN(TestStatistics)
#include "tst_statistics.moc"
