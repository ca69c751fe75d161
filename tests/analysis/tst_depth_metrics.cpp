// Distance and externalization metrics against independent computations: the power law of
// perceived against true distance recovered from synthetic answers with known a and k; log2
// ratio errors; the externalization mean, median and share; undefined where they must be.

#include "analysis/localization_metrics.h"
#include "common/test_main.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace stagelab;

namespace {
ResultRow distanceRow(double target, double response)
{
    ResultRow row;
    row.kind = "localization";
    row.responseAzimuthDeg = 0.0;
    row.targetDistanceM = target;
    row.responseDistanceM = response;
    return row;
}

ResultRow ratingRow(double rating)
{
    ResultRow row;
    row.kind = "externalization";
    row.externalization = rating;
    return row;
}
} // namespace

class TestDepthMetrics : public QObject
{
    Q_OBJECT
private slots:
    void powerLawIsRecovered()
    {
        // Answers exactly on r' = k r^a: the fit must return a and k (bound 0.01, the issue's;
        // exact data leave only rounding) and r^2 = 1.
        const double a = 0.42, k = 1.31;
        std::vector<ResultRow> rows;
        for (const double r : {0.5, 1.0, 2.0, 4.0, 8.0, 16.0})
            rows.push_back(distanceRow(r, k * std::pow(r, a)));
        const MetricValues values = computeMetrics(rows);
        QVERIFY(std::abs(values.at("distanceExponent") - a) < 1e-9);
        QVERIFY(std::abs(values.at("distanceFactor") - k) < 1e-9);
        QVERIFY(std::abs(values.at("distanceFitR2") - 1.0) < 1e-12);
        QCOMPARE(values.at("nDistance"), 6.0);
    }

    void powerLawIsRecoveredThroughNoise()
    {
        // Multiplicative noise of +-15 % in balanced pairs (every true distance answered once
        // above and once below the law, by the same factor): least squares on logs sees zero-
        // mean residuals, so a and k come back within 0.01; r^2 drops below 1.
        const double a = 0.55, k = 0.9;
        std::vector<ResultRow> rows;
        for (const double r : {0.5, 1.0, 2.0, 4.0, 8.0})
            for (const double factor : {1.15, 1.0 / 1.15})
                rows.push_back(distanceRow(r, k * std::pow(r, a) * factor));
        const MetricValues values = computeMetrics(rows);
        QVERIFY(std::abs(values.at("distanceExponent") - a) < 0.01);
        QVERIFY(std::abs(values.at("distanceFactor") - k) < 0.01);
        QVERIFY(values.at("distanceFitR2") < 1.0 && values.at("distanceFitR2") > 0.9);
    }

    void log2ErrorsAreDoublings()
    {
        // 2 m heard at 4 m: +1 doubling; 4 m heard at 1 m: -2; 1 m heard at 1 m: 0.
        const std::vector<ResultRow> rows = {distanceRow(2, 4), distanceRow(4, 1),
                                             distanceRow(1, 1)};
        const MetricValues values = computeMetrics(rows);
        QCOMPARE(values.at("distanceErrorLog2"), (1.0 - 2.0 + 0.0) / 3.0);
        QCOMPARE(values.at("absDistanceErrorLog2"), (1.0 + 2.0 + 0.0) / 3.0);
    }

    void oneDistanceHasNoFit()
    {
        const std::vector<ResultRow> rows = {distanceRow(2, 3), distanceRow(2, 1.5)};
        const MetricValues values = computeMetrics(rows);
        QVERIFY(std::isnan(values.at("distanceExponent")));
        QVERIFY(std::isnan(values.at("distanceFactor")));
        QVERIFY(!std::isnan(values.at("distanceErrorLog2")));
        // Rows without a distance answer enter no distance metric.
        ResultRow plain;
        plain.kind = "localization";
        plain.responseAzimuthDeg = 10.0;
        QCOMPARE(computeMetrics(std::vector<ResultRow>{plain}).at("nDistance"), 0.0);
        QVERIFY(std::isnan(computeMetrics(std::vector<ResultRow>{plain}).at("distanceErrorLog2")));
    }

    void externalizationStatistics()
    {
        // Ratings 0, 1, 2, 2, 4: mean 1.8, median 2, three of five (60 %) at 2 or more.
        std::vector<ResultRow> rows;
        for (const double rating : {2.0, 0.0, 4.0, 1.0, 2.0})
            rows.push_back(ratingRow(rating));
        MetricValues values = computeMetrics(rows);
        QCOMPARE(values.at("nExternalization"), 5.0);
        QVERIFY(std::abs(values.at("externalizationMean") - 1.8) < 1e-12);
        QCOMPARE(values.at("externalizationMedian"), 2.0);
        QCOMPARE(values.at("externalizedShare"), 60.0);
        // An even count: the median is the mean of the middle two (1 and 2).
        rows.pop_back();
        values = computeMetrics(rows);
        QCOMPARE(values.at("externalizationMedian"), 1.5);
        QVERIFY(std::isnan(computeMetrics(std::vector<ResultRow>{}).at("externalizationMean")));
    }
};

STAGELAB_TEST_MAIN(TestDepthMetrics)
#include "tst_depth_metrics.moc"
