// Head tracking in the real window (offscreen), with sound into the test null sink and a head
// trace replayed by `stagelab-cli tracker-replay` over UDP, as a tracker would send it: the
// Start page's tracker panel receives it; two head-pointing trials wait until the head faces
// front, play, and are answered (Enter, and the tracker's /button) where the nose points; a
// head-tracked trial whose tracker falls silent shows "tracker lost", keeps every answer, and
// plays again from its start once the tracker is back.

#include "common/test_main.h"
#include "gui_driver.h"
#include "results/session_file.h"
#include "tracking/head_trace.h"
#include "tracking/osc_head_tracker.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {
const QString experiment = QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/head-tracking.json");

/// Alternating 2.5 s facing front and 2.5 s turned to a target, 50 orientations a second, for
/// 40 s: the first turn to (30, 10), the second to (-45, -5), then again.
std::vector<stagelab::TimedOrientation> pointingTrace()
{
    std::vector<stagelab::TimedOrientation> trace;
    const stagelab::HeadOrientation targets[2] = {{30.0, 10.0, 3.0}, {-45.0, -5.0, 0.0}};
    for (int i = 0; i <= 40 * 50; ++i) {
        const double t = i / 50.0;
        const int phase = int(t / 2.5);
        trace.push_back(
            {t, phase % 2 == 0 ? stagelab::HeadOrientation{} : targets[(phase / 2) % 2]});
    }
    return trace;
}

bool near(double a, double b)
{
    return std::abs(a - b) < 0.01; // the trace file's 0.01 deg
}
} // namespace

