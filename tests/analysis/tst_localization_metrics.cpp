// AMT-compatible localization and width metrics, worked by hand on small sets that sit on the
// edges where implementations differ: the +-180 wrap, the frontal plane, lateral cut-offs at
// exactly 30/60 deg, exactly lateral responses and the [-90, 270) polar range.

#include "analysis/grouping.h"
#include "analysis/localization_metrics.h"
#include "common/test_main.h"
#include "spatial/direction.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <numbers>

using namespace stagelab;
using Rows = std::vector<ResultRow>;
Q_DECLARE_METATYPE(Rows)

namespace {
constexpr double undefined = std::numeric_limits<double>::quiet_NaN();
constexpr double deg = std::numbers::pi / 180.0;

ResultRow trial(double targetAzimuth, double targetElevation, double responseAzimuth,
                double responseElevation)
{
    ResultRow row;
    row.kind = "localization";
    row.targetAzimuthDeg = targetAzimuth;
    row.targetElevationDeg = targetElevation;
    row.responseAzimuthDeg = responseAzimuth;
    row.responseElevationDeg = responseElevation;
    return row;
}

// A response given by its interaural-polar coordinates, to put a polar error at a chosen lateral
// angle (and so a chosen weight w = cos^2(lat)).
ResultRow trialAtLateralPolar(double targetAzimuth, double latDeg, double polDeg)
{
    const double x = std::cos(latDeg * deg) * std::cos(polDeg * deg);
    const double y = std::sin(latDeg * deg);
    const double z = std::cos(latDeg * deg) * std::sin(polDeg * deg);
    return trial(targetAzimuth, 0.0, std::atan2(y, x) / deg, std::asin(z) / deg);
}

ResultRow widthTrial(double centre, double width, double leftEdge, double rightEdge)
{
    ResultRow row;
    row.kind = "width";
    row.targetAzimuthDeg = centre;
    row.targetWidthDeg = width;
    row.responseLeftEdgeDeg = leftEdge;
    row.responseRightEdgeDeg = rightEdge;
    return row;
}
} // namespace

class TestLocalizationMetrics : public QObject
{
    Q_OBJECT
private slots:
    void lateralScatterIsTheSpreadAboutEachTarget()
    {
        // Answers 5, 10, 15 to a target at 0 and 20, 40 to one at 30 (on the horizontal plane,
        // in front, lateral angle = azimuth): deviations from each target's mean -5, 0, 5 and
        // -10, 10; pooled SD sqrt(250 / (5 - 2)). A bias (every answer 10 deg off) adds nothing.
        std::vector<ResultRow> rows = {trial(0, 0, 5, 0), trial(0, 0, 10, 0), trial(0, 0, 15, 0),
                                       trial(30, 0, 20, 0), trial(30, 0, 40, 0)};
        QVERIFY(std::abs(computeMetrics(rows).at("lateralScatterDeg") - std::sqrt(250.0 / 3.0)) <
                1e-9);
        for (ResultRow& row : rows)
            *row.responseAzimuthDeg += 10.0;
        QVERIFY(std::abs(computeMetrics(rows).at("lateralScatterDeg") - std::sqrt(250.0 / 3.0)) <
                1e-9);
        // One answer per target: no scatter to measure.
        QVERIFY(std::isnan(
            computeMetrics({trial(0, 0, 5, 0), trial(30, 0, 20, 0)}).at("lateralScatterDeg")));
    }

