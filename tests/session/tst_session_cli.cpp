// Sessions as a user runs them: killed at random points and resumed, stopped by a full disk,
// refused for bad ids and unwritable folders - and never an answer lost or duplicated.

#include "common/test_main.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <functional>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <nlohmann/json.hpp>

#include <set>
#include <unistd.h>

namespace {
struct Result
{
    int exitCode = -1;
    QString err;
};

Result runCli(const QStringList& arguments, const QString& wrapper = {})
{
    QProcess process;
    if (wrapper.isEmpty())
        process.start(STAGELAB_CLI, arguments);
    else
        process.start(wrapper, QStringList{"--fsize=40000", STAGELAB_CLI} + arguments);
    if (!process.waitForFinished(120000)) qFatal("stagelab-cli did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardError())};
}

/// A 48-trial experiment on fast models (no HRTF to load), so a run starts in milliseconds.
QString writeExperiment(const QTemporaryDir& dir)
{
    const nlohmann::json experiment = {
        {"format", "stagelab.experiment/1"},
        {"id", "durability"},
        {"title", "Durability test"},
        {"stimuli",
         {{{"id", "piano"}, {"file", "piano"}}, {{"id", "noise"}, {"file", "pink-noise"}}}},
        {"playback", {{"durationS", 1.0}, {"replaysAllowed", 0}}},
        {"breaks", {{"everyTrials", 10}, {"minimumS", 0}}},
        {"randomization", {{"seedPolicy", "per-session"}}},
        {"blocks",
         {{{"id", "loc"},
           {"name", "Localization"},
           {"kind", "localization"},
           {"responseMode", "azimuth-elevation"},
           {"repetitions", 2},
           {"factors",
            {{"stimulus", {"piano", "noise"}},
             {"model", {"stereo-pan", "spherical-head"}},
             {"azimuthDeg", {-90, -30, 0, 30, 90, 180}}}}},
          {{"id", "wid"},
           {"name", "Width"},
           {"kind", "width"},
           {"responseMode", "width-edges"},
           {"repetitions", 1},
           {"factors",
            {{"stimulus", {"noise"}},
             {"model", {"stereo-pan"}},
             {"widthDeg", {0, 20, 40, 60}}}}}}}};
    const QString path = dir.filePath("durability.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write the experiment");
    file.write(QByteArray::fromStdString(experiment.dump(2)));
    return path;
}

QString onlySessionFile(const QString& folder)
{
    const QStringList files = QDir(folder).entryList({"*.jsonl"}, QDir::Files);
    return files.size() == 1 ? QDir(folder).filePath(files[0]) : QString();
}

/// Runs a whole session of a simulated listener ("perfect" or "noise"); returns its file.
QString simulatedSession(const QString& experiment, const QString& results,
                         const QString& participant, const QString& kind = "perfect")
{
    const Result run = runCli({"run", experiment, "--participant", participant, "--results",
                               results, "--simulate", kind});
    if (run.exitCode != 0) qFatal("the simulated session failed: %s", qPrintable(run.err));
    return onlySessionFile(results + "/" + participant);
}

/// The lines of a text file (the last one empty when it ends in a newline).
QList<QByteArray> fileLines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return file.readAll().split('\n');
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

/// Checks a finished session: every planned trial answered exactly once, each record matching
/// the plan in the header, and the summary present and complete.
void verifyComplete(const QString& file)
{
    QFile input(file);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = input.readAll().split('\n');
    QVERIFY(lines.last().isEmpty()); // ends with a newline: no torn line left behind
    const nlohmann::json header = nlohmann::json::parse(lines[0].toStdString());
    const nlohmann::json& planned = header["plan"]["trials"];
    std::multiset<int> answered;
    for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
        const nlohmann::json record = nlohmann::json::parse(lines[i].toStdString());
        if (record["type"] != "trial") continue;
        const int index = record["index"];
        answered.insert(index);
        const nlohmann::json& plan = planned[size_t(index)];
        // A record is its planned trial (same shape, same values) plus the answer.
        for (const auto& [key, value] : plan.items())
            QVERIFY2(
                record[key] == value,
                qPrintable(
                    QString("trial %1 differs from its plan in %2").arg(index).arg(key.c_str())));
    }
    QCOMPARE(answered.size(), planned.size());
    QCOMPARE(std::set<int>(answered.begin(), answered.end()).size(), planned.size());
    QString summaryPath = file;
    summaryPath.replace(".jsonl", ".json");
    QFile summary(summaryPath);
    QVERIFY2(summary.open(QIODevice::ReadOnly), "no summary");
    const QJsonObject object = QJsonDocument::fromJson(summary.readAll()).object();
    QCOMPARE(object["format"].toString(), "stagelab.session-summary/1");
    QCOMPARE(object["trials"].toObject()["answered"].toInt(), int(planned.size()));
}
} // namespace

