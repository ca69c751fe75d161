// Stagelab's analysis on third-party data: example_data_1.csv of the Spatial-Audio-Metrics
// project (one listener, three HRTFs, 3D pointing; see ../shared/validation/README.md).
// The metrics are checked against a second, deliberately plain implementation of the AMT
// formulas written here from scratch: Cartesian vectors with exact degree trigonometry, no
// shared helpers, no engine code.

#include "analysis/csv_import.h"
#include "analysis/grouping.h"
#include "common/test_main.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

using namespace stagelab;

namespace {
const char* const dataFolder = STAGELAB_SOURCE_DIR "/../shared/validation/localization-3d";

// sin/cos of degrees, exact at multiples of 90 (as MATLAB's sind/cosd), so that a direction on
// an axis has coordinates that are exactly 0.
double sind(double degrees)
{
    const double r = std::fmod(std::fmod(degrees, 360.0) + 360.0, 360.0);
    if (r == 0.0 || r == 180.0) return 0.0;
    return r == 90.0 ? 1.0 : (r == 270.0 ? -1.0 : std::sin(r * std::numbers::pi / 180.0));
}
double cosd(double degrees)
{
    return sind(degrees + 90.0);
}
double deg(double radians)
{
    return radians * 180.0 / std::numbers::pi;
}
double npi2pi(double degrees)
{
    return degrees - 360.0 * std::ceil((degrees - 180.0) / 360.0);
}

struct Plain
{
    double lat, pol, x, y, z;
};
Plain plain(double azimuth, double elevation)
{
    Plain p;
    p.x = cosd(elevation) * cosd(azimuth);
    p.y = cosd(elevation) * sind(azimuth);
    p.z = sind(elevation);
    p.lat = deg(std::asin(std::clamp(p.y, -1.0, 1.0)));
    p.pol = deg(std::atan2(p.z, p.x));
    if (p.pol < -90.0) p.pol += 360.0;
    return p;
}

// The AMT 1.6 definitions, one loop each, as a reader would write them from the paper.
MetricValues independentMetrics(const std::vector<const ResultRow*>& rows)
{
    std::vector<Plain> t, r;
    std::vector<double> azimuthErrors;
    for (const ResultRow* row : rows) {
        t.push_back(plain(row->targetAzimuthDeg, row->targetElevationDeg));
        r.push_back(plain(*row->responseAzimuthDeg, *row->responseElevationDeg));
        azimuthErrors.push_back(npi2pi(*row->responseAzimuthDeg - row->targetAzimuthDeg));
    }
    const double n = static_cast<double>(t.size());
    MetricValues m;
    double sum = 0, squares = 0, sinW = 0, cosW = 0, weights = 0, gc = 0, azAbs = 0, az = 0;
    double rmsL = 0, rmsLN = 0, qe = 0, qeN = 0, qm = 0, qmN = 0, local = 0, localN = 0, fbc = 0,
           fbcN = 0;
    for (size_t i = 0; i < t.size(); ++i)
        sum += r[i].lat - t[i].lat;
    m["accL"] = sum / n;
    for (size_t i = 0; i < t.size(); ++i) {
        const double e = r[i].lat - t[i].lat;
        squares += (e - m["accL"]) * (e - m["accL"]);
        const double polarError = npi2pi(r[i].pol - t[i].pol);
        const double w = std::pow(std::cos(r[i].lat * std::numbers::pi / 180.0), 2);
        sinW += w * sind(polarError);
        cosW += w * cosd(polarError);
        weights += w;
        if (std::abs(r[i].lat) <= 60.0) rmsL += e * e, rmsLN += 1;
        if (std::abs(r[i].lat) < 60.0) qe += std::abs(polarError) * w > 45.0, qeN += 1;
        if (std::abs(r[i].lat) <= 30.0) {
            qm += std::abs(polarError) > 90.0, qmN += 1;
            if (std::abs(polarError) < 90.0) local += polarError * polarError, localN += 1;
        }
        if (std::abs(t[i].x) > 0.01) fbc += (t[i].x > 0) != (r[i].x > 0), fbcN += 1;
        const double dot = t[i].x * r[i].x + t[i].y * r[i].y + t[i].z * r[i].z;
        gc += deg(std::acos(std::clamp(dot, -1.0, 1.0)));
        azAbs += std::abs(azimuthErrors[i]);
        az += azimuthErrors[i];
    }
    m["n"] = n;
    m["precL"] = std::sqrt(squares / n);
    m["rmsL"] = std::sqrt(rmsL / rmsLN);
    m["accP"] = npi2pi(deg(std::atan2(sinW / weights, cosW / weights)));
    m["precP"] = deg(std::sqrt(2.0 * (1.0 - std::hypot(sinW / weights, cosW / weights))));
    m["querr"] = 100.0 * qe / qeN;
    m["querrMiddlebrooks"] = 100.0 * qm / qmN;
    m["rmsPmedianlocal"] = std::sqrt(local / localN);
    m["rFBC"] = 100.0 * fbc / fbcN;
    m["greatCircleErrorDeg"] = gc / n;
    m["azimuthErrorDeg"] = azAbs / n;
    m["signedAzimuthErrorDeg"] = az / n;
    return m;
}
} // namespace

