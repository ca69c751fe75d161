// A session with a head tracker (issue 14), through a real OscHeadTracker on the loopback and the
// virtual clock (no sound: what is checked is the session's part). The head's trace recorded
// with each answer equals what the tracker was sent; a silent tracker pauses the trials that
// need it, nothing recorded is lost, and the trial is heard again once it is back; head-pointing
// trials play only facing front and are answered by where the nose points; a session without a
// tracker says so; analyses group by headTracking and exports carry the head's summary.

#include "common/head_trackers.h"
#include "common/test_main.h"
#include "results/export.h"
#include "results/result_rows.h"
#include "results/session_file.h"
#include "session/session.h"
#include "tracking/head_trace.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fstream>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
/// An azimuth answer.
TrialResponse azimuthAnswer(double azimuthDeg)
{
    TrialResponse response;
    response.azimuthDeg = azimuthDeg;
    return response;
}

/// Blocks: head-tracked localization (off and on), then head-pointing; fixed seed.
Json experimentJson()
{
    return {
        {"format", "stagelab.experiment/1"},
        {"id", "tracked"},
        {"title", "t"},
        {"stimuli", {{{"id", "noise"}, {"file", "pink-noise"}}}},
        {"playback", {{"durationS", 0.3}}},
        {"faceFrontToleranceDeg", 5},
        {"randomization", {{"seedPolicy", "fixed"}, {"seed", 5}}},
        {"blocks",
         {{{"id", "loc"},
           {"kind", "localization"},
           {"factors",
            {{"stimulus", {"noise"}}, {"azimuthDeg", {0, 90}}, {"headTracking", {"off", "on"}}}}},
          {{"id", "point"},
           {"kind", "localization"},
           {"responseMode", "head-pointing"},
           {"factors", {{"stimulus", {"noise"}}, {"azimuthDeg", {30}}}}}}}};
}

std::vector<Json> trialLines(const std::string& path)
{
    std::vector<Json> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        const Json json = Json::parse(line);
        if (json.value("type", "") == "trial") lines.push_back(json);
    }
    return lines;
}

struct Fixture
{
    QTemporaryDir dir;
    OscHeadTracker tracker{test::anyPort()};
    OscHeadSender sender{"127.0.0.1", std::to_string(tracker.port()), OscHeadFormat::Ypr};
    std::unique_ptr<Session> session;
    uint64_t sent = 0;

    Fixture(const Json& experiment = experimentJson())
    {
        const std::string folder = dir.path().toStdString();
        std::ofstream(folder + "/experiment.json") << experiment.dump();
        SessionOptions options;
        options.experimentPath = folder + "/experiment.json";
        options.participant = "p01";
        options.resultsFolder = folder + "/results";
        session = Session::start(options, makeVirtualTrialPlayer); // a person, not simulated
        session->completeCalibration(0.0);
    }
    /// Answers trials (the head facing front) until the current one is head-tracked.
    bool answerUpToAHeadTrackedTrial()
    {
        while (!session->currentTrial()->headTracking) {
            session->play();
            session->waitForSound();
            session->answer(azimuthAnswer(0.0));
            if (!send({0.0, 0.0, 0.0})) return false;
        }
        return true;
    }
    /// Sends `head` and waits until the tracker took it.
    bool send(const HeadOrientation& head)
    {
        sender.send(head);
        ++sent;
        return QTest::qWaitFor([&] { return tracker.counts().accepted == sent; }, 2000);
    }
};
} // namespace

class TestSessionHeadTracking : public QObject
{
    Q_OBJECT
private slots:
    void withoutATrackerTheTrialSaysWhy()
    {
        Fixture f;
        // Trial 0 is head-tracked or not; find a head-tracked one by answering through.
        while (!f.session->currentTrial()->headTracking) {
            QVERIFY(f.session->headTrackerProblem().empty());
            f.session->play();
            f.session->waitForSound();
            f.session->answer(azimuthAnswer(0.0));
        }
        QVERIFY(f.session->currentTrialNeedsTracker());
        QVERIFY(f.session->headTrackerProblem().find("no head tracker") == 0);
        QVERIFY_THROWS_EXCEPTION(Error, f.session->play());
    }

