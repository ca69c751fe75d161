// The results browser with a large study, through the real window (offscreen): 200 sessions of
// 500 localization trials are read, analysed by another factor and by another metric, and
// exported, while the window keeps drawing. The longest frame interval and event-loop stall of
// each step are printed (issue 15, goal 2: the GUI thread never blocks for more than 50 ms; the
// README reports the figures). What is asserted is that each step really happened on the worker
// thread and gave the whole study: the counts, the thinned scatter, the export's lines.

#include "common/test_main.h"
#include "frame_watch.h"
#include "gui_driver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {
const QString experiment = QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/large-study.json");
constexpr int sessions = 200;
constexpr int trialsPerSession = 500; // large-study.json: 25 azimuths x 2 x 2 x 5 repetitions

/// One simulated session of large-study.json, then copies of it under other participant ids (each
/// a genuine session file: only the id differs), as tests/benchmark/analyze_from_disk.sh does.
bool writeStudy(const QString& folder)
{
    if (QProcess::execute(QStringLiteral(STAGELAB_CLI),
                          {QStringLiteral("run"), experiment, QStringLiteral("--participant"),
                           QStringLiteral("p000"), QStringLiteral("--simulate"),
                           QStringLiteral("noise"), QStringLiteral("--seed"), QStringLiteral("1"),
                           QStringLiteral("--results"), folder}) != 0)
        return false;
    const QDir first(folder + QStringLiteral("/p000"));
    const QStringList files = first.entryList({QStringLiteral("*.jsonl")}, QDir::Files);
    if (files.size() != 1) return false;
    QFile source(first.filePath(files.first()));
    if (!source.open(QIODevice::ReadOnly)) return false;
    const QByteArray contents = source.readAll();
    for (int p = 1; p < sessions; ++p) {
        const QString id = QStringLiteral("p%1").arg(p, 3, 10, QLatin1Char('0'));
        QByteArray copy = contents;
        copy.replace("\"participant\":\"p000\"", "\"participant\":\"" + id.toUtf8() + '"');
        if (!QDir(folder).mkpath(id)) return false;
        QFile target(folder + '/' + id + '/' + files.first());
        if (!target.open(QIODevice::WriteOnly) || target.write(copy) != copy.size()) return false;
    }
    return true;
}

qsizetype lineCount(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().count('\n') : -1;
}
} // namespace

class TestGuiResults : public QObject
{
    Q_OBJECT
private slots:
    void largeStudyNeverFreezesTheWindow()
    {
        QTemporaryDir results;
        QVERIFY(writeStudy(results.path()));
        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.loaded());
        ResultsBrowser& browser = *gui.bridge().results();
        FrameWatch watch(gui.window());
        QStringList figures;
        const auto step = [&](const QString& phase) {
            figures.append(QStringLiteral("%1: %2").arg(phase, watch.report()));
            watch.restart();
        };

        // Opening the browser reads and analyses the study on the worker thread.
        watch.setPhase(QStringLiteral("reading and analysing"));
        QSignalSpy activity(&browser, &ResultsBrowser::activityChanged);
        QVERIFY(gui.click(QStringLiteral("openResultsButton")));
        QVERIFY(browser.busy());
        // Work that lasts longer than 200 ms shows the busy indicator with what it is doing.
        QElapsedTimer reading;
        reading.start();
        bool indicated = false;
        while (browser.busy() && reading.elapsed() < 120000) {
            QTest::qWait(10);
            indicated = indicated || gui.item(QStringLiteral("resultsActivity"), 0) != nullptr;
        }
        QVERIFY(!browser.busy());
        std::printf("reading and analysing took %lld ms; the busy indicator %s\n",
                    qlonglong(reading.elapsed()), indicated ? "showed" : "did not show");
        if (reading.elapsed() > 400) QVERIFY(indicated);
        QVERIFY2(browser.errorMessage().isEmpty(), qPrintable(browser.errorMessage()));
        QCOMPARE(browser.sessionCount(), sessions);
        QCOMPARE(browser.trialCount(), sessions * trialsPerSession);
        QCOMPARE(browser.participants().size(), sessions);
        // The scatter draws an even thinning of the answers, and says how many there are.
        QCOMPARE(browser.answeredTrials(), sessions * trialsPerSession);
        QVERIFY(browser.points().size() <= stagelab::gui::maxScatterPoints);
        QVERIFY(browser.points().size() > stagelab::gui::maxScatterPoints / 2);
        // The random choice has both models (every k-th answer could have kept one alone).
        QSet<QString> models;
        for (const QVariant& point : browser.points())
            models.insert(point.toMap().value(QStringLiteral("model")).toString());
        QCOMPARE(models.size(), 2);
        // The scatter draws them grouped by model off the window's thread: every localization
        // answer once, in the order of the levels present (as the error bars').
        QSet<QString> localizationModels;
        int localizationPoints = 0;
        for (const QVariant& point : browser.points()) {
            const QVariantMap map = point.toMap();
            if (map.value(QStringLiteral("kind")).toString() != QLatin1String("localization"))
                continue;
            ++localizationPoints;
            localizationModels.insert(map.value(QStringLiteral("model")).toString());
        }
        QStringList groupLevels;
        qsizetype grouped = 0;
        for (const QVariant& group : browser.scatterGroups()) {
            groupLevels.append(group.toMap().value(QStringLiteral("level")).toString());
            grouped += group.toMap().value(QStringLiteral("unit")).toList().size() / 4;
        }
        QStringList expectedLevels = localizationModels.values();
        expectedLevels.sort();
        QCOMPARE(groupLevels, expectedLevels);
        QCOMPARE(grouped, qsizetype(localizationPoints));
        QVERIFY(localizationPoints > 0);
        // Every factor the page can colour the scatter by is on every point.
        for (const char* factor : {"model", "device", "stimulus", "participant"})
            QVERIFY2(browser.points().first().toMap().contains(QLatin1String(factor)), factor);
        QTest::qWait(100); // frames of the full page
        step(QStringLiteral("reading and analysing"));

