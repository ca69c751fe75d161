// The bridge's controllers as QML sees them, without a window: every property announces its
// change through its own NOTIFY signal (and stays quiet when nothing changed), pages and answers
// are Q_ENUMs, canPlay/canAnswer and the gain range come from C++, tables are list models.
// Sessions play through RtAudio into the test PulseAudio null sink, as the application's do.

#include "common/test_main.h"
#include "gui/bridge.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {
const QString experiment = QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/short-study.json");

/// Makes `participants` simulated sessions of a shipped study (the two-device study by default)
/// in `results`.
bool simulateStudy(const QString& results, int participants,
                   const QString& study = QStringLiteral("device-study.json"))
{
    for (int p = 1; p <= participants; ++p)
        if (QProcess::execute(STAGELAB_CLI,
                              {QStringLiteral("run"),
                               QStringLiteral(STAGELAB_SOURCE_DIR "/stimuli/experiments/") + study,
                               QStringLiteral("--participant"), QStringLiteral("p%1").arg(p),
                               QStringLiteral("--simulate"), QStringLiteral("noise"),
                               QStringLiteral("--listener-seed"), QString::number(p),
                               QStringLiteral("--results"), results}) != 0)
            return false;
    return true;
}
} // namespace

class TestControllers : public QObject
{
    Q_OBJECT

private slots:
    void calibrationThenATrial()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run scripts/test.sh (it starts one)");
        QTemporaryDir results;
        Bridge bridge(experiment, results.path());
        SessionController& session = *bridge.session();
        CalibrationController& calibration = *bridge.calibration();
        QSignalSpy pages(&session, &SessionController::pageChanged);
        QSignalSpy opened(&session, &SessionController::sessionOpened);

        QSignalSpy opening(&session, &SessionController::openingChanged);
        QVERIFY(session.start(experiment, QStringLiteral("p01"), QString(), 256, QString(),
                              results.path()));
        // It opens on a worker thread: the call returns at once, announcing it, and a second
        // start meanwhile is refused.
        QVERIFY(session.opening());
        QCOMPARE(opening.count(), 1);
        QVERIFY(!session.start(experiment, QStringLiteral("p02"), QString(), 256, QString(),
                               results.path()));
        QVERIFY2(opened.wait(10000), qPrintable(session.errorMessage()));
        QVERIFY(!session.opening());
        QCOMPARE(opening.count(), 2);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(session.participant(), QStringLiteral("p01"));
        QCOMPARE(session.page(), SessionController::Page::Calibration);
        QVERIFY(pages.count() >= 1);
        QCOMPARE(calibration.device(), QStringLiteral("Open-back headphones"));
        QVERIFY(!session.canPlay()); // no trial on the calibration page

        // One gain range, from the engine; a change announces itself once, a non-change never.
        QCOMPARE(calibration.minimumGainDb(), -60.0);
        QCOMPARE(calibration.maximumGainDb(), 12.0);
        QSignalSpy gains(&calibration, &CalibrationController::gainDbChanged);
        calibration.setGainDb(-6.0);
        calibration.setGainDb(-6.0);
        QCOMPARE(gains.count(), 1);
        QCOMPARE(calibration.gainDb(), -6.0);
        QSignalSpy errors(&calibration, &CalibrationController::errorMessageChanged);
        calibration.setGainDb(20.0); // louder than the range allows: refused, said why
        QCOMPARE(calibration.gainDb(), -6.0);
        QCOMPARE(errors.count(), 1);
        QVERIFY2(calibration.errorMessage().contains(QStringLiteral("between -60 and +12")),
                 qPrintable(calibration.errorMessage()));

        QSignalSpy reference(&calibration, &CalibrationController::referencePlayingChanged);
        calibration.playReference();
        QVERIFY(calibration.referencePlaying());
        calibration.stopReference();
        QVERIFY(!calibration.referencePlaying());
        QCOMPARE(reference.count(), 2);