    void recordedTraceEqualsWhatWasSent()
    {
        Fixture f;
        f.session->attachHeadTracker(&f.tracker);
        QVERIFY(f.send({0.0, 0.0, 0.0}));
        std::vector<std::vector<HeadOrientation>> sentPerTrial;
        for (int t = 0; t < 4; ++t) {
            f.session->play();
            // 20 orientations 15 ms apart (67 Hz: under the 100 Hz the trace keeps, so every
            // one is kept), the head swinging left and up.
            std::vector<HeadOrientation> sent;
            for (int i = 0; i < 20; ++i) {
                sent.push_back({1.5 * i - 10.0 * t, 0.5 * i, -0.25 * i});
                QVERIFY(f.send(sent.back()));
                QThread::msleep(15);
            }
            sentPerTrial.push_back(sent);
            f.session->waitForSound();
            f.session->answer(azimuthAnswer(10.0));
        }
        const std::vector<Json> lines = trialLines(f.session->filePath());
        QCOMPARE(lines.size(), size_t(4));
        for (size_t t = 0; t < lines.size(); ++t) {
            const Json& head = lines[t].at("head");
            const Json& samples = head.at("samples");
            const auto& sent = sentPerTrial[t];
            QCOMPARE(samples.size(), sent.size());
            double previous = -1.0;
            for (size_t i = 0; i < sent.size(); ++i) {
                // float32 on the wire: 1e-4 deg.
                QVERIFY(std::abs(samples[i][1].get<double>() - sent[i].yawDeg) < 1e-4);
                QVERIFY(std::abs(samples[i][2].get<double>() - sent[i].pitchDeg) < 1e-4);
                QVERIFY(std::abs(samples[i][3].get<double>() - sent[i].rollDeg) < 1e-4);
                const double time = samples[i][0].get<double>();
                QVERIFY(time > previous); // in order, after the first play's start
                previous = time;
            }
            // 19 intervals of 15 ms: the times are the arrivals, so a sleep can only add (a
            // busy machine: up to 1 s).
            const double span = samples.back()[0].get<double>() - samples.front()[0].get<double>();
            QVERIFY2(span >= 19 * 0.015 && span < 1.3, qPrintable(QString::number(span)));
            QCOMPARE(head.at("yawRangeDeg").get<double>(), 1.5 * 19);
            const double meanAbsYaw = [&] {
                double sum = 0;
                for (const HeadOrientation& o : sent)
                    sum += std::abs(o.yawDeg);
                return sum / double(sent.size());
            }();
            QVERIFY(std::abs(head.at("meanAbsYawDeg").get<double>() - meanAbsYaw) < 1e-4);
        }
        // Read back for analysis: the summary, the count, and headTracking as a factor.
        const SessionFileContents contents = readSessionFile(f.session->filePath(), false);
        QCOMPARE(contents.trials.size(), size_t(4));
        QCOMPARE(contents.trials[0].head->sampleCount, size_t(20));
        const std::vector<ResultRow> rows = resultRows(contents, TrialSelection::All);
        int on = 0;
        for (const ResultRow& row : rows) {
            on += row.factors.at("headTracking") == "on";
            QCOMPARE(*row.headYawRangeDeg, 1.5 * 19);
        }
        QCOMPARE(on, 2); // off and on crossed with two azimuths
    }

    void silentTrackerPausesAndTheTrialStartsAgain()
    {
        Fixture f;
        f.session->attachHeadTracker(&f.tracker);
        QVERIFY(f.send({0.0, 0.0, 0.0}));
        // Answer up to a head-tracked trial, which then loses its tracker while it plays.
        QVERIFY(f.answerUpToAHeadTrackedTrial());
        const int answered = f.session->answeredCount();
        f.session->play();
        f.session->waitForSound();
        QThread::msleep(700); // silent for longer than trackerLostAfterS (0.5 s)
        const std::string problem = f.session->headTrackerProblem();
        QVERIFY2(problem.find("head tracker lost") == 0, problem.c_str());
        QVERIFY_THROWS_EXCEPTION(Error, f.session->answer(azimuthAnswer(0.0)));
        QVERIFY_THROWS_EXCEPTION(Error, f.session->play());
        QCOMPARE(int(trialLines(f.session->filePath()).size()), answered); // nothing lost
        // Back: the session keeps the loss (what was heard in the gap is not answered) until
        // the trial starts again, from its first play: with replaysAllowed 0, play() would
        // refuse a replay.
        QVERIFY(f.send({0.0, 0.0, 0.0}));
        QVERIFY(f.session->trackerLive());
        f.session->collectHeadTrace(); // as the window does 50 times a second
        QVERIFY(f.session->headTrackerProblem().find("while the trial played") !=
                std::string::npos);
        QVERIFY_THROWS_EXCEPTION(Error, f.session->answer(azimuthAnswer(0.0)));
        f.session->restartTrial();
        QVERIFY(f.session->headTrackerProblem().empty());
        f.session->play();
        f.session->waitForSound();
        f.session->answer(azimuthAnswer(0.0));
        const std::vector<Json> lines = trialLines(f.session->filePath());
        QCOMPARE(int(lines.size()), answered + 1);
        QCOMPARE(lines.back().at("replays").get<int>(), 0);
        QVERIFY(lines.back().at("headTracking").get<bool>());
    }