        // Another factor: 200 participants as levels, each with its error bar and comparison.
        watch.setPhase(QStringLiteral("by participant"));
        browser.setConditionFactor(QStringLiteral("participant"));
        QVERIFY(browser.busy());
        QTRY_VERIFY_WITH_TIMEOUT(!browser.busy(), 60000);
        QCOMPARE(browser.levels().size(), sessions);
        QCOMPARE(browser.errorBars().size(), sessions);
        QCOMPARE(browser.scatterGroups().size(), sessions); // regrouped by participant
        QTest::qWait(100);
        step(QStringLiteral("analysing by participant"));

        watch.setPhase(QStringLiteral("by model, front-back confusions"));
        browser.setConditionFactor(QStringLiteral("model"));
        browser.setErrorBarMetric(QStringLiteral("rFBC"));
        QTRY_VERIFY_WITH_TIMEOUT(!browser.busy(), 60000);
        QCOMPARE(browser.levels(), (QStringList{"spherical-head", "stereo-pan"}));
        QCOMPARE(browser.errorBars().size(), 2);
        QCOMPARE(browser.errorBarUnit(), QStringLiteral("%")); // the bars are the new metric's
        for (const QVariant& bar : browser.errorBars()) {
            const double mean = bar.toMap().value(QStringLiteral("mean")).toDouble();
            QVERIFY2(mean >= 0.0 && mean <= 100.0, qPrintable(QString::number(mean)));
        }
        QVERIFY(browser.comparisons()->count() > 0);
        QTest::qWait(100);
        step(QStringLiteral("analysing by model"));

        // An export runs on the worker too, and says when it is written.
        watch.setPhase(QStringLiteral("exporting CSV"));
        QSignalSpy finished(&browser, &ResultsBrowser::exportFinished);
        const QString folder = results.filePath(QStringLiteral("export"));
        QVERIFY(browser.startExport(QStringLiteral("csv"), folder));
        QVERIFY(!browser.startExport(QStringLiteral("json"), folder)); // one job at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(0).toString()));
        const QString csv = finished.first().at(0).toString().section(QLatin1Char(' '), 1);
        // A header, then a line per trial of every session.
        QVERIFY2(lineCount(csv) > sessions * trialsPerSession, qPrintable(csv));
        QTest::qWait(100);
        step(QStringLiteral("exporting CSV"));

        // A failed export is said, not thrown: here into a folder that is a file.
        QFile blocker(results.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(browser.startExport(QStringLiteral("json"), blocker.fileName()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
        QVERIFY(!finished.last().at(1).toBool());
        QVERIFY2(finished.last().at(0).toString().contains(QStringLiteral("not-a-folder")),
                 qPrintable(finished.last().at(0).toString()));
        QVERIFY(activity.count() >= 10); // every job said when it began and when it ended

        for (const QString& line : figures)
            std::printf("results browser, %d sessions x %d trials, %s\n", sessions,
                        trialsPerSession, qPrintable(line));
    }
};

STAGELAB_GUI_TEST_MAIN(TestGuiResults)
#include "tst_gui_results.moc"