        // The left/right check: answered until right (the ear is random).
        QSignalSpy checks(&calibration, &CalibrationController::channelCheckChanged);
        calibration.answerChannelCheck(CalibrationController::Ear::Left); // not asked yet
        QCOMPARE(calibration.channelCheck(), CalibrationController::ChannelCheck::NotAsked);
        QCOMPARE(checks.count(), 0);
        for (int attempt = 0; attempt < 40 && calibration.channelCheck() !=
                                                  CalibrationController::ChannelCheck::Correct;
             ++attempt) {
            calibration.playChannelCheck();
            QCOMPARE(calibration.channelCheck(), CalibrationController::ChannelCheck::Asked);
            calibration.answerChannelCheck(attempt % 2 ? CalibrationController::Ear::Right
                                                       : CalibrationController::Ear::Left);
        }
        QCOMPARE(calibration.channelCheck(), CalibrationController::ChannelCheck::Correct);

        calibration.finishCalibration();
        // The study's first device is put on (its volume as set on the calibration page).
        QCOMPARE(session.page(), SessionController::Page::DeviceSwitch);
        QCOMPARE(session.deviceName(), QStringLiteral("Open-back headphones"));
        calibration.confirmDeviceSwitch();
        QCOMPARE(session.page(), SessionController::Page::Instructions);
        QCOMPARE(session.responseMode(), SessionController::ResponseMode::Azimuth);
        QVERIFY(session.training());
        QVERIFY(!session.canPlay());
        session.beginBlock();
        QCOMPARE(session.page(), SessionController::Page::Trial);

        // A trial: play, then an answer is possible; recorded, the practice shows its truth.
        QSignalSpy playback(&session, &SessionController::playbackChanged);
        QVERIFY(session.canPlay());
        QVERIFY(!session.canAnswer());
        QVERIFY(!session.answerDirection(45.0, NAN)); // not before the sound
        session.play();
        QVERIFY(playback.count() >= 1);
        // A Play pressed while the trial's scene is still being built (the session's first also
        // transforms the HRTF set's spectra, tens of milliseconds) starts when it is ready.
        QTRY_VERIFY_WITH_TIMEOUT(session.played(), 5000);
        // Not while the sound plays: the answer opens (announced) once it was heard.
        QVERIFY(!session.canAnswer());
        QVERIFY(!session.answerDirection(40.0, NAN));
        const int before = playback.count();
        QTRY_VERIFY_WITH_TIMEOUT(session.canAnswer(), 5000);
        QVERIFY(playback.count() > before);
        QCOMPARE(session.replaysLeft(), 1);
        QSignalSpy feedback(&session, &SessionController::feedbackChanged);
        QVERIFY(session.answerDirection(40.0, NAN));
        QCOMPARE(feedback.count(), 1);
        QVERIFY(session.showingFeedback());
        QCOMPARE(session.feedbackTarget().value("azimuthDeg").toDouble(), 45.0);
        QVERIFY(!session.canPlay() && !session.canAnswer());
        session.continueAfterFeedback();
        QVERIFY(!session.showingFeedback());

