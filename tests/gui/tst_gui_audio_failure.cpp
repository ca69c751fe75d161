// End to end through the real window: the audio server dies in the middle of a trial. The app
// must say so, keep every answer already given, and - once a device is back and the
// experimenter continues - finish the session with every trial recorded exactly once.

#include "common/test_main.h"
#include "gui_driver.h"

#include "results/session_file.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <set>

namespace {
const QString experiment = QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/short-study.json");
const QString audioServer = QStringLiteral(STAGELAB_SOURCE_DIR "/scripts/test-audio-server.sh");

/// Starts this test's own PulseAudio server in `folder` and points PULSE_SERVER at it.
qint64 startServer(const QString& folder)
{
    QProcess start;
    start.start(QStringLiteral("bash"), {audioServer, QStringLiteral("start"), folder});
    if (!start.waitForFinished(20000) || start.exitCode() != 0) return 0;
    const QString exports = QString::fromUtf8(start.readAllStandardOutput());
    qputenv("PULSE_SERVER",
            exports.section(QStringLiteral("PULSE_SERVER='"), 1).section('\'', 0, 0).toUtf8());
    return exports.section(QStringLiteral("STAGELAB_PULSE_PID="), 1).trimmed().toLongLong();
}

bool answerCurrentTrial(GuiDriver& gui)
{
    const bool width = gui.session().responseMode() == SessionController::ResponseMode::WidthEdges;
    if (!gui.click(QStringLiteral("playButton"))) return false;
    width ? gui.answerWidth(30, -30) : gui.answerLocalization(45);
    if (!gui.click(QStringLiteral("confirmButton"))) return false;
    if (!gui.session().feedbackTarget().isEmpty())
        return gui.click(QStringLiteral("confirmButton"));
    return true;
}

/// Clicks through everything but trials; returns on a trial page (or Done).
bool untilTrial(GuiDriver& gui)
{
    for (int step = 0; step < 20; ++step) {
        const SessionController::Page page = gui.session().page();
        if (page == SessionController::Page::Trial || page == SessionController::Page::Done)
            return true;
        if (page == SessionController::Page::Calibration &&
            !gui.calibrate(0.0, QStringLiteral("70")))
            return false;
        if (page == SessionController::Page::Instructions)
            gui.click(QStringLiteral("beginBlockButton"));
        if (page == SessionController::Page::DeviceSwitch)
            gui.click(QStringLiteral("confirmDeviceButton"));
        if (page == SessionController::Page::Break) gui.click(QStringLiteral("endBreakButton"));
        QTest::qWait(20);
    }
    return false;
}
} // namespace

class TestGuiAudioFailure : public QObject
{
    Q_OBJECT

private slots:
    void serverDiesMidTrial()
    {
        if (QProcess::execute(
                QStringLiteral("sh"),
                {QStringLiteral("-c"), QStringLiteral("command -v pulseaudio >/dev/null")}) != 0)
            STAGELAB_SKIP("needs pulseaudio: run scripts/test.sh (it installs it)");
        QTemporaryDir dir, results;
        const QString serverFolder = dir.filePath(QStringLiteral("pulse"));
        const QByteArray previousServer = qgetenv("PULSE_SERVER");
        const qint64 pid = startServer(serverFolder);
        QVERIFY(pid > 0);

        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.loaded());
        QVERIFY(gui.click(QStringLiteral("participantField")));
        gui.typeText(QStringLiteral("p11"));
        QVERIFY(gui.click(QStringLiteral("startButton")));
        QVERIFY2(gui.waitForPage(SessionController::Page::Calibration),
                 qPrintable(gui.session().errorMessage()));
        QVERIFY(untilTrial(gui));
        QVERIFY2(answerCurrentTrial(gui),
                 qPrintable(QVariant::fromValue(gui.session().page()).toString() + " " +
                            gui.session().audioError())); // practice
        QVERIFY(untilTrial(gui));
        QVERIFY(answerCurrentTrial(gui)); // the first test trial
        QVERIFY(untilTrial(gui));
        const int interruptedTrial = gui.session().trialNumber();

        // The server dies while the next trial plays.
        QVERIFY(gui.click(QStringLiteral("playButton")));
        ::kill(pid_t(pid), SIGKILL);
        QQuickItem* errorText = gui.item(QStringLiteral("audioErrorText"), 5000);
        QVERIFY2(errorText, "no audio error was shown");
        QVERIFY2(errorText->property("text").toString().contains(QStringLiteral("audio device")),
                 qPrintable(errorText->property("text").toString()));
        // Nothing can be answered meanwhile, and what was answered is on disk.
        QVERIFY(!gui.item(QStringLiteral("playButton"), 100) ||
                !gui.item(QStringLiteral("playButton"))->isEnabled());
        const QString sessionFile = gui.session().sessionFile();
        QCOMPARE(int(stagelab::readSessionFile(sessionFile.toStdString(), true).trials.size()), 2);

        // Continuing while the device is still gone fails with the reason, and keys pressed
        // meanwhile (Enter, arrows, R) neither crash the app nor move the session on.
        QVERIFY(gui.click(QStringLiteral("continueAudioButton")));
        QTRY_VERIFY(!gui.session().audioError().isEmpty());
        for (Qt::Key key : {Qt::Key_Return, Qt::Key_R, Qt::Key_Left, Qt::Key_Return})
            gui.key(key);
        QCOMPARE(gui.session().trialNumber(), interruptedTrial);
        QCOMPARE(int(stagelab::readSessionFile(sessionFile.toStdString(), true).trials.size()), 2);

        // The device comes back; the experimenter continues on it.
        QProcess::execute(QStringLiteral("bash"),
                          {audioServer, QStringLiteral("stop"), serverFolder});
        QVERIFY(startServer(serverFolder) > 0);
        QVERIFY(gui.click(QStringLiteral("continueAudioButton")));
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().audioError().isEmpty(), 5000);
        QCOMPARE(gui.session().trialNumber(),
                 interruptedTrial); // the same trial, heard again in full
        QVERIFY(!gui.session().played());

        for (int trial = 0; trial < 20 && gui.session().page() != SessionController::Page::Done;
             ++trial) {
            QVERIFY(untilTrial(gui));
            if (gui.session().page() == SessionController::Page::Trial)
                QVERIFY2(answerCurrentTrial(gui), qPrintable(gui.session().audioError()));
        }
        QCOMPARE(gui.session().page(), SessionController::Page::Done);

        const stagelab::SessionFileContents contents =
            stagelab::readSessionFile(sessionFile.toStdString(), true);
        std::set<int> indices;
        for (const stagelab::TrialRecord& record : contents.trials)
            QVERIFY2(indices.insert(record.trial.index).second, "a trial was recorded twice");
        QCOMPARE(int(indices.size()), gui.session().trialCount());
        bool audioChange = false;
        for (const nlohmann::json& record : contents.otherRecords)
            audioChange = audioChange || record.value("type", "") == "audio-change";
        QVERIFY2(audioChange, "the device change was not recorded in the session file");

        QProcess::execute(QStringLiteral("bash"),
                          {audioServer, QStringLiteral("stop"), serverFolder});
        qputenv("PULSE_SERVER", previousServer);
    }
};

STAGELAB_GUI_TEST_MAIN(TestGuiAudioFailure)
#include "tst_gui_audio_failure.moc"
