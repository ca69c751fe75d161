// What a participant meets, through the real window (offscreen) with sound into the test null
// sink - the defects of issue 10, each as it was found:
//  - Play never freezes the window: the longest interval between frames after Play is
//    measured (and printed) on the costliest scenes, wide guitars; the scene of every trial
//    exists before its page is shown.
//  - An answer cannot be confirmed before the sound was heard: not by the button, Enter or the
//    keypad's Enter; Enter means Confirm even with the Play button focused, and a Play button
//    that runs out of replays hands the keyboard back to the pad.
//  - With an interrupted session, Enter resumes it and a new start asks first; the Done page
//    does not repeat "resuming ...".
//  - The listener reads the experiment's instructions, never its experimenter's description.
//  - Every page keeps the theme's 4.5:1 contrast, the drop-down's highlighted entry included.

#include "common/test_main.h"
#include "contrast.h"
#include "frame_watch.h"
#include "gui_driver.h"

#include "results/session_file.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

namespace {
const QString experiment =
    QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/participant-study.json");

int answeredTrials(GuiDriver& gui)
{
    return int(
        stagelab::readSessionFile(gui.session().sessionFile().toStdString(), true).trials.size());
}

/// Text of every visible text item on screen, joined (what the participant can read).
QString visibleText(QQuickItem* item)
{
    if (!item->isVisible()) return {};
    QString all;
    if (item->inherits("QQuickText")) all += item->property("text").toString() + QLatin1Char('\n');
    for (QQuickItem* child : item->childItems())
        all += visibleText(child);
    return all;
}

/// Every text on screen at 4.5:1 or better against its surface (the offenders listed if not).
#define CHECK_CONTRAST(gui)                                                                        \
    do {                                                                                           \
        const QStringList low = lowContrastTexts((gui).window());                                  \
        QVERIFY2(low.isEmpty(), qPrintable(low.join(QStringLiteral("; "))));                       \
    } while (false)

/// Where the named item sits in the window, vertically.
double sceneY(GuiDriver& gui, const char* objectName)
{
    QQuickItem* item = gui.item(QLatin1String(objectName));
    return item ? item->mapToScene(QPointF(0, 0)).y() : -1.0;
}

bool startSession(GuiDriver& gui, const QString& participant)
{
    if (!gui.click(QStringLiteral("participantField"))) return false;
    gui.typeText(participant);
    return gui.click(QStringLiteral("startButton")) &&
           gui.waitForPage(SessionController::Page::Calibration);
}

/// Answers the trial on screen by mouse once its sound was heard.
bool answerByMouse(GuiDriver& gui)
{
    const int trial = gui.session().trialNumber();
    const bool feedback = gui.session().feedback();
    if (!gui.session().played() && !gui.click(QStringLiteral("playButton"))) return false;
    if (gui.session().responseMode() == SessionController::ResponseMode::WidthEdges)
        gui.answerWidth(25.0, -25.0);
    else
        gui.answerLocalization(40.0);
    if (!gui.click(QStringLiteral("confirmButton"))) return false;
    if (feedback && !gui.click(QStringLiteral("confirmButton"))) return false;
    return QTest::qWaitFor(
        [&] {
            return gui.session().trialNumber() != trial ||
                   gui.session().page() != SessionController::Page::Trial;
        },
        2000);
}
} // namespace

