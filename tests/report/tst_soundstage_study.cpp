// The soundstage study as a user runs it: both study files load and plan every kind of trial;
// four simulated listeners answer the full study; `compare` states the soundstage verdicts in
// plain words; `report` answers the four claims, one line each with its evidence, and renders in
// headless Chromium. The simulated listener has no device effect (simulated_listener.h), so the
// device claims must come out unsupported; its virtual speakers hold images within their base
// and blur them as it widens, so the speaker claim must come out supported - tentatively, as
// four participants cannot reach p < 0.05 in a Wilcoxon test.

#include "chromium_screenshot.h"
#include "common/test_main.h"
#include "experiment/experiment.h"
#include "experiment/trial_plan.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace stagelab;

namespace {
const QString studyFolder = QStringLiteral(STAGELAB_SOURCE_DIR "/stimuli/experiments/");

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(STAGELAB_CLI, arguments);
    if (!process.waitForFinished(300000)) qFatal("stagelab-cli did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

/// The claim's line of the report, as text.
QString claimLine(const QString& html, const QString& claim)
{
    const qsizetype at = html.indexOf("<b>" + claim + "</b>");
    if (at < 0) return {};
    QString line = html.mid(at, html.indexOf("</li>", at) - at);
    return line.remove(QRegularExpression("<[^>]*>")).replace("&#39;", "'");
}
} // namespace

class TestSoundstageStudy : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void bothStudiesPlanEveryKindOfTrial_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("full") << "soundstage-study.json";
        QTest::newRow("short") << "soundstage-study-short.json";
    }
    void bothStudiesPlanEveryKindOfTrial()
    {
        QFETCH(QString, file);
        const ExperimentLoad load = loadExperiment((studyFolder + file).toStdString());
        QVERIFY2(load.ok(), load.errorText().c_str());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "p1", 0, 1);
        std::set<std::string> modes, devices, models;
        for (const PlannedTrial& trial : plan.trials) {
            modes.insert(trial.responseMode + (trial.alsoAsk.empty() ? "" : "+rating"));
            devices.insert(trial.device);
            models.insert(trial.model);
        }
        for (const char* mode :
             {"width-edges", "azimuth-distance+rating", "externalization", "stage-map", "azimuth"})
            QVERIFY2(modes.count(mode), mode);
        QCOMPARE(devices, (std::set<std::string>{"open-back", "iem"}));
        for (const char* model : {"hrtf", "hrtf-room", "speakers-15", "speakers-45", "diotic"})
            QVERIFY2(models.count(model), model);
    }

    void fourSimulatedListenersThroughCompareAndReport()
    {
        const QString results = m_dir.filePath("results");
        for (int p = 1; p <= 4; ++p) {
            const Run run = runCli({"run", studyFolder + "soundstage-study.json", "--participant",
                                    QString("s%1").arg(p), "--results", results, "--simulate",
                                    "noise", "--listener-seed", QString::number(p)});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        }
        // compare: the soundstage measures by device, in words.
        const Run devices =
            runCli({"compare", results, "--factor", "device", "--levels", "open-back", "iem",
                    "--metrics", "externalizationMean", "stageWidthRatio", "stageDepthRatio"});
        QVERIFY2(devices.exitCode == 0, qPrintable(devices.err));
        QVERIFY2(devices.out.contains("In words (B = iem, A = open-back)"),
                 qPrintable(devices.out));
        for (const char* metric :
             {"On mean externalization (0-4), ", "On stage width ratio (placed / true span), ",
              "On stage depth ratio"})
            QVERIFY2(devices.out.contains(metric), qPrintable(devices.out));
        QVERIFY(devices.err.contains("stage maps"));
        const Run speakers =
            runCli({"compare", results, "--factor", "model", "--levels", "speakers-15",
                    "speakers-45", "--metrics", "stageWidthRatio", "lateralScatterDeg"});
        QVERIFY2(speakers.out.contains("speakers-45 staged wider than speakers-15"),
                 qPrintable(speakers.out));

        // report: the claims, one line each.
        const QString page = m_dir.filePath("report.html");
        const Run report = runCli({"report", results, "--out", page});
        QVERIFY2(report.exitCode == 0, qPrintable(report.err));
        QFile file(page);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.contains("<h2>Claims</h2>"));
        const QString wider = claimLine(html, "Open-back headphones stage wider than IEMs");
        const QString spacious =
            claimLine(html, "Open-back headphones sound more spacious (deeper, more externalized)");
        const QString precise =
            claimLine(html, "IEMs image at least as precisely as open-back headphones");
        const QString base =
            claimLine(html, "Wider-placed speakers widen the stage but blur the image");
        qInfo("%s\n%s\n%s\n%s", qPrintable(wider), qPrintable(spacious), qPrintable(precise),
              qPrintable(base));
        QVERIFY2(wider.contains(": not supported — stage width ratio"), qPrintable(wider));
        QVERIFY(wider.contains("perceived width"));
        QVERIFY2(spacious.contains(": not supported — stage depth ratio"), qPrintable(spacious));
        QVERIFY(spacious.contains("mean externalization"));
        QVERIFY2(precise.contains("great-circle error") && precise.contains("margin"),
                 qPrintable(precise));
        QVERIFY2(base.contains(": tentatively supported — ±45° ('speakers-45') minus ±15°"),
                 qPrintable(base));
        QVERIFY(base.contains("lateral scatter"));
        m_page = page;
    }

    void theReportRendersInHeadlessChromium()
    {
        const QString chromium = QStandardPaths::findExecutable("chromium");
        if (chromium.isEmpty())
            STAGELAB_SKIP(
                "Debian's chromium is not installed (scripts/install-deps.sh --test installs it)");
        QVERIFY2(!m_page.isEmpty(), "the report of the previous case is missing");
        const ChromiumScreenshot shot =
            screenshotInChromium(chromium, m_page, m_dir.path(), QSize(1200, 1600));
        QVERIFY2(shot.error.isEmpty(), qPrintable(shot.error));
        const QImage& image = shot.image;
        // The top of the page is the verdicts and the claims: text on a share of it, and the
        // claims' certainty colours (green and amber list markers of .sure/.tentative).
        long inked = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                inked += image.pixelColor(x, y).lightness() < 200;
        const long samples = long(image.width() / 2) * (image.height() / 2);
        qInfo("inked %.1f %%", 100.0 * inked / samples);
        QVERIFY(inked > samples / 50);
    }

private:
    QString m_page;
};

STAGELAB_TEST_MAIN(TestSoundstageStudy)
#include "tst_soundstage_study.moc"
