// A trial as a listener meets it, through the real audio device (the test PulseAudio null
// sink): the answer waits until the sound was heard, on the engine's side, whatever the GUI
// does; the next trial's scene is built in the background before it is needed; a replay of
// a sound already heard does not close the answer again; and the session header names the
// HRTF that renders the trials.

#include "common/test_main.h"
#include "results/session_file.h"
#include "session/session.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
/// Three trials of a wide guitar (the costliest scenes there are) through the HRTF.
std::string writeExperiment(const QTemporaryDir& dir, const Json& playback)
{
    const Json experiment = {{"format", "stagelab.experiment/1"},
                             {"id", "playback"},
                             {"title", "t"},
                             {"stimuli", {{{"id", "guitar"}, {"file", "acoustic-guitar"}}}},
                             {"playback", playback},
                             {"randomization", {{"seedPolicy", "fixed"}, {"seed", 5}}},
                             {"blocks",
                              {{{"id", "wide"},
                                {"kind", "width"},
                                {"responseMode", "width-edges"},
                                {"factors",
                                 {{"stimulus", {"guitar"}},
                                  {"model", {"hrtf"}},
                                  {"azimuthDeg", {0}},
                                  {"widthDeg", {60, 75, 90}}}}}}}};
    const std::string path = dir.filePath("experiment.json").toStdString();
    std::ofstream(path) << experiment.dump();
    return path;
}

std::unique_ptr<Session> startRealtime(const QTemporaryDir& dir, const Json& playback)
{
    SessionOptions options;
    options.experimentPath = writeExperiment(dir, playback);
    options.participant = "p01";
    options.resultsFolder = dir.filePath("results").toStdString();
    options.seed = 1;
    auto session = Session::start(options, [](const Experiment& experiment) {
        return makeRealtimeTrialPlayer(experiment, AudioOutputSettings{}, 128);
    });
    session->completeCalibration(0.0);
    return session;
}

TrialResponse widthAnswer()
{
    TrialResponse response;
    response.leftEdgeDeg = 30.0;
    response.rightEdgeDeg = -30.0;
    return response;
}
} // namespace

class TestSessionPlayback : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run scripts/test.sh (it starts one)");
    }

    void answerWaitsForTheWholeSound()
    {
        QTemporaryDir dir;
        auto session = startRealtime(dir, {{"durationS", 0.8}, {"replaysAllowed", 1}});
        QCOMPARE(session->stage(), SessionStage::Trial);
        session->play();
        // At once (R then Enter): refused, and nothing is recorded.
        QVERIFY(!session->answerOpen());
        QVERIFY_THROWS_EXCEPTION(Error, session->answer(widthAnswer()));
        QCOMPARE(session->answeredCount(), 0);
        QVERIFY(QTest::qWaitFor([&] { return session->answerOpen(); }, 5000));
        // A replay of a sound already heard keeps the answer open: the listener may answer
        // while hearing it again.
        session->play();
        QVERIFY(session->answerOpen());
        session->answer(widthAnswer());
        QCOMPARE(session->answeredCount(), 1);
        const SessionFileContents contents = readSessionFile(session->filePath(), true);
        QCOMPARE(contents.trials.size(), size_t(1));
        QCOMPARE(contents.trials[0].replays, 1);
    }

    void anExperimentMayOpenTheAnswerEarlier()
    {
        QTemporaryDir dir;
        auto session = startRealtime(dir, {{"durationS", 2.0}, {"answerAfterS", 0.3}});
        session->play();
        QVERIFY(!session->answerOpen());
        QVERIFY(QTest::qWaitFor([&] { return session->answerOpen(); }, 5000));
        // Open after 0.3 s of sound while the 2-s sound still plays: read off the engine's own
        // playback state, not a wall clock (1.7 s of sound remain when it opens).
        QVERIFY(session->soundPlaying());
        session->answer(widthAnswer());
        const SessionFileContents contents = readSessionFile(session->filePath(), true);
        QVERIFY(contents.trials[0].responseTimeS >= 0.3);
    }

    void theNextScenesAreBuiltBeforeTheyAreNeeded()
    {
        QTemporaryDir dir;
        auto session = startRealtime(dir, {{"durationS", 1.0}});
        // The first trial's scene was started at Start (the calibration page takes longer);
        // every later one while the trial before it plays.
        for (int trial = 0; trial < 3; ++trial) {
            const PlannedTrial* current = session->currentTrial();
            QVERIFY(current);
            QVERIFY(QTest::qWaitFor([&] { return session->scenePrepared(*current); }, 5000));
            QElapsedTimer clock;
            clock.start();
            session->play();
            // A figure, not a bound (README): starting a prepared scene is a queue push.
            qInfo("trial %d: play() of the prepared scene took %lld ms", trial, clock.elapsed());
            // play() started the prepared scene rather than building one (no replays: nothing
            // is prepared for this trial again).
            QVERIFY(!session->scenePrepared(*current));
            QVERIFY(QTest::qWaitFor([&] { return session->answerOpen(); }, 5000));
            if (const PlannedTrial* next = session->nextTrial())
                QVERIFY2(session->scenePrepared(*next),
                         "the next trial's scene was not ready when this trial's sound ended");
            session->answer(widthAnswer());
        }
        QCOMPARE(session->stage(), SessionStage::Done);
    }

    void theHeaderNamesTheHrtf()
    {
        QTemporaryDir dir;
        auto session = startRealtime(dir, {{"durationS", 0.5}});
        const SessionFileContents contents = readSessionFile(session->filePath(), true);
        const Json& hrtf = contents.header["hrtf"];
        QVERIFY2(hrtf.is_object(), hrtf.dump().c_str());
        QCOMPARE(hrtf["sha256"].get<std::string>().size(), size_t(64));
        QVERIFY(hrtf["measurements"].get<int>() > 0);
    }
};

STAGELAB_TEST_MAIN(TestSessionPlayback)
#include "tst_session_playback.moc"