class TestGuiParticipant : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run scripts/test.sh (it starts one)");
    }

    void aWholeSessionWithoutStumbling()
    {
        QTemporaryDir results;
        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.loaded());

        // The scene of each trial must exist when its page (or, after practice feedback, its
        // trial) appears.
        QStringList unprepared;
        auto check = [&] {
            if (gui.session().page() == SessionController::Page::Trial &&
                !gui.session().showingFeedback() && !gui.session().played() &&
                !gui.session().currentScenePrepared())
                unprepared.append(QString::number(gui.session().trialNumber()));
        };
        QObject::connect(&gui.session(), &SessionController::pageChanged, check);
        QObject::connect(&gui.session(), &SessionController::feedbackChanged, check);
        QObject::connect(&gui.session(), &SessionController::trialChanged, check); // same page

        QVERIFY(startSession(gui, QStringLiteral("p01")));
        QVERIFY(gui.reachTrial());
        // The listener's words, not the experimenter's.
        QVERIFY(answerByMouse(gui)); // practice
        QCOMPARE(gui.session().page(), SessionController::Page::Instructions);
        const QString page = visibleText(gui.window()->contentItem());
        QVERIFY2(page.contains(QStringLiteral("Listen to each sound and answer what you hear.")),
                 qPrintable(page));
        QVERIFY(page.contains(QStringLiteral("Mark the left and right edges")));
        QVERIFY2(!page.contains(QStringLiteral("EXPERIMENTER NOTE")), qPrintable(page));
        QVERIFY(gui.reachTrial());

        qint64 worstFrameMs = 0, worstStallMs = 0;
        while (gui.session().page() != SessionController::Page::Done) {
            QVERIFY(gui.reachTrial()); // past the next block's instructions
            const int before = answeredTrials(gui);
            // The buttons stay where they are while hints come and go (they moved by 27 px).
            const double confirmY = sceneY(gui, "confirmButton");
            // From Play on (the gap from Play to the first frame counts too), for 0.7 s.
            FrameWatch watch(gui.window());
            QVERIFY(gui.click(QStringLiteral("playButton")));
            // At once, every way there is to confirm: all refused while it plays.
            gui.session().responseMode() == SessionController::ResponseMode::WidthEdges
                ? gui.answerWidth(25.0, -25.0)
                : gui.answerLocalization(40.0);
            gui.clickAt(gui.item(QStringLiteral("confirmButton")), {20, 10});
            gui.key(Qt::Key_Return);
            gui.key(Qt::Key_Enter, Qt::KeypadModifier);
            QTest::qWait(700);
            std::printf("trial %d after Play: %s\n", gui.session().trialNumber(),
                        qPrintable(watch.report()));
            worstFrameMs = std::max(worstFrameMs, watch.longestFrameMs());
            worstStallMs = std::max(worstStallMs, watch.longestStallMs());
            QCOMPARE(answeredTrials(gui), before); // 0.7 s into a 1-s sound: nothing taken
            QCOMPARE(sceneY(gui, "confirmButton"), confirmY);
            // Enter with the keyboard on the Play button confirms; it does not replay.
            QTRY_VERIFY(gui.session().canAnswer());
            QCOMPARE(sceneY(gui, "confirmButton"), confirmY);
            QVERIFY(gui.tabTo(QStringLiteral("playButton")));
            gui.key(Qt::Key_Return);
            QTRY_COMPARE(answeredTrials(gui), before + 1);
            const auto trials =
                stagelab::readSessionFile(gui.session().sessionFile().toStdString(), true).trials;
            QCOMPARE(trials.back().replays, 0);
            QVERIFY(trials.back().responseTimeS >= 1.0); // the whole 1-s sound was heard
            QTest::qWait(20);
        }
        // The builds run beside the sound at a lower priority: what the audio thread noticed.
        int late = 0;
        for (const auto& record :
             stagelab::readSessionFile(gui.session().sessionFile().toStdString(), true).trials)
            late += record.lateCallbacks;
        std::printf("worst: frame interval %lld ms, event-loop stall %lld ms; late audio "
                    "callbacks in the session: %d\n",
                    worstFrameMs, worstStallMs, late);
        // Building a 90-deg guitar on the GUI thread froze it for 6-10 s; a frame at 60 Hz
        // takes 17 ms. 300 ms leaves room for a loaded two-core machine and software
        // rendering, and is still far below a freeze anyone would notice as one.
        QVERIFY2(worstFrameMs < 300, qPrintable(QString::number(worstFrameMs)));
        QVERIFY2(worstStallMs < 300, qPrintable(QString::number(worstStallMs)));
        QVERIFY2(unprepared.isEmpty(),
                 qPrintable("scenes not ready when shown: trials " + unprepared.join(", ")));
        QCOMPARE(gui.session().page(), SessionController::Page::Done);
    }

    void aPlayButtonOutOfReplaysHandsTheKeyboardBack()
    {
        QTemporaryDir results;
        GuiDriver gui(experiment, results.path());
        QVERIFY(startSession(gui, QStringLiteral("p02")));
        QVERIFY(gui.reachTrial());
        QVERIFY(gui.tabTo(QStringLiteral("playButton")));
        gui.key(Qt::Key_Space); // play
        QTRY_VERIFY(gui.session().played());
        gui.key(Qt::Key_Space); // the one replay
        QTRY_COMPARE(gui.session().replaysLeft(), 0);
        QTRY_VERIFY(!gui.item(QStringLiteral("playButton"))->isEnabled());
        QTest::qWait(50); // the pad takes the keyboard back on the next turn of the event loop
        QQuickItem* focused = gui.window()->activeFocusItem();
        QVERIFY(focused);
        QCOMPARE(focused->objectName(), QStringLiteral("localizationPad"));
    }

    void resumingIsTheDefaultAndDoneSaysNothingOfIt()
    {
        QTemporaryDir results;
        QString sessionFile;
        {
            GuiDriver gui(experiment, results.path());
            QVERIFY(startSession(gui, QStringLiteral("p03")));
            QVERIFY(gui.reachTrial());
            QVERIFY(answerByMouse(gui));
            sessionFile = gui.session().sessionFile();
            gui.session().closeSession();
        }
        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.click(QStringLiteral("participantField")));
        gui.typeText(QStringLiteral("p03"));
        QVERIFY(gui.item(QStringLiteral("resumeButton")));
        // Another experiment chosen: its session is offered, but neither the default nor a
        // reason to ask before starting.
        const QString chosen = gui.bridge().setup()->experimentPath();
        gui.bridge().setup()->setExperimentPath(
            QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/short-study.json"));
        QTRY_VERIFY(!gui.item(QStringLiteral("resumeButton"))->property("primary").toBool());
        QVERIFY(gui.item(QStringLiteral("startButton"))->property("primary").toBool());
        gui.bridge().setup()->setExperimentPath(chosen);
        QTRY_VERIFY(gui.item(QStringLiteral("resumeButton"))->property("primary").toBool());
        QVERIFY(!gui.item(QStringLiteral("startButton"))->property("primary").toBool());
        // The Start button asks first; going back keeps the Start page.
        QVERIFY(gui.click(QStringLiteral("startButton")));
        QVERIFY(gui.popupOpen(QStringLiteral("startAnewDialog")));
        CHECK_CONTRAST(gui);
        QVERIFY(gui.click(QStringLiteral("startAnewDialogReject")));
        QTRY_VERIFY(!gui.popupOpen(QStringLiteral("startAnewDialog"), 0));
        QCOMPARE(gui.session().page(), SessionController::Page::Start);
        // Enter in the participant field resumes.
        QVERIFY(gui.click(QStringLiteral("participantField")));
        gui.key(Qt::Key_Return);
        QVERIFY(gui.waitForPage(SessionController::Page::Calibration));
        QCOMPARE(gui.session().sessionFile(), sessionFile);
        // The experimenter sees what the resume found; the contrast holds on this page too.
        QVERIFY(gui.item(QStringLiteral("sessionNotices")));
        QVERIFY(gui.item(QStringLiteral("sessionNotices"))
                    ->property("text")
                    .toString()
                    .contains(QStringLiteral("resuming")));
        CHECK_CONTRAST(gui);
        while (gui.session().page() != SessionController::Page::Done) {
            QVERIFY(gui.reachTrial());
            QVERIFY(answerByMouse(gui));
        }
        QVERIFY(gui.item(QStringLiteral("doneTitle")));
        const QString done = visibleText(gui.window()->contentItem());
        QVERIFY2(!done.contains(QStringLiteral("resuming")), qPrintable(done));
        QVERIFY(gui.session().doneNotices().isEmpty());
        QCOMPARE(answeredTrials(gui), gui.session().trialCount());
        // Plain words for the listener: no analysis jargon on the Done page.
        for (const char* jargon : {"accL", "precL", "QE", "querr", "hrtf"})
            QVERIFY2(!done.contains(QLatin1String(jargon)), jargon);
    }

    void everyPageKeepsTheContrast()
    {
        QTemporaryDir results;
        GuiDriver gui(experiment, results.path());
        QVERIFY(gui.click(QStringLiteral("participantField")));
        gui.typeText(QStringLiteral("p04"));
        CHECK_CONTRAST(gui);
        // The drop-down open, its first entry highlighted (as under the pointer).
        QQuickItem* box = gui.item(QStringLiteral("deviceBox"));
        QVERIFY(box);
        gui.clickAt(box, {box->width() / 2, box->height() / 2});
        QTRY_VERIFY(box->property("popup").value<QObject*>()->property("opened").toBool());
        gui.key(Qt::Key_Down); // highlights an entry, as the pointer would
        QTRY_VERIFY(box->property("highlightedIndex").toInt() >= 0);
        QVERIFY(gui.item(QStringLiteral("comboEntryText")));
        CHECK_CONTRAST(gui);
        gui.key(Qt::Key_Escape);
        QTest::qWait(100);

        QVERIFY(gui.click(QStringLiteral("startButton")));
        QVERIFY(gui.waitForPage(SessionController::Page::Calibration));
        CHECK_CONTRAST(gui);
        // Continue says why it waits, and does not move when the check's verdict appears.
        QVERIFY(!gui.item(QStringLiteral("finishCalibrationButton"))->isEnabled());
        QVERIFY(!gui.item(QStringLiteral("finishCalibrationReason"))
                     ->property("text")
                     .toString()
                     .isEmpty());
        const double continueY = sceneY(gui, "finishCalibrationButton");
        QVERIFY(gui.passChannelCheck());
        QCOMPARE(sceneY(gui, "finishCalibrationButton"), continueY);
        CHECK_CONTRAST(gui); // the verdict, too
        QVERIFY(gui.reachTrial());
        CHECK_CONTRAST(gui);
        QVERIFY(gui.click(QStringLiteral("playButton")));
        gui.answerLocalization(30.0);
        QVERIFY(gui.click(QStringLiteral("confirmButton")));
        QVERIFY(gui.item(QStringLiteral("feedbackMarker")));
        CHECK_CONTRAST(gui); // the practice feedback
        QVERIFY(gui.click(QStringLiteral("confirmButton")));
        QVERIFY(gui.waitForPage(SessionController::Page::Instructions));
        CHECK_CONTRAST(gui);
        gui.window()->close(); // the stop dialog
        QVERIFY(gui.popupOpen(QStringLiteral("closeDialog")));
        CHECK_CONTRAST(gui);
    }
};

STAGELAB_GUI_TEST_MAIN(TestGuiParticipant)
#include "tst_gui_participant.moc"