        session.closeSession();
        QCOMPARE(session.page(), SessionController::Page::Start);
        QVERIFY(!session.sessionActive());
    }

    void resultsBrowserShowsTheSoundstageAnswers()
    {
        // The short soundstage study: distance answers (with ratings) under two models, ratings
        // alone under two, stage maps under three. By model, each answer table has a row per
        // model that has such answers, counting those answers.
        QTemporaryDir results;
        QVERIFY(simulateStudy(results.path(), 2, QStringLiteral("soundstage-study-short.json")));
        ResultsBrowser browser;
        QVERIFY2(browser.open(results.path()), qPrintable(browser.errorMessage()));
        browser.setConditionFactor(QStringLiteral("model"));
        const auto labels = [](MetricTableModel* table) {
            QStringList list;
            for (int r = 0; r < table->count(); ++r)
                list.append(table->data(table->index(r), MetricTableModel::LabelRole).toString());
            return list;
        };
        QCOMPARE(labels(browser.distanceTable()), (QStringList{"hrtf", "hrtf-room"}));
        QCOMPARE(labels(browser.externalizationTable()),
                 (QStringList{"diotic", "hrtf", "hrtf-room"}));
        QCOMPARE(labels(browser.stageMapTable()),
                 (QStringList{"hrtf-room", "speakers-15", "speakers-45"}));
        // 2 participants x 2 devices x one stage map per model x 4 instruments.
        QCOMPARE(browser.stageMapTable()
                     ->data(browser.stageMapTable()->index(0), MetricTableModel::TrialsRole)
                     .toInt(),
                 16);
        QCOMPARE(browser.stageMapTable()->columnTitles().first(),
                 QStringLiteral("Placement error °"));
        // Their measures can be plotted as error bars, a bar per model that has them.
        QVERIFY(browser.errorBarMetrics().contains("stageWidthRatio"));
        QVERIFY(browser.errorBarMetrics().contains("externalizationMean"));
        browser.setErrorBarMetric(QStringLiteral("stageWidthRatio"));
        QVERIFY(browser.busy()); // analysed again on the worker thread
        QTRY_VERIFY(!browser.busy());
        QCOMPARE(browser.errorBarUnit(), QStringLiteral("×"));
        int bars = 0;
        for (const QVariant& bar : browser.errorBars())
            bars += std::isfinite(bar.toMap().value("mean").toDouble());
        QCOMPARE(bars, 3);
    }

    void resultsBrowserLoadsOnAWorkerThread()
    {
        QTemporaryDir results;
        QVERIFY(simulateStudy(results.path(), 3));
        ResultsBrowser browser;
        QSignalSpy loading(&browser, &ResultsBrowser::loadingChanged);
        QSignalSpy sessions(&browser, &ResultsBrowser::sessionCountChanged);
        QVERIFY(browser.load(results.path()));
        // It returns at once, reading meanwhile; a second load is refused until it is done.
        QVERIFY(browser.loading());
        QCOMPARE(sessions.count(), 0);
        QVERIFY(!browser.load(results.path()));
        QVERIFY(!browser.open(results.path()));
        QTRY_VERIFY(!browser.loading());
        QCOMPARE(loading.count(), 2);
        QCOMPARE(sessions.count(), 1);
        QCOMPARE(browser.sessionCount(), 3);
        QCOMPARE(browser.participants(), (QStringList{"p1", "p2", "p3"}));
        QVERIFY(browser.errorMessage().isEmpty());
        // A folder without sessions: said once it is read.
        QTemporaryDir empty;
        QVERIFY(browser.load(empty.path()));
        QTRY_VERIFY(!browser.loading());
        QVERIFY(browser.errorMessage().contains(QStringLiteral("no session files"),
                                                Qt::CaseInsensitive));
        QCOMPARE(browser.sessionCount(), 0);
    }

    void resultsBrowserAnalysesChoicesMadeWhileBusy()
    {
        // A factor chosen while the folder is still being read is the one the tables show once
        // it is read; levels chosen while an analysis runs stay chosen.
        QTemporaryDir results;
        QVERIFY(simulateStudy(results.path(), 3));
        ResultsBrowser browser;
        QVERIFY(browser.load(results.path()));
        browser.setConditionFactor(QStringLiteral("device"));
        QCOMPARE(browser.conditionFactor(), QStringLiteral("device"));
        QTRY_VERIFY(!browser.busy());
        QCOMPARE(browser.levels(), (QStringList{"iem", "open-back"}));
        QCOMPARE(browser.localizationTable()
                     ->data(browser.localizationTable()->index(0), MetricTableModel::LabelRole)
                     .toString(),
                 QStringLiteral("localization · iem"));

        // "B - A [low, high]": its mean difference.
        const auto difference = [&browser] {
            return browser.comparisons()
                ->data(browser.comparisons()->index(0), ComparisonModel::DifferenceRole)
                .toString()
                .section(QLatin1Char(' '), 0, 0)
                .toDouble();
        };
        QCOMPARE(browser.levelA(), QStringLiteral("iem"));
        const double iemToOpenBack = difference();

        browser.setErrorBarMetric(QStringLiteral("rFBC"));
        QVERIFY(browser.busy());
        browser.setLevelA(QStringLiteral("open-back"));
        browser.setLevelB(QStringLiteral("iem"));
        QTRY_VERIFY(!browser.busy());
        QCOMPARE(browser.levelA(), QStringLiteral("open-back"));
        QCOMPARE(browser.levelB(), QStringLiteral("iem"));
        QCOMPARE(browser.errorBarUnit(), QStringLiteral("%"));
        // The comparison is of the levels as chosen: now iem minus open-back (to the text's
        // rounding; 0.05 is half its last digit).
        QVERIFY(!browser.verdicts().isEmpty());
        QVERIFY2(std::abs(difference() + iemToOpenBack) < 0.051,
                 qPrintable(QStringLiteral("%1 then %2").arg(iemToOpenBack).arg(difference())));
        QVERIFY(iemToOpenBack != 0.0);
    }

    void resultsBrowserAnnouncesEachProperty()
    {
        QTemporaryDir results;
        QVERIFY(simulateStudy(results.path(), 3));
        ResultsBrowser browser;
        QSignalSpy folder(&browser, &ResultsBrowser::folderChanged);
        QSignalSpy sessions(&browser, &ResultsBrowser::sessionCountChanged);
        QSignalSpy trials(&browser, &ResultsBrowser::trialCountChanged);
        QSignalSpy participants(&browser, &ResultsBrowser::participantsChanged);
        QSignalSpy levels(&browser, &ResultsBrowser::levelsChanged);
        QSignalSpy factor(&browser, &ResultsBrowser::conditionFactorChanged);
        QSignalSpy errors(&browser, &ResultsBrowser::errorMessageChanged);
        QVERIFY2(browser.open(results.path()), qPrintable(browser.errorMessage()));
        QCOMPARE(folder.count(), 1);
        QCOMPARE(sessions.count(), 1);
        QCOMPARE(trials.count(), 1);
        QCOMPARE(participants.count(), 1);
        QCOMPARE(factor.count(), 0);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(browser.sessionCount(), 3);
        QCOMPARE(browser.participants(), (QStringList{"p1", "p2", "p3"}));
        // By model: both models of the study, as rows of the localization table.
        QCOMPARE(browser.levels(), (QStringList{"hrtf", "stereo-pan"}));
        QCOMPARE(browser.localizationTable()->count(), 2);
        QCOMPARE(browser.localizationTable()->columnTitles().first(),
                 QStringLiteral("Great-circle error °"));

        // Another factor: the levels and tables change, the folder and counts do not.
        QSignalSpy comparisons(browser.comparisons(), &ComparisonModel::countChanged);
        QSignalSpy verdicts(&browser, &ResultsBrowser::verdictsChanged);
        browser.setConditionFactor(QStringLiteral("device"));
        browser.setConditionFactor(QStringLiteral("device"));
        QCOMPARE(factor.count(), 1);
        // The choice changes at once; the tables follow from the worker thread.
        QCOMPARE(browser.conditionFactor(), QStringLiteral("device"));
        QVERIFY(browser.busy());
        QCOMPARE(browser.levels(), (QStringList{"hrtf", "stereo-pan"}));
        QTRY_VERIFY(!browser.busy());
        QCOMPARE(folder.count(), 1);
        QCOMPARE(sessions.count(), 1);
        QCOMPARE(trials.count(), 1);
        QCOMPARE(browser.levels(), (QStringList{"iem", "open-back"}));
        QVERIFY(levels.count() >= 2);
        QVERIFY(comparisons.count() >= 1);
        QVERIFY(browser.comparisons()->count() > 0);
        QVERIFY(verdicts.count() >= 1 && !browser.verdicts().isEmpty());
        const QModelIndex first = browser.comparisons()->index(0);
        QCOMPARE(browser.comparisons()->data(first, ComparisonModel::PairsRole).toString(),
                 QStringLiteral("3"));

        // The error-bar metric: its unit comes from the engine's catalogue.
        QSignalSpy metric(&browser, &ResultsBrowser::errorBarMetricChanged);
        QSignalSpy bars(&browser, &ResultsBrowser::errorBarsChanged);
        QCOMPARE(browser.errorBarMetrics().size(), browser.errorBarMetricTitles().size());
        browser.setErrorBarMetric(QStringLiteral("rFBC"));
        QCOMPARE(metric.count(), 1);
        QTRY_VERIFY(!browser.busy());
        QCOMPARE(bars.count(), 1);
        QCOMPARE(browser.errorBarUnit(), QStringLiteral("%"));
        QCOMPARE(browser.errorBars().size(), 2); // a bar per device
        browser.setErrorBarMetric(QStringLiteral("noSuchMetric"));
        QCOMPARE(metric.count(), 1);
        QCOMPARE(browser.errorBarMetric(), QStringLiteral("rFBC"));

        // A folder without sessions: said once, by errorMessageChanged.
        QTemporaryDir empty;
        QVERIFY(!browser.open(empty.path()));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(browser.errorMessage().contains(QStringLiteral("no session files"),
                                                 Qt::CaseInsensitive),
                 qPrintable(browser.errorMessage()));
        QCOMPARE(browser.sessionCount(), 0);
        QCOMPARE(browser.localizationTable()->count(), 0);
    }

    void startSetupListsAsModels()
    {
        QTemporaryDir results;
        StartSetup setup(experiment, results.path());
        ChoiceModel& profiles = *setup.deviceProfiles();
        QVERIFY(profiles.count() >= 4); // none, and the three shipped profiles
        QCOMPARE(profiles.valueAt(0), QString());
        QVERIFY(profiles.valueAt(1).endsWith(QStringLiteral(".json")));
        QCOMPARE(profiles.valueAt(99), QString());
        QCOMPARE(profiles.data(profiles.index(0), ChoiceModel::IsDefaultRole).toBool(), true);
    }

    void startSetupReadsTheHrtfOnAWorkerThread()
    {
        QTemporaryDir results;
        StartSetup setup(experiment, results.path());
        // The experiment's (the default) set is being read: the page says so meanwhile.
        QVERIFY(setup.hrtfLoading());
        QVERIFY(setup.hrtfName().startsWith(QStringLiteral("Reading ")));
        QTRY_VERIFY(!setup.hrtfLoading());
        QVERIFY2(setup.hrtfName().contains(QStringLiteral("MIT_KEMAR_normal_pinna.sofa")),
                 qPrintable(setup.hrtfName()));
        QVERIFY(setup.hrtfError().isEmpty());
        // A file that is no SOFA set: refused with its name, once read. Two choices in a row:
        // only the newest is shown.
        QFile junk(results.filePath(QStringLiteral("junk.sofa")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not an HDF5 file");
        junk.close();
        QSignalSpy changed(&setup, &StartSetup::hrtfChanged);
        setup.setHrtfPath(QStringLiteral("/nonexistent/first.sofa"));
        setup.setHrtfPath(junk.fileName());
        QVERIFY(setup.hrtfLoading());
        QTRY_VERIFY(!setup.hrtfLoading());
        QVERIFY2(setup.hrtfError().contains(QStringLiteral("junk.sofa")),
                 qPrintable(setup.hrtfError()));
        QVERIFY(!setup.hrtfError().contains(QStringLiteral("first.sofa")));
        QVERIFY(setup.hrtfName().isEmpty());
        QVERIFY(changed.count() >= 3); // each choice, and the result
    }

    void audioOutputsAreAModel()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run scripts/test.sh (it starts one)");
        QTemporaryDir results;
        StartSetup setup(experiment, results.path());
        ChoiceModel& outputs = *setup.audioDevices();
        QSignalSpy count(&outputs, &ChoiceModel::countChanged);
        QVERIFY(outputs.count() >= 1);
        // The default output first, by its id ("pulse:0").
        QVERIFY(outputs.data(outputs.index(0), ChoiceModel::IsDefaultRole).toBool());
        QVERIFY(outputs.valueAt(0).startsWith(QStringLiteral("pulse:")));
        setup.refreshAudioDevices(); // the same outputs: the count does not change
        QCOMPARE(count.count(), 0);
    }
};

STAGELAB_TEST_MAIN(TestControllers)
#include "tst_controllers.moc"
