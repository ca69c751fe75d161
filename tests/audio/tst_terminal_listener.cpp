// A person at the terminal (`stagelab-cli run`, sound into the test null sink) answers the depth
// questions: a direction and a distance, then the externalization scale; a rating alone; a
// rating off the scale asked again; a stage map, an instrument at a time (one heard alone, a
// line that is no answer and a distance out of range asked again) - every answer as recorded in
// the session file.

#include "common/test_main.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

class TestTerminalListener : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run the suite with scripts/test.sh");
    }

    void distanceAndRatingsAtTheTerminal()
    {
        QTemporaryDir dir;
        const nlohmann::json experiment = {
            {"format", "stagelab.experiment/1"},
            {"id", "terminal-depth"},
            {"title", "Depth at the terminal"},
            {"stimuli", {{{"id", "noise"}, {"file", "pink-noise"}}}},
            {"playback", {{"durationS", 0.3}}},
            {"blocks",
             {{{"id", "far"},
               {"kind", "localization"},
               {"responseMode", "azimuth-distance"},
               {"alsoAsk", {"externalization"}},
               {"factors", {{"stimulus", {"noise"}}, {"azimuthDeg", {30}}, {"distanceM", {2}}}}},
              {{"id", "inside"},
               {"kind", "externalization"},
               {"factors", {{"stimulus", {"noise"}}, {"azimuthDeg", {0}}}}}}}};
        const QString path = dir.filePath("depth.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(experiment.dump()));
        file.close();
        const QString results = dir.filePath("results");

        // Enter at every page; at trial 1 a distance out of range first (said at once), then
        // "35, 2.5" and rating 3; at trial 2 a rating of 9 (refused), then 1.
        QProcess run;
        run.start(STAGELAB_CLI, {"run", path, "--participant", "p01", "--results", results});
        QVERIFY(run.waitForStarted());
        QString err;
        int prompts = 0, scales = 0;
        bool first = false, badDistanceSent = false, second = false, badRatingSent = false;
        QElapsedTimer timer;
        timer.start();
        while (run.state() == QProcess::Running && timer.elapsed() < 30000) {
            run.waitForReadyRead(100);
            err += QString::fromUtf8(run.readAllStandardError());
            for (int seen = int(err.count("[Enter]")); prompts < seen; ++prompts)
                run.write("\n");
            if (!first && err.contains("Trial 1/2")) {
                run.write("35, 500\n"); // 500 m: out of range
                first = badDistanceSent = true;
            }
            if (badDistanceSent && err.contains("the distance must be between") &&
                err.count("Trial 1/2") == 2) {
                run.write("35, 2.5\n");
                badDistanceSent = false;
            }
            for (int seen = int(err.count("Where was the sound?")); scales < seen; ++scales) {
                if (scales == 0) run.write("3\n"); // trial 1's rating
                if (scales == 1) {                 // trial 2: off the scale, then 1
                    run.write("9\n");
                    badRatingSent = true;
                }
            }
            if (badRatingSent && !second &&
                err.contains("please type a whole number from 0 to 4")) {
                run.write("1\n");
                second = true;
            }
        }
        run.waitForFinished(10000);
        err += QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(run.state() == QProcess::NotRunning && run.exitCode() == 0, qPrintable(err));
        QVERIFY2(err.contains("the distance must be between 0.1 and 100 m"), qPrintable(err));

        const QStringList sessions = QDir(results + "/p01").entryList({"*.jsonl"}, QDir::Files);
        QCOMPARE(sessions.size(), 1);
        QFile session(results + "/p01/" + sessions[0]);
        QVERIFY(session.open(QIODevice::ReadOnly));
        std::vector<nlohmann::json> trials;
        for (const QByteArray& line : session.readAll().split('\n'))
            if (!line.isEmpty())
                if (auto json = nlohmann::json::parse(line.toStdString());
                    json.value("type", "") == "trial")
                    trials.push_back(json);
        QCOMPARE(trials.size(), size_t(2));
        QCOMPARE(trials[0]["response"]["azimuthDeg"].get<double>(), 35.0);
        QCOMPARE(trials[0]["response"]["distanceM"].get<double>(), 2.5);
        QCOMPARE(trials[0]["response"]["externalization"].get<int>(), 3);
        QCOMPARE(trials[1]["response"]["externalization"].get<int>(), 1);
        QVERIFY(trials[1]["response"]["azimuthDeg"].is_null());
    }

    void stageMapAtTheTerminal()
    {
        QTemporaryDir dir;
        const nlohmann::json experiment = {
            {"format", "stagelab.experiment/1"},
            {"id", "terminal-stage"},
            {"title", "A stage map at the terminal"},
            {"stimuli",
             {{{"id", "noise"}, {"file", "pink-noise"}}, {{"id", "violin"}, {"file", "violin"}}}},
            {"playback", {{"durationS", 0.3}}},
            {"blocks",
             {{{"id", "stage"},
               {"kind", "stage-map"},
               {"factors",
                {{"ensemble",
                  {{{"id", "duo"},
                    {"instruments",
                     {{{"stimulus", "noise"}, {"azimuthDeg", 30}, {"distanceM", 1}},
                      {{"stimulus", "violin"}, {"azimuthDeg", -30}, {"distanceM", 2}}}}}}}}}}}}};
        const QString path = dir.filePath("stage.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(experiment.dump()));
        file.close();
        const QString results = dir.filePath("results");

        // The noise: "s" (heard alone), "left" (no answer), then "20, 2"; the violin: 300 m
        // (out of range), then "-25 3".
        const QStringList noiseAnswers = {"s", "left", "20, 2"},
                          violinAnswers = {"-25 300", "-25 3"};
        QProcess run;
        run.start(STAGELAB_CLI, {"run", path, "--participant", "p01", "--results", results});
        QVERIFY(run.waitForStarted());
        QString err;
        int prompts = 0, noise = 0, violin = 0;
        QElapsedTimer timer;
        timer.start();
        while (run.state() == QProcess::Running && timer.elapsed() < 30000) {
            run.waitForReadyRead(100);
            err += QString::fromUtf8(run.readAllStandardError());
            for (int seen = int(err.count("[Enter]")); prompts < seen; ++prompts)
                run.write("\n");
            for (int seen = int(err.count("  noise: azimuth")); noise < seen; ++noise)
                run.write((noiseAnswers.value(noise, "20, 2") + "\n").toUtf8());
            for (int seen = int(err.count("  violin: azimuth")); violin < seen; ++violin)
                run.write((violinAnswers.value(violin, "-25 3") + "\n").toUtf8());
        }
        run.waitForFinished(10000);
        err += QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(run.state() == QProcess::NotRunning && run.exitCode() == 0, qPrintable(err));
        QCOMPARE(noise, 3);
        QCOMPARE(violin, 2);
        QVERIFY2(err.contains("please type two numbers"), qPrintable(err));
        QVERIFY2(err.contains("the distance must be between 0.1 and 100 m"), qPrintable(err));

        const QStringList sessions = QDir(results + "/p01").entryList({"*.jsonl"}, QDir::Files);
        QCOMPARE(sessions.size(), 1);
        QFile session(results + "/p01/" + sessions[0]);
        QVERIFY(session.open(QIODevice::ReadOnly));
        nlohmann::json trial;
        for (const QByteArray& line : session.readAll().split('\n'))
            if (!line.isEmpty())
                if (auto json = nlohmann::json::parse(line.toStdString());
                    json.value("type", "") == "trial")
                    trial = json;
        const nlohmann::json expected = {
            {{"azimuthDeg", 20.0}, {"distanceM", 2.0}, {"stimulus", "noise"}},
            {{"azimuthDeg", -25.0}, {"distanceM", 3.0}, {"stimulus", "violin"}}};
        QCOMPARE(QString::fromStdString(trial["response"]["placements"].dump()),
                 QString::fromStdString(expected.dump()));
        QCOMPARE(trial["solos"].get<int>(), 1);
    }
};

STAGELAB_TEST_MAIN(TestTerminalListener)
#include "tst_terminal_listener.moc"