class TestSessionCli : public QObject
{
    Q_OBJECT
private slots:
    void survivesSigkillAtRandomPoints()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const QString results = dir.filePath("results");
        QRandomGenerator random(20261122); // fixed: a failure can be replayed
        QString sessionId;
        int kills = 0;
        bool complete = false;
        // Bounded: at most 80 runs; a pace of 4 ms per trial and kills 5-150 ms after each
        // start land before, between and during writes.
        for (int run = 0; run < 80 && !complete; ++run) {
            QStringList arguments{"run",       experiment, "--participant", "p01",
                                  "--results", results,    "--simulate",    "noise",
                                  "--seed",    "7",        "--pace-ms",     "4"};
            if (!sessionId.isEmpty()) arguments << "--resume" << sessionId;
            QProcess process;
            process.start(STAGELAB_CLI, arguments);
            QVERIFY(process.waitForStarted());
            const bool killNow = kills < 24;
            if (killNow) {
                QThread::msleep(5 + random.bounded(145));
                process.kill(); // SIGKILL
            }
            QVERIFY(process.waitForFinished(60000));
            if (process.exitStatus() == QProcess::CrashExit)
                ++kills;
            else
                QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
            complete = process.exitStatus() == QProcess::NormalExit;
            if (sessionId.isEmpty()) {
                const QString file = onlySessionFile(results + "/p01");
                if (!file.isEmpty()) sessionId = QFileInfo(file).completeBaseName();
            }
        }
        qInfo("%d kills", kills);
        QVERIFY(kills >= 20);
        QVERIFY(complete);
        verifyComplete(onlySessionFile(results + "/p01"));
    }

    void diskFullMidSessionLosesNothing()
    {
        // RLIMIT_FSIZE makes the kernel refuse writes past 40 kB, as a full disk would.
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const QString results = dir.filePath("results");
        const QStringList arguments{"run",   experiment,   "--participant", "p02",    "--results",
                                    results, "--simulate", "noise",         "--seed", "3"};
        const Result limited = runCli(arguments, "prlimit");
        QCOMPARE(limited.exitCode, 1);
        QVERIFY2(limited.err.contains("File too large") && limited.err.contains("are safe in"),
                 qPrintable(limited.err));
        const QString file = onlySessionFile(results + "/p02");
        QVERIFY(QFileInfo(file).size() <= 40000);
        const Result resumed =
            runCli(arguments + QStringList{"--resume", QFileInfo(file).completeBaseName()});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        verifyComplete(file);
    }

    void garbageInTheMiddleStopsAResumeAndChangesNothing()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const QString results = dir.filePath("results");
        const QString file = simulatedSession(experiment, results, "p03");
        QList<QByteArray> lines = fileLines(file);
        lines[3] = "{\"type\":\"trial\", garbage";
        const QByteArray damaged = lines.join('\n');
        writeFile(file, damaged);
        const Result result =
            runCli({"run", experiment, "--participant", "p03", "--results", results, "--simulate",
                    "perfect", "--resume", QFileInfo(file).completeBaseName()});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(":4: not valid JSON"), qPrintable(result.err));
        QCOMPARE(fileLines(file).join('\n'), damaged);
    }

    void acceptedRecordsThatAreNotThePlansTrial()
    {
        // Issue 11: resume accepted a record whose planned fields differ from the plan at its
        // index, and one whose "response" was an array - counted as answered, its trial never
        // asked again, the answer silently lost. Both are refused with their line.
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const QString results = dir.filePath("results");
        const QString file = simulatedSession(experiment, results, "p03");
        const QList<QByteArray> original = fileLines(file);
        auto resumeWith = [&](int line, const std::function<void(nlohmann::json&)>& change) {
            QList<QByteArray> lines = original;
            nlohmann::json record = nlohmann::json::parse(lines[line - 1].toStdString());
            change(record);
            lines[line - 1] = QByteArray::fromStdString(record.dump());
            writeFile(file, lines.join('\n'));
            return runCli({"run", experiment, "--participant", "p03", "--results", results,
                           "--simulate", "perfect", "--resume",
                           QFileInfo(file).completeBaseName()});
        };
        const Result stimulus = resumeWith(3, [](nlohmann::json& record) {
            record["stimulus"] = record["stimulus"] == "piano" ? "noise" : "piano";
        });
        QCOMPARE(stimulus.exitCode, 1);
        QVERIFY2(stimulus.err.contains(file + ":3: trial") &&
                     stimulus.err.contains("records stimulus") &&
                     stimulus.err.contains("refusing to resume"),
                 qPrintable(stimulus.err));
        const Result array = resumeWith(4, [](nlohmann::json& record) {
            record["response"] = nlohmann::json::array({1, 2});
        });
        QCOMPARE(array.exitCode, 1);
        QVERIFY2(array.err.contains(file + ":4: trial") &&
                     array.err.contains("is recorded without an answer"),
                 qPrintable(array.err));
    }

    void acceptedBidsMergedParticipants()
    {
        // Issue 11: BIDS export merged p-01, p_01 and p01 into one subject (labels keep letters
        // and digits). Now refused, naming both, and nothing is written.
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const QString results = dir.filePath("results");
        for (const char* participant : {"p-01", "p01"})
            simulatedSession(experiment, results, participant, "noise");
        const QString bids = dir.filePath("bids");
        const Result result = runCli({"export", results, "--format", "bids", "--out", bids});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("participants 'p-01' and 'p01' would both be BIDS subject "
                                     "'sub-p01'"),
                 qPrintable(result.err));
        QVERIFY(!QFileInfo::exists(bids));
    }

    void refusesBadParticipantIds()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const Result result = runCli({"run", experiment, "--participant", "../../x", "--results",
                                      dir.filePath("r"), "--simulate", "perfect"});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("participant id '../../x'"), qPrintable(result.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("x")) && !QFileInfo::exists(dir.filePath("r")));
    }

    void refusesAnUnwritableResultsFolder()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        // Root may write into a read-only folder, so root gets a place no one can write: /proc.
        QString results = "/proc/stagelab-results";
        if (geteuid() != 0) {
            results = dir.filePath("readonly");
            QVERIFY(QDir().mkpath(results));
            QFile::setPermissions(results, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        }
        const Result result = runCli({"run", experiment, "--participant", "p04", "--results",
                                      results, "--simulate", "perfect"});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("results folder") && result.err.contains(results),
                 qPrintable(result.err));
    }

    void leftBehind_refusalsWriteNothing()
    {
        // Issue 11: a session file was created before a bad stimulus or HRTF was found, and a
        // refused CSV import left an empty session file. A refused command now leaves the
        // results folder as it was (here: not there at all).
        QTemporaryDir dir;
        const QString results = dir.filePath("results");
        nlohmann::json experiment =
            nlohmann::json::parse(fileLines(writeExperiment(dir)).join('\n').toStdString());
        writeFile(dir.filePath("broken.wav"), "RIFF....WAVE but not audio at all");
        experiment["stimuli"][0]["file"] = "broken.wav";
        writeFile(dir.filePath("broken-stimulus.json"),
                  QByteArray::fromStdString(experiment.dump()));
        const Result stimulus =
            runCli({"run", dir.filePath("broken-stimulus.json"), "--participant", "p01",
                    "--results", results, "--simulate", "perfect"});
        QVERIFY2(stimulus.exitCode == 1 && stimulus.err.contains("broken.wav") &&
                     stimulus.err.contains("cannot be read"),
                 qPrintable(stimulus.err));
        QVERIFY(!QFileInfo::exists(results));

        experiment =
            nlohmann::json::parse(fileLines(writeExperiment(dir)).join('\n').toStdString());
        experiment["blocks"][0]["factors"]["model"] = {"hrtf"};
        experiment["hrtf"] = "broken.sofa";
        writeFile(dir.filePath("hrtf.json"), QByteArray::fromStdString(experiment.dump()));
        writeFile(dir.filePath("broken.sofa"), "\x89HDF\r\n\x1a\n but nothing more");
        const Result hrtf = runCli({"run", dir.filePath("hrtf.json"), "--participant", "p01",
                                    "--results", results, "--simulate", "perfect"});
        QVERIFY2(hrtf.exitCode == 1 && hrtf.err.contains("broken.sofa"), qPrintable(hrtf.err));
        QVERIFY(!QFileInfo::exists(results));

        // Latin-1 text, and two ids that become one once cleaned: nothing is imported.
        writeFile(dir.filePath("latin1.csv"), "participant,tAz,rAz\n\xC9l\xE8ve,10,20\n");
        writeFile(dir.filePath("clash.csv"), "participant,tAz,rAz\np_01,10,20\np 01,10,20\n");
        for (const auto& [csv, expected] :
             {std::pair{"latin1.csv", "latin1.csv:2, byte 1 (0xC9) is not UTF-8"},
              std::pair{"clash.csv", "participants 'p 01' and 'p_01' of"}}) {
            const Result import =
                runCli({"import-csv", dir.filePath(csv), "--out", results, "--column",
                        "targetAzimuthDeg=tAz", "--column", "responseAzimuthDeg=rAz"});
            QVERIFY2(import.exitCode == 1 && import.err.contains(expected), qPrintable(import.err));
            QVERIFY(!QFileInfo::exists(results));
        }
    }

    void acceptedEmptySessionFileHidTheStudy()
    {
        // Issue 11: one 0-byte session file - what a full disk can leave - made analyze, export
        // and report of the whole folder fail. It is now skipped with a warning naming it, and
        // --strict fails on it.
        // The shipped two-device study, so that the report has devices to compare.
        QTemporaryDir dir;
        const QString experiment = STAGELAB_SOURCE_DIR "/stimuli/experiments/device-study.json";
        const QString results = dir.filePath("results");
        for (const char* participant : {"p01", "p02"})
            simulatedSession(experiment, results, participant, "noise");
        const QString empty = results + "/p03/device-study-empty.jsonl";
        QVERIFY(QDir().mkpath(results + "/p03"));
        QFile(empty).open(QIODevice::WriteOnly);
        QVERIFY(QFileInfo::exists(empty));
        const QList<QStringList> commands = {
            {"analyze", results},
            {"export", results, "--format", "csv", "--out", dir.filePath("csv")},
            {"report", results, "--out", dir.filePath("report.html")}};
        for (const QStringList& command : commands) {
            const Result lenient = runCli(command);
            QVERIFY2(lenient.exitCode == 0, qPrintable(command.first() + ": " + lenient.err));
            QVERIFY2(lenient.err.contains(empty) && lenient.err.contains("skipped"),
                     qPrintable(lenient.err));
            const Result strict = runCli(command + QStringList{"--strict"});
            QVERIFY2(strict.exitCode == 1 && strict.err.contains(empty),
                     qPrintable(command.first() + ": " + strict.err));
        }
    }

    void analysisAndExportOfSimulatedSessions()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir);
        const QString results = dir.filePath("results");
        for (const char* participant : {"p01", "p02", "p03", "p04", "p05", "p06"})
            QCOMPARE(
                runCli({"run", experiment, "--participant", participant, "--results", results,
                        "--simulate", "noise", "--listener-seed", QString::number(participant[2])})
                    .exitCode,
                0);
        QProcess analyze;
        analyze.start(STAGELAB_CLI, {"analyze", results, "--by", "model,kind", "--format", "json"});
        QVERIFY(analyze.waitForFinished(60000));
        QCOMPARE(analyze.exitCode(), 0);
        const nlohmann::json analysis =
            nlohmann::json::parse(analyze.readAllStandardOutput().toStdString());
        QVERIFY(analysis["format"] == "stagelab.analysis/1");
        // stereo-pan and spherical-head localization, stereo-pan width: 3 groups, 6 x 24 + 6 x 12
        // rows.
        QCOMPARE(analysis["groups"].size(), size_t(3));
        int rows = 0;
        for (const auto& group : analysis["groups"]) {
            rows += group["n"].get<int>();
            for (const char* metric : {"accL", "precL", "rmsL", "accP", "precP", "querr",
                                       "querrMiddlebrooks", "rmsPmedianlocal", "rFBC"})
                QVERIFY2(group["metrics"].contains(metric), metric);
        }
        QCOMPARE(rows, 6 * 48 + 6 * 4);

        QProcess compare;
        compare.start(STAGELAB_CLI,
                      {"compare", results, "--factor", "model", "--levels",
                       "stereo-pan,spherical-head", "--metrics", "rmsL,accL", "--format", "json"});
        QVERIFY(compare.waitForFinished(60000));
        QCOMPARE(compare.exitCode(), 0);
        const nlohmann::json comparison =
            nlohmann::json::parse(compare.readAllStandardOutput().toStdString());
        QCOMPARE(comparison["comparisons"].size(), size_t(2));
        QVERIFY(comparison["comparisons"][0]["n"] == 6); // six participants, paired

        const QString csvFolder = dir.filePath("csv");
        QCOMPARE(runCli({"export", results, "--format", "csv", "--out", csvFolder}).exitCode, 0);
        QFile csv(csvFolder + "/trials.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 6 * 52);
        QVERIFY(lines[0].startsWith("participant,session,trial,block"));

        const QString bids = dir.filePath("bids");
        QCOMPARE(runCli({"export", results, "--format", "bids", "--out", bids}).exitCode, 0);
        QVERIFY(QFile::exists(bids + "/dataset_description.json"));
        QVERIFY(QFile::exists(bids + "/participants.tsv"));
        QFile tsv(bids + "/sub-p01/beh/sub-p01_task-durability_run-1_beh.tsv");
        QVERIFY(tsv.open(QIODevice::ReadOnly));
        QVERIFY(tsv.readAll().contains("\tn/a\t")); // BIDS spells missing values n/a
        QFile sidecar(bids + "/sub-p01/beh/sub-p01_task-durability_run-1_beh.json");
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QVERIFY(nlohmann::json::parse(
                    sidecar.readAll().toStdString())["response_azimuth"]["Units"] == "degree");
    }

    void importedCsvBecomesResults()
    {
        QTemporaryDir dir;
        const QString csvPath = dir.filePath("lab.csv");
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        // Clockwise azimuths (+90 = right), as some labs write them.
        csv.write("subject,cond,tAz,tEl,rAz,rEl\nA,x,90,0,80,5\nA,y,-30,10,-20,0\nB,x,0,0,10,0\n");
        csv.close();
        const QString out = dir.filePath("imported");
        const Result result =
            runCli({"import-csv", csvPath, "--out", out, "--column", "targetAzimuthDeg=tAz",
                    "--column", "targetElevationDeg=tEl", "--column", "responseAzimuthDeg=rAz",
                    "--column", "responseElevationDeg=rEl", "--column", "participant=subject",
                    "--azimuth-convention", "cw"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QFile a(out + "/A/import-lab.jsonl");
        QVERIFY(a.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = a.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 3); // header + 2 trials
        const nlohmann::json first = nlohmann::json::parse(lines[1].toStdString());
        QVERIFY(first["azimuthDeg"] == -90.0); // 90 clockwise = right = -90 in SOFA
        QVERIFY(first["factors"]["cond"] == "x");
        const Result bad = runCli({"import-csv", csvPath, "--out", dir.filePath("bad"), "--column",
                                   "targetAzimuthDeg=nope"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("nope"), qPrintable(bad.err));
    }

    void malformedExperimentNamesThePlace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"format\": \"stagelab.experiment/1\",\n  \"id\": \"x\",,\n}\n");
        file.close();
        const Result result = runCli({"run", path, "--participant", "p05", "--results",
                                      dir.filePath("r"), "--simulate", "perfect"});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("line 3"), qPrintable(result.err));
    }
};

STAGELAB_TEST_MAIN(TestSessionCli)
#include "tst_session_cli.moc"