class TestGuiHeadTracking : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run scripts/test.sh (it starts one)");
    }

    void headPointingAndATrackerLost()
    {
        QTemporaryDir results;
        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.loaded());
        // Any free port (0), as a test must; the panel's field and button take a fixed one.
        QVERIFY(gui.bridge().tracker()->listen(0));
        const int port = gui.bridge().tracker()->port();
        HeadTrackerController& panel = *gui.bridge().tracker();
        {
            // The panel's axis settings and recentring: a tracker whose yaw is the other way
            // round is inverted by a click; Ctrl+R makes the current yaw straight ahead.
            stagelab::OscHeadSender sender("127.0.0.1", std::to_string(port),
                                           stagelab::OscHeadFormat::Ypr);
            const auto yawAfterSending = [&](double yaw, double expected) {
                return QTest::qWaitFor(
                    [&] {
                        sender.send({yaw, 0.0, 0.0});
                        QTest::qWait(30);
                        return std::abs(panel.yawDeg() - expected) < 1e-3;
                    },
                    3000);
            };
            QVERIFY(yawAfterSending(20.0, 20.0));
            QVERIFY(gui.click(QStringLiteral("invertYawBox")));
            QVERIFY(panel.invertYaw());
            QCOMPARE(panel.port(), port); // listening again, on the same port
            QVERIFY(yawAfterSending(20.0, -20.0));
            QVERIFY(gui.click(QStringLiteral("invertYawBox")));
            QVERIFY(yawAfterSending(20.0, 20.0));
            gui.key(Qt::Key_R, Qt::ControlModifier);
            QVERIFY(yawAfterSending(20.0, 0.0));
            QVERIFY(yawAfterSending(50.0, 30.0)); // 30 deg left of the new straight ahead
        }
        QVERIFY(panel.listen(port)); // afresh: no offset
        QFile traceFile(results.filePath("pointing.csv"));
        QVERIFY(traceFile.open(QIODevice::WriteOnly));
        traceFile.write(QByteArray::fromStdString(stagelab::headTraceText(pointingTrace())));
        traceFile.close();
        QProcess replay;
        replay.start(STAGELAB_CLI, {"tracker-replay", traceFile.fileName(), "--to",
                                    QStringLiteral("127.0.0.1:%1").arg(port)});
        QVERIFY(replay.waitForStarted());
        const auto stopReplay = qScopeGuard([&] {
            replay.kill();
            replay.waitForFinished();
        });
        QQuickItem* status = gui.item(QStringLiteral("trackerStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->property("text").toString().startsWith("Receiving"), 5000);

        QVERIFY(gui.click(QStringLiteral("participantField")));
        gui.typeText(QStringLiteral("p01"));
        QVERIFY(gui.click(QStringLiteral("startButton")));
        QVERIFY(gui.waitForPage(SessionController::Page::Calibration));
        QVERIFY(gui.item(QStringLiteral("calibrationTrackerPanel"))); // shown: a tracker is on
        QVERIFY(gui.reachTrial());
        QCOMPARE(gui.session().responseMode(), SessionController::ResponseMode::HeadPointing);
        QVERIFY(gui.item(QStringLiteral("headPointingPanel")));

        // Two head-pointing trials: Play opens only facing front; the answer is the nose,
        // wherever the trace has turned it (one of its two targets).
        double answers[2][2] = {};
        for (int trial = 0; trial < 2; ++trial) {
            QTRY_VERIFY_WITH_TIMEOUT(!gui.session().facingFront(), 8000); // turned away
            QVERIFY(!gui.session().canPlay());
            QTRY_VERIFY_WITH_TIMEOUT(gui.session().facingFront(), 8000); // back to the front
            QVERIFY(gui.session().canPlay());
            QVERIFY(gui.click(QStringLiteral("playButton")));
            QTRY_VERIFY_WITH_TIMEOUT(gui.session().canAnswer(), 3000);
            HeadTrackerController& tracker = *gui.bridge().tracker();
            QTRY_VERIFY_WITH_TIMEOUT(std::abs(tracker.yawDeg()) > 20.0, 8000);
            QTest::qWait(100); // the gauge's poll and the session read the same held pose
            answers[trial][0] = tracker.yawDeg();
            answers[trial][1] = tracker.pitchDeg();
            QVERIFY(near(answers[trial][0], 30.0) || near(answers[trial][0], -45.0));
            if (trial == 0) {
                gui.key(Qt::Key_Return);
            } else { // the tracker's own button confirms
                stagelab::OscHeadSender button("127.0.0.1", std::to_string(port),
                                               stagelab::OscHeadFormat::Ypr);
                button.sendButton();
            }
            QTRY_COMPARE(gui.session().trialNumber(), trial + 2);
        }
        // The head-tracked trial plays, and its tracker falls silent: the sound stops, the
        // panel says so, nothing is answered; it comes back and the trial starts again.
        QVERIFY(gui.reachTrial());
        QVERIFY(gui.session().trackerProblem().isEmpty());
        QVERIFY(gui.click(QStringLiteral("playButton")));
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().played(), 5000); // once its scene is built
        replay.kill();
        replay.waitForFinished();
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().trackerProblem().startsWith("head tracker lost"),
                                 3000);
        QVERIFY(gui.item(QStringLiteral("trackerLostPanel")));
        QVERIFY(!gui.session().playing());
        QVERIFY(!gui.session().canPlay());
        QVERIFY(!gui.session().canAnswer());
        // Back: a tracker sends all the time (50 Hz here), and the trial plays again.
        stagelab::OscHeadSender sender("127.0.0.1", std::to_string(port),
                                       stagelab::OscHeadFormat::Ypr);
        QTimer tracking;
        tracking.setInterval(20);
        QObject::connect(&tracking, &QTimer::timeout, [&] { sender.send({5.0, 0.0, 0.0}); });
        tracking.start();
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().trackerProblem().isEmpty(), 3000);
        QVERIFY(!gui.session().played()); // started again: Play, not Replay
        QVERIFY(gui.session().canPlay());
        QVERIFY(gui.click(QStringLiteral("playButton")));
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().canAnswer(), 3000);
        QVERIFY(gui.answerLocalization(60.0));
        QVERIFY(gui.click(QStringLiteral("confirmButton")));
        QTRY_COMPARE(gui.session().page(), SessionController::Page::Done);

        const auto records =
            stagelab::readSessionFile(gui.session().sessionFile().toStdString(), true).trials;
        QCOMPARE(records.size(), size_t(3));
        for (int trial = 0; trial < 2; ++trial) {
            QVERIFY(near(*records[size_t(trial)].response.azimuthDeg, answers[trial][0]));
            QVERIFY(near(*records[size_t(trial)].response.elevationDeg, answers[trial][1]));
            QVERIFY(records[size_t(trial)].head->sampleCount > 0);
            // The trace holds the turn from the front to the target.
            QVERIFY(std::abs(records[size_t(trial)].head->yawRangeDeg -
                             std::abs(answers[trial][0])) < 0.01);
        }
        QVERIFY(records[2].trial.headTracking);
        QCOMPARE(records[2].replays, 0); // heard again from its start, not as a replay
    }
};

STAGELAB_GUI_TEST_MAIN(TestGuiHeadTracking)
#include "tst_gui_head_tracking.moc"
