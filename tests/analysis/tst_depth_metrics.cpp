// Distance, externalization and stage-map metrics against independent computations: the power
// law of perceived against true distance recovered from synthetic answers with known a and k;
// log2 ratio errors; the externalization mean, median and share; Kendall's tau-b on orders
// worked out by hand; stage width, depth and order from placements with known answers;
// undefined where they must be.

#include "analysis/localization_metrics.h"
#include "analysis/stage_map_metrics.h"
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

/// One placement of stage map `trial`: the instrument at (azimuth, metres), placed at
/// (placedAzimuth, placedMetres).
ResultRow placementRow(const std::string& trial, double azimuth, double metres,
                       double placedAzimuth, double placedMetres)
{
    ResultRow row;
    row.kind = "stage-map";
    row.stageMapTrial = trial;
    row.targetAzimuthDeg = azimuth;
    row.targetDistanceM = metres;
    row.responseAzimuthDeg = placedAzimuth;
    row.responseDistanceM = placedMetres;
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

    void kendallTauBOnKnownOrders()
    {
        QCOMPARE(kendallTauB({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
        QCOMPARE(kendallTauB({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
        // By hand: pairs (0,1) tied in a, (1,2) tied in b, the other four concordant:
        // (4 - 0) / sqrt((6 - 1)(6 - 1)) = 0.8.
        QVERIFY(std::abs(kendallTauB({1, 1, 2, 3}, {1, 2, 2, 3}) - 0.8) < 1e-12);
        // One swap among four: 5 concordant, 1 discordant, no ties: 4 / 6.
        QVERIFY(std::abs(kendallTauB({1, 2, 3, 4}, {2, 1, 3, 4}) - 4.0 / 6.0) < 1e-12);
        QVERIFY(std::isnan(kendallTauB({1}, {1})));
        QVERIFY(std::isnan(kendallTauB({2, 2, 2}, {1, 2, 3}))); // no order to keep
    }

    void stageWidthDepthAndOrder()
    {
        // Trial A: three instruments at 30, 0, -30 deg and 1, 2, 4 m, placed at 45, 0, -45 deg
        // and 1.5, 2, 3 m: width 90 / 60 = 1.5, depth log2(3/1.5) / log2(4/1) = 0.5, both
        // orders kept (tau-b 1). Trial B: the same stage mirrored left for right and placed
        // at one distance: width 20 / 60, left-right tau-b -1, depth 0 and no near-far order
        // kept (every placement tied: 0).
        std::vector<ResultRow> rows = {
            placementRow("A", 30, 1, 45, 1.5), placementRow("A", 0, 2, 0, 2),
            placementRow("A", -30, 4, -45, 3), placementRow("B", 30, 1, -10, 2),
            placementRow("B", 0, 2, 0, 2),     placementRow("B", -30, 4, 10, 2)};
        const MetricValues values = computeMetrics(rows);
        QCOMPARE(values.at("nStagePlacements"), 6.0);
        QVERIFY(std::abs(values.at("stageWidthRatio") - (1.5 + 20.0 / 60.0) / 2) < 1e-12);
        QVERIFY(std::abs(values.at("stageDepthRatio") - (0.5 + 0.0) / 2) < 1e-12);
        QVERIFY(std::abs(values.at("stageOrderLeftRight") - 0.0) < 1e-12); // (1 + -1) / 2
        // Trial B put everything at 2 m: no near-far order kept (0), not left out.
        QVERIFY(std::abs(values.at("stageOrderFrontBack") - 0.5) < 1e-12); // (1 + 0) / 2
        // Placement errors: 15, 0, 15, 40, 0, 40 deg; |log2| distance errors: log2 1.5, 0,
        // log2(4/3), 1, 0, 1.
        QVERIFY(std::abs(values.at("stageErrorDeg") - 110.0 / 6.0) < 1e-9);
        const double distanceError = (std::log2(1.5) + std::log2(4.0 / 3.0) + 2.0) / 6.0;
        QVERIFY(std::abs(values.at("stageDistanceErrorLog2") - distanceError) < 1e-12);
        // Stage rows are not distance trials: the distance metrics ignore them.
        QCOMPARE(values.at("nDistance"), 0.0);
    }

    void aFrontBackConfusionNeitherWidensNorReorders()
    {
        // Instruments at 20, -30 and 0 deg, the last heard behind (180): on lateral angles the
        // stage keeps its width (50 deg) and its left-right order.
        std::vector<ResultRow> rows = {placementRow("A", 20, 1, 20, 1),
                                       placementRow("A", -30, 2, -30, 2),
                                       placementRow("A", 0, 4, 180, 4)};
        const MetricValues values = computeMetrics(rows);
        QVERIFY(std::abs(values.at("stageWidthRatio") - 1.0) < 1e-9);
        QVERIFY(std::abs(values.at("stageOrderLeftRight") - 1.0) < 1e-9);
        QVERIFY(std::abs(values.at("stageErrorDeg") - 60.0) < 1e-9); // the confusion: 180 / 3
    }

    void aStageIsMeasuredWhole()
    {
        // Three instruments, of which a group (by stimulus, say) holds two: their placement
        // errors count, the stage's width, depth and order do not.
        std::vector<ResultRow> rows = {placementRow("A", 30, 1, 40, 1),
                                       placementRow("A", -30, 4, -40, 4)};
        for (ResultRow& row : rows)
            row.stageSize = 3;
        const MetricValues values = computeMetrics(rows);
        QCOMPARE(values.at("nStagePlacements"), 2.0);
        QVERIFY(std::abs(values.at("stageErrorDeg") - 10.0) < 1e-9);
        QVERIFY(std::isnan(values.at("stageWidthRatio")));
        QVERIFY(std::isnan(values.at("stageOrderLeftRight")));
    }

    void stageAcrossTheBackIsNarrow()
    {
        // Instruments at 170 and -170 deg stand 20 deg apart (behind), not 340; placed at 160
        // and -160 the stage is twice as wide. Left-right: 170 is the left one of the two.
        std::vector<ResultRow> rows = {placementRow("A", 170, 2, 160, 2),
                                       placementRow("A", -170, 2, -160, 2)};
        const MetricValues values = computeMetrics(rows);
        QVERIFY(std::abs(values.at("stageWidthRatio") - 2.0) < 1e-9);
        QCOMPARE(values.at("stageOrderLeftRight"), 1.0);
        QVERIFY(std::isnan(values.at("stageDepthRatio"))); // both at 2 m: no true depth
    }
};

STAGELAB_TEST_MAIN(TestDepthMetrics)
#include "tst_depth_metrics.moc"
