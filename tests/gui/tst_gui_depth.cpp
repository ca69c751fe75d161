// Distance, externalization and stage-map answers through the real window (offscreen), with
// sound into the test null sink: the floor-plan pad by mouse (a click at the ring of 4 m) and by
// keyboard (arrows and +/-), the externalization scale beside it and alone, by click and by
// number key, and a stage map's tokens dragged and keyed onto the plan (an instrument heard
// alone by hovering and by S); every answer as recorded in the session file.

#include "common/test_main.h"
#include "gui_driver.h"
#include "results/session_file.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numbers>
#include <tuple>

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

    void distanceExternalizationAndStageMapByMouseAndKeyboard()
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

        // Trial 5, a stage map by mouse: tokens dragged from the tray onto the plan; it cannot
        // be confirmed until all three stand there; resting on a token plays it alone.
        QVERIFY(gui.reachTrial());
        QCOMPARE(gui.session().responseMode(), SessionController::ResponseMode::StageMap);
        QCOMPARE(gui.session().instruments(), QStringList({"noise", "violin", "bass"}));
        QVERIFY(playAndListen(gui));
        QTRY_VERIFY(!gui.session().playing());
        QQuickItem* stage = gui.item(QStringLiteral("stageMapPad"));
        QVERIFY(stage);
        // The plan is the pad's top square (the tray below it); its ring as the floor plan's.
        const double planSize = stage->property("planSize").toDouble();
        const double stageRing = planSize / 2 - 64;
        const auto stagePoint = [&](double azimuthDeg, double metres) {
            const double a = azimuthDeg * std::numbers::pi / 180.0;
            const double r = stageRing * (0.2 + 0.8 * std::log2(metres / 0.25) / 6.0);
            return QPointF(stage->width() / 2 - r * std::sin(a), planSize / 2 - r * std::cos(a));
        };
        const auto dragToken = [&](int index, QPointF to) {
            QQuickItem* token = gui.item(QStringLiteral("token%1").arg(index));
            QVERIFY(token);
            const QPointF from = token->mapToItem(stage, {token->width() / 2, token->height() / 2});
            QList<QPointF> path;
            for (int step = 0; step <= 12; ++step)
                path.append(from + (to - from) * (step / 12.0));
            gui.drag(stage, path);
        };
        dragToken(0, stagePoint(30, 2));
        dragToken(1, stagePoint(-45, 1));
        QVERIFY(!gui.item(QStringLiteral("confirmButton"))->isEnabled()); // one still in the tray
        QQuickItem* bass = gui.item(QStringLiteral("token2"));
        QTest::mouseMove(gui.window(), bass->mapToScene({bass->width() / 2, 10}).toPoint());
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().playing(), 3000); // the bass alone
        QTRY_VERIFY(!gui.session().playing());
        dragToken(2, stagePoint(0, 4));
        QVERIFY(gui.click(QStringLiteral("confirmButton")));
        QTRY_VERIFY(gui.session().showingFeedback());
        QVERIFY(gui.item(QStringLiteral("feedbackPlace2"))); // the true places, numbered
        // Beside the listener's own, still where they were put.
        QCOMPARE(gui.item(QStringLiteral("stageMapPad"))->property("placedCount").toInt(), 3);
        QVERIFY(gui.click(QStringLiteral("confirmButton")));

        // Trial 6 by keyboard: 1 + puts the first in front at 2 m, Left twice turns it to 10
        // deg; 2 Right Right Right: -10 deg, four - make 1 m; 3 + then four + make 4 m; S plays
        // the third alone; Enter confirms, Enter continues.
        QTRY_COMPARE(gui.session().trialNumber(), 6);
        QVERIFY(playAndListen(gui));
        QTRY_VERIFY(!gui.session().playing());
        gui.item(QStringLiteral("stageMapPad"))->forceActiveFocus();
        for (const Qt::Key key :
             {Qt::Key_1, Qt::Key_Plus, Qt::Key_Left, Qt::Key_Left, Qt::Key_2, Qt::Key_Right,
              Qt::Key_Right, Qt::Key_Right, Qt::Key_Minus, Qt::Key_Minus, Qt::Key_Minus,
              Qt::Key_Minus, Qt::Key_3, Qt::Key_Plus, Qt::Key_Plus, Qt::Key_Plus, Qt::Key_Plus,
              Qt::Key_Plus, Qt::Key_S})
            gui.key(key);
        QTRY_VERIFY_WITH_TIMEOUT(gui.session().playing(), 3000);
        gui.key(Qt::Key_Return);
        QTRY_VERIFY(gui.session().showingFeedback());
        gui.key(Qt::Key_Return);
        QVERIFY(gui.waitForPage(SessionController::Page::Done));

        const auto trials = records(gui);
        QCOMPARE(trials.size(), size_t(6));
        // Dropped where the pointer let go: 0.5 px is under 0.5 deg and 2 % of distance there;
        // the pad rounds to 0.1 deg and 1 %.
        const std::vector<std::tuple<std::string, double, double>> dropped = {
            {"noise", 30, 2}, {"violin", -45, 1}, {"bass", 0, 4}};
        QCOMPARE(trials[4].response.placements.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            const auto& placed = trials[4].response.placements[i];
            QCOMPARE(placed.stimulus, std::get<0>(dropped[i]));
            QVERIFY2(std::abs(placed.azimuthDeg - std::get<1>(dropped[i])) < 0.6,
                     qPrintable(QString::number(placed.azimuthDeg)));
            QVERIFY2(std::abs(placed.distanceM / std::get<2>(dropped[i]) - 1) < 0.03,
                     qPrintable(QString::number(placed.distanceM)));
        }
        QCOMPARE(trials[4].solos, 1);
        // Keyboard steps are exact: 5 deg, a quarter doubling.
        const std::vector<std::pair<double, double>> keyed = {{10, 2}, {-10, 1}, {0, 4}};
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(trials[5].response.placements[i].azimuthDeg, keyed[i].first);
            QVERIFY(std::abs(trials[5].response.placements[i].distanceM - keyed[i].second) < 1e-9);
        }
        QCOMPARE(trials[5].solos, 1);
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