    void handWorked_data()
    {
        QTest::addColumn<Rows>("rows");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<double>("expected");

        // +-180 wrap: 170 -> -170 is 20 deg to the right... of the back; lateral 10 -> -10.
        const Rows wrap = {trial(170, 0, -170, 0)};
        QTest::newRow("wrap: azimuth error") << wrap << "azimuthErrorDeg" << 20.0;
        QTest::newRow("wrap: signed azimuth error") << wrap << "signedAzimuthErrorDeg" << 20.0;
        QTest::newRow("wrap: great circle") << wrap << "greatCircleErrorDeg" << 20.0;
        QTest::newRow("wrap: accL") << wrap << "accL" << -20.0;
        QTest::newRow("wrap: no polar error") << wrap << "accP" << 0.0;
        QTest::newRow("wrap: not a front-back confusion") << wrap << "rFBC" << 0.0;

        // Front-back: target x = cos(89.5) = 0.0087 <= 0.01 is excluded, cos(89) = 0.0175 is not;
        // responses exactly lateral (x = 0, written as 90 and as 270) confuse nothing.
        const Rows frontBack = {trial(0, 0, 180, 0), trial(89.5, 0, 120, 0), trial(89, 0, 91, 0),
                                trial(30, 0, 270, 0), trial(150, 0, 90, 0)};
        QTest::newRow("rFBC: 2 of 4 (one target excluded)") << frontBack << "rFBC" << 50.0;
        QTest::newRow("rFBC: elevated target excluded")
            << Rows{trial(0, 89.5, 180, 0), trial(0, 0, 0, 0)} << "rFBC" << 0.0;

        // rmsL keeps |latR| <= 60 (60 written two ways, rounding to either side), drops 65.
        const Rows lateral = {trial(50, 0, 60, 0), trial(40, 0, 120, 0), trial(80, 0, 65, 0)};
        QTest::newRow("rmsL: cut-off at exactly 60") << lateral << "rmsL" << std::sqrt(250.0);
        QTest::newRow("accL: mean lateral error") << lateral << "accL" << 5.0;
        QTest::newRow("precL: population SD") << lateral << "precL" << std::sqrt(650.0 / 3.0);
        QTest::newRow("querr: nothing inside |latR| < 60") << lateral << "querr" << undefined;
        QTest::newRow("querrMiddlebrooks: nothing inside 30")
            << lateral << "querrMiddlebrooks" << undefined;
        QTest::newRow("rmsPmedianlocal: nothing inside 30")
            << lateral << "rmsPmedianlocal" << undefined;

        // Quadrant errors. (90, 60) has latR = 30.000000000000011 and must count as 30;
        // (120, 0) and (60, 0) sit at latR = 60 +- 7e-15 and must stay out of querr (strict).
        const Rows quadrant = {trial(0, 0, 180, 0),  trial(60, 0, 120, 0), trial(30, 0, 150, 0),
                               trial(0, 0, 0, 40),   trial(45, 0, 45, 0),  trial(0, 0, -30, 0),
                               trial(120, 0, 60, 0), trial(0, 60, 90, 60)};
        QTest::newRow("querr: 2 of 6") << quadrant << "querr" << 100.0 / 3.0;
        QTest::newRow("querrMiddlebrooks: 2 of 5") << quadrant << "querrMiddlebrooks" << 40.0;
        QTest::newRow("rmsPmedianlocal: 40, 0, 30")
            << quadrant << "rmsPmedianlocal" << std::sqrt(2500.0 / 3.0);

        // Weighted polar statistics: +30 at latR 0 (w = 1) and -30 at latR 60 (w = 1/4):
        // s = (0.5 - 0.125)/1.25 = 0.3, c = cos 30; accP = atan2(0.3, cos 30), precP from |R|.
        const Rows weighted = {trialAtLateralPolar(0, 0, 30), trialAtLateralPolar(60, 60, -30)};
        const double length = std::hypot(0.3, std::cos(30 * deg));
        QTest::newRow("accP: weighted by cos^2(latR)")
            << weighted << "accP" << std::atan2(0.3, std::cos(30 * deg)) / deg;
        QTest::newRow("precP: weighted circular SD")
            << weighted << "precP" << std::sqrt(2.0 * (1.0 - length)) / deg;

        // An exactly lateral response has w = 0: its (undefined) polar angle changes nothing.
        const Rows withLateral = {trial(0, 0, 0, 20), trial(60, 0, 90, 0), trial(-60, 0, 270, 0)};
        QTest::newRow("lateral response: accP ignores it") << withLateral << "accP" << 20.0;
        QTest::newRow("lateral response: precP of one value") << withLateral << "precP" << 0.0;
        const Rows onlyLateral = {trial(60, 0, 90, 0), trial(-60, 0, -90, 0)};
        QTest::newRow("only lateral: accP undefined") << onlyLateral << "accP" << undefined;
        QTest::newRow("only lateral: precP undefined") << onlyLateral << "precP" << undefined;
        QTest::newRow("only lateral: accL") << onlyLateral << "accL" << 0.0;

        // Polar range [-90, 270): below-front -80 vs below-back 260 is -20, not 340.
        const Rows below = {trial(0, -80, 180, -80)};
        QTest::newRow("polar wrap: accP") << below << "accP" << -20.0;
        QTest::newRow("polar wrap: querr") << below << "querr" << 0.0;
        QTest::newRow("polar wrap: rmsPmedianlocal") << below << "rmsPmedianlocal" << 20.0;
        QTest::newRow("polar: -60 vs 240 is a quadrant error")
            << Rows{trial(0, -60, 180, -60)} << "querr" << 100.0;

        // Azimuth-only responses (no elevation) are on the horizontal plane.
        ResultRow azimuthOnly = trial(0, 30, 0, 0);
        azimuthOnly.responseElevationDeg.reset();
        QTest::newRow("azimuth-only: great circle to the horizon")
            << Rows{azimuthOnly} << "greatCircleErrorDeg" << 30.0;
        ResultRow unanswered = trial(0, 0, 0, 0);
        unanswered.responseAzimuthDeg.reset();
        QTest::newRow("unanswered trials do not count")
            << Rows{unanswered, trial(0, 0, 10, 0)} << "n" << 1.0;

        // Width: spans 40 and 20 (one straddling +-180), centres 0, 95 and 180.
        const Rows width = {widthTrial(0, 30, 20, -20), widthTrial(90, 20, 105, 85)};
        QTest::newRow("width: perceived") << width << "perceivedWidthDeg" << 30.0;
        QTest::newRow("width: error") << width << "widthErrorDeg" << 5.0;
        QTest::newRow("width: absolute error")
            << Rows{widthTrial(0, 30, 20, -20), widthTrial(0, 30, 5, -5)} << "absWidthErrorDeg"
            << 15.0;
        QTest::newRow("width: centre") << width << "perceivedCentreDeg" << 47.5;
        QTest::newRow("width: centre error") << width << "centreErrorDeg" << 2.5;
        QTest::newRow("width: behind the listener")
            << Rows{widthTrial(180, 20, -170, 170)} << "perceivedWidthDeg" << 20.0;
        QTest::newRow("width: centre behind")
            << Rows{widthTrial(180, 20, -170, 175)} << "centreErrorDeg"
            << 2.5; // 175..190: centre 182.5, left of 180
        QTest::newRow("width rows have no localization metrics") << width << "accL" << undefined;
    }
    void handWorked()
    {
        QFETCH(Rows, rows);
        QFETCH(QString, metric);
        QFETCH(double, expected);
        const MetricValues values = computeMetrics(rows);
        QVERIFY2(values.count(metric.toStdString()), "metric missing");
        const double actual = values.at(metric.toStdString());
        if (std::isnan(expected)) {
            QVERIFY2(std::isnan(actual), qPrintable(QString::number(actual, 'g', 17)));
            return;
        }
        // 1e-9: the hand values are exact up to double rounding in trigonometry (~1e-13 deg or %).
        QVERIFY2(std::abs(actual - expected) < 1e-9,
                 qPrintable(
                     QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    }

    void everyMetricIsComputed()
    {
        const MetricValues values = computeMetrics(Rows{});
        QCOMPARE(values.size(), metricNames().size());
        QCOMPARE(values.at("n"), 0.0);
        QVERIFY(std::isnan(values.at("accL")) && std::isnan(values.at("perceivedWidthDeg")));
    }

    void groupsSortNumericallyAndSerialiseNaNAsNull()
    {
        Rows rows;
        for (const char* participant : {"10", "2", "b", "a"}) {
            ResultRow row = trial(0, 0, 10, 0);
            row.factors["participant"] = participant;
            rows.push_back(row);
        }
        rows.push_back(widthTrial(0, 30, 20, -20)); // no participant: the "" level
        const AnalysisResult result = analyze(rows, {"participant"});
        QCOMPARE(result.groups.size(), size_t(5));
        const std::vector<std::string> order = {"2", "10", "", "a", "b"};
        for (size_t i = 0; i < order.size(); ++i)
            QCOMPARE(result.groups[i].keys.at("participant"), order[i]);

        const auto json = nlohmann::json::parse(analysisToJson(result));
        QCOMPARE(json.at("format").get<std::string>(), std::string("stagelab.analysis/1"));
        QCOMPARE(json.at("groups").size(), size_t(5));
        const auto& first = json.at("groups").at(0);
        QCOMPARE(first.at("keys").at("participant").get<std::string>(), std::string("2"));
        QCOMPARE(first.at("n").get<int>(), 1);
        QCOMPARE(first.at("metrics").at("azimuthErrorDeg").get<double>(), 10.0);
        QVERIFY(first.at("metrics").at("perceivedWidthDeg").is_null()); // NaN -> null
        QVERIFY(json.at("groups").at(2).at("metrics").at("accL").is_null());
        QCOMPARE(first.size(), size_t(3)); // exactly keys, n, metrics

        const std::string csv = analysisToCsv(result);
        QVERIFY(csv.rfind("participant,rows,n,accL,", 0) == 0);
        QVERIFY2(csv.find("\n2,1,1,") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("\n,1,0,,,") != std::string::npos, csv.c_str()); // NaN -> empty cell
        const std::string table = analysisToTable(result, {"n", "azimuthErrorDeg", "accP"});
        QVERIFY2(table.find("10.00") != std::string::npos && table.find("---") != std::string::npos,
                 table.c_str());
    }
};

STAGELAB_TEST_MAIN(TestLocalizationMetrics)
#include "tst_localization_metrics.moc"
