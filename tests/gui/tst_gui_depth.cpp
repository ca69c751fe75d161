// Distance and externalization answers through the real window (offscreen), with sound into
// the test null sink: the floor-plan pad by mouse (a click at the ring of 4 m) and by keyboard
// (arrows and +/-), the externalization scale beside it and alone, by click and by number key;
// every answer as recorded in the session file.

#include "common/test_main.h"
#include "gui_driver.h"
#include "results/session_file.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {
const QString experiment = QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/depth-study.json");

/// Plays the trial and waits until an answer can be confirmed.
bool playAndListen(GuiDriver& gui)
{
    if (!gui.click(QStringLiteral("playButton"))) return false;
    return QTest::qWaitFor([&] { return gui.session().canAnswer(); }, 5000);
}

std::vector<stagelab::TrialRecord> records(GuiDriver& gui)
{
    return stagelab::readSessionFile(gui.session().sessionFile().toStdString(), true).trials;
}
} // namespace

class TestGuiDepth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run scripts/test.sh (it starts one)");
    }

    void distanceAndExternalizationByMouseAndKeyboard()
    {
        QTemporaryDir results;
        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.loaded());
        QVERIFY(gui.click(QStringLiteral("participantField")));
        gui.typeText(QStringLiteral("p01"));
        QVERIFY(gui.click(QStringLiteral("startButton")));
        QVERIFY(gui.waitForPage(SessionController::Page::Calibration));
        QVERIFY(gui.reachTrial());

        // Trial 1, by mouse: the floor plan at azimuth 60 on the 4-m ring, then scale line 3.
        // The pad's ring is min(w, h) / 2 - 64 px out; 4 m lies at 0.2 + 0.8 * 4/6 of it (the
        // documented scale: 0.25 m at 20 %, 16 m at the ring, log spacing).
        QCOMPARE(gui.session().responseMode(), SessionController::ResponseMode::AzimuthDistance);
        QVERIFY(gui.session().askExternalization());
        QVERIFY(playAndListen(gui));
        QQuickItem* pad = gui.item(QStringLiteral("floorPlanPad"));
        QVERIFY(pad);
        const double ring = std::min(pad->width(), pad->height()) / 2 - 64;
        gui.clickAt(pad, GuiDriver::padPoint(pad, 60.0, ring * (0.2 + 0.8 * 4.0 / 6.0)));
        QVERIFY(!gui.item(QStringLiteral("confirmButton"))->isEnabled()); // the rating is missing
        QVERIFY(gui.click(QStringLiteral("rating3")));
        QVERIFY(gui.click(QStringLiteral("confirmButton")));
        QTRY_VERIFY(gui.session().showingFeedback()); // a practice answer shows the truth
        QVERIFY(gui.click(QStringLiteral("confirmButton")));

        // Trial 2, by keyboard: 1 rates it (from the pad); + places the answer in front at 2 m,
        // four Up arrows make 4 m (the pad's arrows, not the scale's: the rating stays 1), Left
        // twice turns it to 10 deg; Enter confirms.
        QTRY_COMPARE(gui.session().trialNumber(), 2);
        QVERIFY(playAndListen(gui));
        gui.item(QStringLiteral("floorPlanPad"))->forceActiveFocus();
        gui.key(Qt::Key_1);
        gui.key(Qt::Key_Plus);
        for (int i = 0; i < 4; ++i)
            gui.key(Qt::Key_Up);
        gui.key(Qt::Key_Left);
        gui.key(Qt::Key_Left);
        gui.key(Qt::Key_Return);
        QTRY_VERIFY(gui.session().showingFeedback());
        gui.key(Qt::Key_Return);

        // Trials 3 and 4: the scale alone, by click and by number key.
        QVERIFY(gui.reachTrial());
        QCOMPARE(gui.session().responseMode(), SessionController::ResponseMode::Externalization);
        QVERIFY(playAndListen(gui));
        QVERIFY(gui.click(QStringLiteral("rating0")));
        QVERIFY(gui.click(QStringLiteral("confirmButton")));
        QTRY_COMPARE(gui.session().trialNumber(), 4);
        QVERIFY(playAndListen(gui));
        gui.key(Qt::Key_4);
        gui.key(Qt::Key_Return);
        QVERIFY(gui.waitForPage(SessionController::Page::Done));

        const auto trials = records(gui);
        QCOMPARE(trials.size(), size_t(4));
        // 0.5 px at that radius is under 2 % of the distance; the pad rounds to 1 %.
        QVERIFY(std::abs(*trials[0].response.azimuthDeg - 60.0) < 0.5);
        QVERIFY2(std::abs(*trials[0].response.distanceM / 4.0 - 1.0) < 0.03,
                 qPrintable(QString::number(*trials[0].response.distanceM)));
        QCOMPARE(*trials[0].response.externalization, 3);
        QCOMPARE(*trials[1].response.azimuthDeg, 10.0);
        QVERIFY(std::abs(*trials[1].response.distanceM - 4.0) < 1e-9);
        QCOMPARE(*trials[1].response.externalization, 1);
        QVERIFY(!trials[2].response.azimuthDeg);
        QCOMPARE(*trials[2].response.externalization, 0);
        QCOMPARE(*trials[3].response.externalization, 4);
    }
};

STAGELAB_GUI_TEST_MAIN(TestGuiDepth)
#include "tst_gui_depth.moc"
