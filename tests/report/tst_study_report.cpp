// The study report page: it says which device imaged better and how sure, escapes every text,
// holds the provenance of every session, and renders in headless Chromium to a real picture.

#include "chromium_screenshot.h"
#include "common/test_main.h"
#include "report/html.h"
#include "report/study_report.h"
#include "util/error.h"

#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>
#include <set>

using namespace stagelab;

namespace {
/// Two devices, `participants` sessions; the IEM's answers scatter half as much.
std::pair<std::vector<SessionFileContents>, std::vector<ResultRow>> syntheticStudy(int participants)
{
    std::mt19937_64 engine(42);
    auto noise = [&] { return (double(engine() >> 11) / double(1ull << 53) - 0.5) * 2; };
    std::vector<SessionFileContents> sessions;
    std::vector<ResultRow> rows;
    const nlohmann::json devices = {
        {{"id", "open-back"},
         {"name", "HD 600 <open> & \"friends\""},
         {"kind", "open-back"},
         {"profile", {{"sha256", std::string(64, 'a')}}},
         {"level", {{"eqLoudnessLufs", -27.1}, {"compensationDb", 0.0}, {"levelOffsetDb", 0.0}}},
         {"calibration", nullptr}},
        {{"id", "iem"},
         {"name", "<script>alert('x')</script>"},
         {"kind", "iem"},
         {"profile", nullptr},
         {"level", {{"eqLoudnessLufs", -23.0}, {"compensationDb", -4.1}, {"levelOffsetDb", 0.0}}},
         {"calibration", {{"playbackGainDb", -9.0}, {"splDb", 74.0}}}}};
    for (int p = 1; p <= participants; ++p) {
        SessionFileContents session;
        const std::string participant = "p" + std::to_string(p);
        session.header = {
            {"participant", participant},
            {"session", "device-study-2026112" + std::to_string(p)},
            {"software", {{"version", "0.5.0"}, {"commit", "abc123"}}},
            {"experiment", {{"id", "device-study"}, {"sha256", std::string(64, 'e')}}},
            {"hrtf", {{"sha256", std::string(64, 'h')}}},
            {"startedAt", "2026-11-22T10:00:00Z"},
            {"simulated", true},
            {"devices", devices}};
        for (int t = 0; t < 64; ++t) {
            const bool iem = t % 2;
            ResultRow row;
            row.kind = "localization";
            row.factors = {{"participant", participant},
                           {"device", iem ? "iem" : "open-back"},
                           {"model", t % 4 < 2 ? "hrtf" : "stereo-pan"},
                           {"phase", "test"}};
            row.targetAzimuthDeg = -135 + 45 * (t % 8);
            row.responseAzimuthDeg = row.targetAzimuthDeg + (iem ? 10 : 25) * noise();
            rows.push_back(row);
            TrialRecord record;
            record.answeredAt = "2026-11-22T10:1" + std::to_string(t % 10) + ":00Z";
            session.trials.push_back(record);
        }
        sessions.push_back(session);
    }
    return {sessions, rows};
}
} // namespace

class TestStudyReport : public QObject
{
    Q_OBJECT
private slots:
    void escaping()
    {
        QCOMPARE(escapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
                 std::string("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"));
        QCOMPARE(formatNumberFixed(-0.001, 1), std::string("0.0"));
        QCOMPARE(formatP(0.0004), std::string("< 0.001"));
    }

    void reportStatesTheVerdictAndProvenance()
    {
        const auto [sessions, rows] = syntheticStudy(10);
        const std::string html =
            studyReportHtml(sessions, rows, {"Headphones vs IEMs", "2026-11-22T12:00:00Z", 2000});
        const QString page = QString::fromStdString(html);
        // The verdict: the IEM (half the scatter) imaged better, reliably.
        QVERIFY2(page.contains("On absolute azimuth error, "
                               "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; imaged better "
                               "than HD 600 &lt;open&gt; &amp; &quot;friends&quot;"),
                 qPrintable(page.left(3000)));
        QVERIFY(page.contains("a reliable difference"));
        // Nothing unescaped slipped through; the page is self-contained.
        QVERIFY(!page.contains("<script"));
        QVERIFY(!page.contains("http://") ||
                page.count("http://") == page.count("http://www.w3.org/2000/svg"));
        QCOMPARE(page.count("<svg"),
                 2 + 7); // two polar plots, one error-bar panel per metric measured
        // Provenance: every session, its software, experiment hash, HRTF hash and devices.
        for (int p = 1; p <= 10; ++p)
            QVERIFY(page.contains(QString("device-study-2026112%1").arg(p)));
        QVERIFY(page.contains("0.5.0 (abc123)") && page.contains("device-study (eeeeeeeeeeee)") &&
                page.contains("hhhhhhhhhhhh") &&
                page.contains("open-back (aaaaaaaaaaaa), iem (no profile)"));
        QVERIFY(page.contains("<td>stereo-pan</td>") &&
                page.contains("<td>hrtf</td>"));                 // per model
        QVERIFY(page.contains("-9.0") && page.contains("74.0")); // the IEM's calibration
    }

    void needsTwoDevices()
    {
        auto [sessions, rows] = syntheticStudy(3);
        for (ResultRow& row : rows)
            row.factors["device"] = "iem";
        try {
            studyReportHtml(sessions, rows);
            QFAIL("a report of one device");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("at least two devices"), error.what());
        }
    }

    void rendersInHeadlessChromium()
    {
        const QString chromium = QStandardPaths::findExecutable("chromium");
        if (chromium.isEmpty())
            STAGELAB_SKIP(
                "Debian's chromium is not installed (scripts/install-deps.sh --test installs it)");
        const auto [sessions, rows] = syntheticStudy(8);
        QTemporaryDir dir;
        const QString page = dir.filePath("report.html");
        std::ofstream(page.toStdString()) << studyReportHtml(sessions, rows);
        const ChromiumScreenshot shot =
            screenshotInChromium(chromium, page, dir.path(), QSize(1200, 2400));
        QVERIFY2(shot.error.isEmpty(), qPrintable(shot.error));
        const QImage& image = shot.image;
        QCOMPARE(image.size(), QSize(1200, 2400));
        // Not blank: text, tables and plots cover a real share of the page, and the devices'
        // plot colours (#0072B2, #D55E00, drawn semi-transparent) are there.
        long inked = 0, blue = 0, orange = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2) {
                const QColor c = image.pixelColor(x, y);
                inked += c.lightness() < 200;
                blue += c.blue() > 150 && c.red() < 150 && c.green() < 190;
                orange += c.red() > 190 && c.green() < 170 && c.blue() < 130;
            }
        const long samples = long(image.width() / 2) * (image.height() / 2);
        qInfo("inked %.1f %%, blue %ld, orange %ld samples", 100.0 * inked / samples, blue, orange);
        QVERIFY(inked > samples / 100);
        QVERIFY(blue > 200 && orange > 200);
    }
};

STAGELAB_TEST_MAIN(TestStudyReport)
#include "tst_study_report.moc"