    void aGapWhileItPlayedIsALossThoughTheTrackerIsBack()
    {
        // The terminal only looks after the sound: a dropout in the middle that recovered
        // before the answer must still refuse it.
        Fixture f;
        f.session->attachHeadTracker(&f.tracker);
        QVERIFY(f.send({0.0, 0.0, 0.0}));
        QVERIFY(f.answerUpToAHeadTrackedTrial());
        f.session->play();
        QVERIFY(f.send({1.0, 0.0, 0.0}));
        QThread::msleep(650); // a gap longer than trackerLostAfterS
        QVERIFY(f.send({2.0, 0.0, 0.0}));
        f.session->waitForSound();
        QVERIFY(f.session->trackerLive());
        QVERIFY_THROWS_EXCEPTION(Error, f.session->answer(azimuthAnswer(0.0)));
        // A trial that does not need the tracker only records it: a gap there is no loss.
        Json experiment = experimentJson();
        experiment["blocks"][0]["factors"]["headTracking"] = "off";
        Fixture g(experiment);
        g.session->attachHeadTracker(&g.tracker);
        QVERIFY(g.send({0.0, 0.0, 0.0}));
        g.session->play();
        QVERIFY(g.send({1.0, 0.0, 0.0}));
        QThread::msleep(650);
        QVERIFY(g.send({2.0, 0.0, 0.0}));
        g.session->waitForSound();
        g.session->answer(azimuthAnswer(0.0));
        QCOMPARE(g.session->answeredCount(), 1);
    }

    void yawRangeFollowsTheHeadThrough180()
    {
        // 170 to -170 is a turn of 20 deg through the back, not 340; |yaw| averages 170.
        const HeadMotion motion =
            summarizeHeadMotion({{0.0, 170.0, 0, 0}, {0.01, 179.0, 0, 0}, {0.02, -170.0, 0, 0}});
        QCOMPARE(motion.yawRangeDeg, 20.0);
        QCOMPARE(motion.meanAbsYawDeg, (170.0 + 179.0 + 170.0) / 3);
        QCOMPARE(summarizeHeadMotion({{0.0, -10.0, 0, 0}, {0.01, 30.0, 0, 0}}).yawRangeDeg, 40.0);
    }

    void headPointingPlaysFacingFrontAndTakesTheNose()
    {
        Json experiment = experimentJson();
        experiment["blocks"].erase(0); // the head-pointing block alone
        Fixture f(experiment);
        f.session->attachHeadTracker(&f.tracker);
        QVERIFY(f.send({20.0, 0.0, 0.0})); // turned away: the trial waits
        QVERIFY(!f.session->facingFront());
        try {
            f.session->play();
            QFAIL("played while the head was turned away");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("face front first"), error.what());
        }
        QVERIFY(f.send({3.0, -2.0, 10.0})); // within 5 deg (great circle 3.6): it plays
        QVERIFY(f.session->facingFront());
        f.session->play();
        f.session->waitForSound();
        QVERIFY(f.send({32.5, 7.0, -4.0})); // the nose on the sound (the roll does not matter)
        f.session->answerWithHead();
        const std::vector<Json> lines = trialLines(f.session->filePath());
        QCOMPARE(lines.size(), size_t(1));
        const Json& response = lines[0].at("response");
        QVERIFY(std::abs(response.at("azimuthDeg").get<double>() - 32.5) < 1e-4);
        QVERIFY(std::abs(response.at("elevationDeg").get<double>() - 7.0) < 1e-4);
        QCOMPARE(lines[0].at("responseMode").get<std::string>(), std::string("head-pointing"));
        // The trace starts with the play: the head as it answered is its last sample.
        QVERIFY(std::abs(lines[0].at("head").at("samples").back()[1].get<double>() - 32.5) < 1e-4);
    }

    void exportsCarryTheHead()
    {
        Fixture f;
        f.session->attachHeadTracker(&f.tracker);
        QVERIFY(f.send({0.0, 0.0, 0.0}));
        f.session->play();
        QVERIFY(f.send({12.0, 0.0, 0.0}));
        QThread::msleep(15); // a tracker's next packet, not within the trace's 10 ms
        QVERIFY(f.send({-6.0, 0.0, 0.0}));
        f.session->waitForSound();
        f.session->answer(azimuthAnswer(0.0));
        const std::string out = f.dir.filePath("export").toStdString();
        std::ifstream csv(exportTrialsCsv({readSessionFile(f.session->filePath(), false)}, out));
        std::string header, row;
        std::getline(csv, header);
        std::getline(csv, row);
        QVERIFY2(QString::fromStdString(header).endsWith(
                     "ensemble,head_tracking,head_yaw_range,head_mean_abs_yaw"),
                 header.c_str());
        // The trial's own rendering (the plan decides), then yaw 12 and -6: range 18, mean 9.
        const std::string tracking =
            trialLines(f.session->filePath()).front().value("headTracking", false) ? "on" : "off";
        QVERIFY2(QString::fromStdString(row).endsWith(QString::fromStdString(",") +
                                                      tracking.c_str() + ",18,9"),
                 row.c_str());
    }
};

STAGELAB_TEST_MAIN(TestSessionHeadTracking)
#include "tst_session_head_tracking.moc"