class TestReferenceData : public QObject
{
    Q_OBJECT
private slots:
    void exampleData1MatchesIndependentMetrics()
    {
        const QString path = QString(dataFolder) + "/example_data_1.csv";
        if (!QFileInfo::exists(path))
            STAGELAB_SKIP(
                qPrintable("reference data folder missing: " + QDir::cleanPath(dataFolder)));

        // The source project records azimuth clockwise (+90 = right): "cw" converts to SOFA.
        const CsvColumns columns = {{"targetAzimuthDeg", "azi_target"},
                                    {"targetElevationDeg", "ele_target"},
                                    {"responseAzimuthDeg", "azi_response"},
                                    {"responseElevationDeg", "ele_response"}};
        const std::vector<ResultRow> all = importLocalizationCsv(path.toStdString(), columns, "cw");
        QCOMPARE(all.size(), size_t(466)); // README: 466 trials
        std::vector<ResultRow> test;       // Repetition -1 is the training block
        for (const ResultRow& row : all)
            if (std::stoi(row.factors.at("Repetition")) >= 0) test.push_back(row);
        QCOMPARE(test.size(), size_t(297));

        const AnalysisResult result = analyze(test, {"HRTF"});
        QCOMPARE(result.groups.size(), size_t(3));
        const std::vector<RowGroup> groups = groupRows(test, {"HRTF"});
        for (size_t g = 0; g < groups.size(); ++g) {
            const AnalysisGroup& group = result.groups[g];
            QCOMPARE(group.n, size_t(99)); // README: 99 test trials per HRTF
            QCOMPARE(group.metrics.at("n"), 99.0);
            const MetricValues expected = independentMetrics(groups[g].rows);
            QString line = QString::fromStdString(group.keys.at("HRTF").substr(0, 24));
            for (const auto& [name, value] : expected) {
                const double actual = group.metrics.at(name);
                line += QStringLiteral(" %1=%2")
                            .arg(QString::fromStdString(name))
                            .arg(actual, 0, 'f', 4);
                // 1e-9 deg or %: same formulas, different operation order and trig; rounding
                // differences stay near 1e-12. A different cut-off or weight moves whole trials.
                QVERIFY2(std::abs(actual - value) < 1e-9,
                         qPrintable(QStringLiteral("%1 %2: %3 vs independent %4")
                                        .arg(QString::fromStdString(group.keys.at("HRTF")),
                                             QString::fromStdString(name))
                                        .arg(actual, 0, 'g', 17)
                                        .arg(value, 0, 'g', 17)));
            }
            qInfo().noquote() << line;
        }
    }
};

STAGELAB_TEST_MAIN(TestReferenceData)
#include "tst_reference_data.moc"
