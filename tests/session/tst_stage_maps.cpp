// Stage-map trials from the experiment file to the analysis: ensembles load (and bad ones are
// refused with their JSON path and reason), reach the plan, render as the sum of their
// instruments each at its own place, are answered by the simulated listener with the published
// tendencies, recorded and read back exactly, and exported one line per instrument.

#include "analysis/localization_metrics.h"
#include "common/test_main.h"
#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "render/offline_render.h"
#include "results/result_rows.h"
#include "results/session_file.h"
#include "results/trial_line_parser.h"
#include "session/simulated_listener.h"
#include "session/trial_scene_builder.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
const char* const stageExperiment = R"({
  "format": "stagelab.experiment/1", "id": "stage", "title": "Stage maps",
  "stimuli": [{"id": "violin", "file": "violin"}, {"id": "piano", "file": "piano"},
              {"id": "bass", "file": "bass"}, {"id": "trumpet", "file": "trumpet"}],
  "playback": {"durationS": 0.5},
  "randomization": {"seedPolicy": "fixed", "seed": 5,
                    "constraints": {"noImmediateRepeat": ["ensemble"]}},
  "models": {"hrtf-studio": {"model": "hrtf", "room": "studio"}},
  "blocks": [{"id": "stage", "kind": "stage-map", "repetitions": 2,
    "factors": {"model": ["hrtf", "hrtf-studio"],
      "ensemble": [
        {"id": "quartet", "instruments": [
          {"stimulus": "violin", "azimuthDeg": 30, "distanceM": 1.5},
          {"stimulus": "piano", "azimuthDeg": -30, "distanceM": 2.5},
          {"stimulus": "bass", "azimuthDeg": 10, "distanceM": 3},
          {"stimulus": "trumpet", "azimuthDeg": -10, "distanceM": 1}]},
        {"id": "duo", "instruments": [
          {"stimulus": "violin", "azimuthDeg": 20, "distanceM": 2},
          {"stimulus": "bass", "azimuthDeg": -20, "distanceM": 2}]}]}}]
})";

ExperimentLoad loadPatched(const std::string& patch, const std::string& folder)
{
    Json document = Json::parse(stageExperiment);
    if (!patch.empty()) document = document.patch(Json::parse(patch));
    return loadExperimentFromJson(document, folder);
}

bool hasError(const ExperimentLoad& load, const std::string& path, const QString& fragment)
{
    for (const ValidationError& error : load.errors)
        if (error.jsonPath == path && QString::fromStdString(error.message).contains(fragment))
            return true;
    return false;
}

double correlation(const std::vector<float>& a, const std::vector<float>& b)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        ab += double(a[i]) * b[i];
        aa += double(a[i]) * a[i];
        bb += double(b[i]) * b[i];
    }
    return ab / std::sqrt(aa * bb);
}

/// The stage-map experiment above as a file, for the CLI.
bool writeStageExperiment(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(stageExperiment) > 0;
}

int runCli(const QStringList& arguments, QString* err = nullptr)
{
    QProcess process;
    process.start(STAGELAB_CLI, arguments);
    if (!process.waitForFinished(120000)) qFatal("stagelab-cli did not finish");
    if (err) *err = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}
} // namespace

class TestStageMaps : public QObject
{
    Q_OBJECT
    QTemporaryDir m_folder;

private slots:
    void ensemblesReachThePlan()
    {
        const ExperimentLoad load = loadPatched("", m_folder.path().toStdString());
        QVERIFY2(load.ok(), load.errorText().c_str());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "p1", 0, 1);
        QCOMPARE(plan.trials.size(), size_t(8)); // 2 models x 2 ensembles x 2 repetitions
        for (size_t i = 0; i < plan.trials.size(); ++i) {
            const PlannedTrial& trial = plan.trials[i];
            QCOMPARE(trial.kind, std::string("stage-map"));
            QCOMPARE(trial.responseMode, std::string("stage-map"));
            QCOMPARE(trial.instruments.size(), trial.ensemble == "quartet" ? size_t(4) : size_t(2));
            if (i > 0) QVERIFY(trial.ensemble != plan.trials[i - 1].ensemble); // as constrained
            // The plan's JSON carries the ensemble in full and reads back equal.
            const PlannedTrial back = plannedTrialFromJson(plannedTrialToJson(trial));
            QCOMPARE(back.ensemble, trial.ensemble);
            QVERIFY(back.instruments == trial.instruments);
        }
        QCOMPARE(plan.trials[0].instruments[0].stimulus.empty(), false);
    }

    void badEnsemblesAreRefusedWithTheirPath_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char* name, const char* patch, const char* path,
                            const char* reason) {
            QTest::newRow(name) << QString(patch) << QString(path) << QString(reason);
        };
        const char* ensemble = "/blocks/0/factors/ensemble/1";
        row("one instrument",
            R"([{"op":"remove","path":"/blocks/0/factors/ensemble/1/instruments/1"}])",
            "/blocks/0/factors/ensemble/1/instruments", "a stage map needs 2 to 8");
        row("unknown stimulus",
            R"([{"op":"replace","path":"/blocks/0/factors/ensemble/1/instruments/1/stimulus",
                 "value":"harp"}])",
            "/blocks/0/factors/ensemble/1/instruments/1/stimulus", "unknown stimulus 'harp'");
        row("an instrument twice",
            R"([{"op":"replace","path":"/blocks/0/factors/ensemble/1/instruments/1/stimulus",
                 "value":"violin"}])",
            "/blocks/0/factors/ensemble/1/instruments/1/stimulus", "already in this ensemble");
        row("two at one place",
            R"([{"op":"replace","path":"/blocks/0/factors/ensemble/1/instruments/1/azimuthDeg",
                 "value":20}])",
            "/blocks/0/factors/ensemble/1/instruments/1", "stands where 'violin' stands");
        row("beyond the floor plan",
            R"([{"op":"replace","path":"/blocks/0/factors/ensemble/1/instruments/0/distanceM",
                 "value":20}])",
            "/blocks/0/factors/ensemble/1/instruments/0/distanceM", "must be between");
        row("no distance",
            R"([{"op":"remove","path":"/blocks/0/factors/ensemble/1/instruments/0/distanceM"}])",
            "/blocks/0/factors/ensemble/1/instruments/0/distanceM", "missing");
        row("duplicate id",
            R"([{"op":"replace","path":"/blocks/0/factors/ensemble/1/id","value":"quartet"}])",
            "/blocks/0/factors/ensemble/1/id", "duplicate ensemble id 'quartet'");
        row("a localization factor",
            R"([{"op":"add","path":"/blocks/0/factors/azimuthDeg","value":[0]}])",
            "/blocks/0/factors/azimuthDeg", "");
        row("no ensembles", R"([{"op":"remove","path":"/blocks/0/factors/ensemble"}])",
            "/blocks/0/factors/ensemble", "");
        row("also asking a rating",
            R"([{"op":"add","path":"/blocks/0/alsoAsk","value":["externalization"]}])",
            "/blocks/0/alsoAsk/0", "a stage map asks for the instruments' places only");
        row("another block's answer",
            R"([{"op":"add","path":"/blocks/0/responseMode","value":"azimuth"}])",
            "/blocks/0/responseMode", "stage-map blocks answer with 'stage-map'");
        row("outside its room",
            R"([{"op":"replace","path":"/blocks/0/factors/ensemble/1/instruments/0/distanceM",
                 "value":15}])",
            "/blocks/0/factors/ensemble/1/instruments/0", "outside the room");
        (void)ensemble;
    }
    void badEnsemblesAreRefusedWithTheirPath()
    {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const ExperimentLoad load = loadPatched(patch.toStdString(), m_folder.path().toStdString());
        QVERIFY2(!load.ok(), "a broken experiment was accepted");
        QVERIFY2(hasError(load, path.toStdString(), reason), load.errorText().c_str());
    }

    void theEnsembleIsItsInstrumentsTogether()
    {
        // Each instrument alone at its place (as the listener hears it on S), summed, is the
        // ensemble: the scene renders every instrument through its own direction and distance.
        const ExperimentLoad load = loadPatched("", m_folder.path().toStdString());
        QVERIFY(load.ok());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "p1", 0, 1);
        const auto quartet =
            std::find_if(plan.trials.begin(), plan.trials.end(), [](const PlannedTrial& t) {
                return t.ensemble == "quartet" && t.model == "hrtf";
            });
        QVERIFY(quartet != plan.trials.end());
        TrialSceneBuilder builder(*load.experiment, 128);
        const double rate = load.experiment->sampleRateHz;
        const RenderedAudio together = renderOffline(builder.sceneSpec(*quartet), rate);
        std::vector<float> left(together.left.size()), right(together.right.size());
        for (const EnsembleInstrument& instrument : quartet->instruments) {
            PlannedTrial solo = *quartet;
            solo.instruments = {instrument};
            const RenderedAudio alone = renderOffline(builder.sceneSpec(solo), rate);
            for (size_t i = 0; i < std::min(left.size(), alone.left.size()); ++i) {
                left[i] += alone.left[i];
                right[i] += alone.right[i];
            }
        }
        // Linear rendering: the same up to float rounding (bound far below audibility).
        QVERIFY2(correlation(together.left, left) > 0.99999,
                 qPrintable(QString::number(correlation(together.left, left), 'g', 9)));
        QVERIFY(correlation(together.right, right) > 0.99999);
        // And not trivially: the violin at +30 deg (left) is louder in the left ear alone.
        PlannedTrial violin = *quartet;
        violin.instruments = {quartet->instruments[0]};
        const RenderedAudio alone = renderOffline(builder.sceneSpec(violin), rate);
        const auto energy = [](const std::vector<float>& x) {
            return std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
        };
        QVERIFY(energy(alone.left) > 1.5 * energy(alone.right));
    }

    void recordsReadBackExactlyAndMustPlaceEveryInstrument()
    {
        const ExperimentLoad load = loadPatched("", m_folder.path().toStdString());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "p1", 0, 1);
        TrialRecord record;
        record.trial = plan.trials[0];
        record.solos = 3;
        for (const EnsembleInstrument& instrument : record.trial.instruments)
            record.response.placements.push_back(
                {instrument.stimulus, instrument.azimuthDeg + 7.25, instrument.distanceM * 1.3});
        QCOMPARE(QString::fromStdString(missingAnswer(record.response, record.trial)), QString());
        const std::string line = trialRecordToJson(record).dump();
        TrialRecord back;
        QVERIFY(parseTrialLine(line.data(), line.data() + line.size(), back));
        QVERIFY(back.trial.instruments == record.trial.instruments);
        QCOMPARE(back.trial.ensemble, record.trial.ensemble);
        QVERIFY(back.response.placements == record.response.placements);
        QCOMPARE(back.solos, 3);
        QCOMPARE(QString::fromStdString(recordDiffersFromPlan(back, plan.trials[0])), QString());
        // A moved instrument in the record is not the planned trial.
        TrialRecord moved = back;
        moved.trial.instruments[1].azimuthDeg += 1;
        QVERIFY(recordDiffersFromPlan(moved, plan.trials[0]).find("instruments") !=
                std::string::npos);
        // Every instrument once, in the trial's order, at a distance in range.
        TrialResponse missing = record.response;
        missing.placements.pop_back();
        QVERIFY(missingAnswer(missing, record.trial).find("places") != std::string::npos);
        TrialResponse swapped = record.response;
        std::swap(swapped.placements[0], swapped.placements[1]);
        QVERIFY(missingAnswer(swapped, record.trial).find("placement 1") != std::string::npos);
        TrialResponse far = record.response;
        far.placements.back().distanceM = 500;
        QVERIFY2(missingAnswer(far, record.trial).find("not in") != std::string::npos,
                 missingAnswer(far, record.trial).c_str());
        // Tables see one record per instrument: its place the target, its placement the answer.
        const std::vector<TrialRecord> each = perInstrumentRecords(record);
        QCOMPARE(each.size(), record.trial.instruments.size());
        for (size_t i = 0; i < each.size(); ++i) {
            QCOMPARE(each[i].trial.stimulus, record.trial.instruments[i].stimulus);
            QCOMPARE(each[i].trial.distanceM, record.trial.instruments[i].distanceM);
            QCOMPARE(*each[i].response.azimuthDeg, record.trial.instruments[i].azimuthDeg + 7.25);
            QCOMPARE(each[i].trial.ensemble, record.trial.ensemble);
        }
    }

    void malformedStageLinesAreRefused_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a placement without its azimuth") << "\"placements\":[{\"azimuthDeg\":"
                                                         << "\"placements\":[{\"azimuth\":"
                                                         << "placement 1 lacks";
        QTest::newRow("an azimuth as text") << "\"placements\":[{\"azimuthDeg\":"
                                            << "\"placements\":[{\"azimuthDeg\":\"30\",\"x\":"
                                            << "placement 1 lacks";
        QTest::newRow("an instrument without its distance")
            << "\"instruments\":[{\"azimuthDeg\":"
            << "\"instruments\":[{\"x\":0,\"azimuthDeg\":"
            << "";
        QTest::newRow("not a stage map") << "\"responseMode\":\"stage-map\""
                                         << "\"responseMode\":\"azimuth\""
                                         << "not a stage map records instruments";
        QTest::newRow("no ensemble") << "\"ensemble\":\""
                                     << "\"ensembleX\":\""
                                     << "lacks its ensemble";
    }
    void malformedStageLinesAreRefused()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, reason);
        const ExperimentLoad load = loadPatched("", m_folder.path().toStdString());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "p1", 0, 1);
        TrialRecord record;
        record.trial = plan.trials[0];
        for (const EnsembleInstrument& instrument : record.trial.instruments)
            record.response.placements.push_back(instrument);
        QString line = QString::fromStdString(trialRecordToJson(record).dump());
        QVERIFY2(line.contains(from), qPrintable(line));
        line.replace(line.indexOf(from), from.size(), to);
        if (QString(QTest::currentDataTag()) == "an instrument without its distance")
            line.replace(QRegularExpression("\"distanceM\":[0-9.]+,\"stimulus\":\"violin\""),
                         "\"stimulus\":\"violin\"");
        const std::string text = line.toStdString();
        TrialRecord back;
        try {
            parseTrialLine(text.data(), text.data() + text.size(), back);
            QFAIL(qPrintable("accepted: " + line));
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains(reason), error.what());
        }
    }

    void nineInstrumentsAreNoStageMap()
    {
        // The parser stops at the ninth instrument: an endless list costs nothing.
        std::string line = "{\"type\":\"trial\",\"responseMode\":\"stage-map\",\"instruments\":[";
        for (int i = 0; i < 9; ++i)
            line +=
                std::string(i ? "," : "") + "{\"stimulus\":\"s\",\"azimuthDeg\":0,\"distanceM\":1}";
        line += "]}";
        TrialRecord back;
        try {
            parseTrialLine(line.data(), line.data() + line.size(), back);
            QFAIL("nine instruments accepted");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("more than 8 instruments"), error.what());
        }
    }

    void theSimulatedListenerConfusesCloseInstruments()
    {
        // Order errors grow as instruments come close: two instruments 60 deg apart keep their
        // left-right order (tau-b near 1), 6 deg apart far less often. Distances likewise.
        const auto meanOrder = [](double separationDeg, double nearM, double farM) {
            SimulatedListenerSettings settings;
            settings.seed = 11;
            settings.frontBackRate = 0;
            SimulatedListener listener(settings);
            PlannedTrial trial;
            trial.responseMode = "stage-map";
            trial.instruments = {{"violin", separationDeg / 2, nearM},
                                 {"bass", -separationDeg / 2, farM}};
            std::vector<ResultRow> rows;
            for (int t = 0; t < 400; ++t) {
                const TrialResponse answer = listener.respond(trial, plainModel("hrtf"));
                for (size_t i = 0; i < 2; ++i) {
                    ResultRow row;
                    row.kind = "stage-map";
                    row.stageMapTrial = std::to_string(t);
                    row.targetAzimuthDeg = trial.instruments[i].azimuthDeg;
                    row.targetDistanceM = trial.instruments[i].distanceM;
                    row.responseAzimuthDeg = answer.placements[i].azimuthDeg;
                    row.responseDistanceM = answer.placements[i].distanceM;
                    rows.push_back(row);
                }
            }
            return computeMetrics(rows);
        };
        const MetricValues wide = meanOrder(60, 1, 8), close = meanOrder(6, 1.8, 2.2);
        qInfo("left-right tau-b: %.3f at 60 deg, %.3f at 6 deg; near-far: %.3f at 1 vs 8 m, "
              "%.3f at 1.8 vs 2.2 m",
              wide.at("stageOrderLeftRight"), close.at("stageOrderLeftRight"),
              wide.at("stageOrderFrontBack"), close.at("stageOrderFrontBack"));
        // Two instruments swap with p = Phi(-difference / (sqrt 2 SD)), and tau-b = 1 - 2p.
        // Lateral SD 8 deg: 60 deg apart p ~ 0, tau-b > 0.95; 6 deg apart p = Phi(-0.53) =
        // 0.30, tau-b ~ 0.4 (bound 0.7). Distance (anechoic, a = 0.3, log SD 0.25): 1 vs 8 m
        // differ by 0.3 ln 8 = 0.62, p = Phi(-1.76) = 0.04, tau-b ~ 0.92 (bound 0.85); 1.8 vs
        // 2.2 m by 0.06, p = 0.43, tau-b ~ 0.13 (bound 0.5).
        QVERIFY(wide.at("stageOrderLeftRight") > 0.95);
        QVERIFY(close.at("stageOrderLeftRight") < 0.7);
        QVERIFY(wide.at("stageOrderFrontBack") > 0.85);
        QVERIFY(close.at("stageOrderFrontBack") < 0.5);
    }

    void aSimulatedSessionExportsAnInstrumentPerLine()
    {
        QTemporaryDir dir;
        const QString experiment = dir.filePath("stage.json");
        QVERIFY(writeStageExperiment(experiment));
        QString err;
        QCOMPARE(runCli({"run", experiment, "--participant", "p1", "--results",
                         dir.filePath("results"), "--simulate", "noise"},
                        &err),
                 0);
        const QString sessionFile =
            QDir(dir.filePath("results/p1")).entryInfoList({"*.jsonl"}).value(0).filePath();
        const SessionFileContents contents = readSessionFile(sessionFile.toStdString(), true);
        QCOMPARE(contents.trials.size(), size_t(8));
        size_t placements = 0;
        for (const TrialRecord& record : contents.trials) {
            QCOMPARE(record.response.placements.size(), record.trial.instruments.size());
            placements += record.response.placements.size();
        }
        QCOMPARE(placements, size_t(24)); // 4 quartets of 4, 4 duos of 2
        QCOMPARE(runCli({"export", dir.filePath("results"), "--format", "csv", "--out",
                         dir.filePath("out")},
                        &err),
                 0);
        QFile csv(dir.filePath("out/trials.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 24); // the header, then a line per placed instrument
        const QStringList header = lines[0].split(',');
        const auto column = [&](const QString& line, const char* name) {
            return line.split(',').value(header.indexOf(name));
        };
        QVERIFY(header.contains("ensemble"));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            QVERIFY(column(lines[i], "ensemble") == "quartet" ||
                    column(lines[i], "ensemble") == "duo");
            QVERIFY(!column(lines[i], "response_distance").isEmpty());
            QVERIFY(!column(lines[i], "target_distance").isEmpty());
        }
        // The session named twice (its folder and its file) is read once.
        std::vector<std::string> warnings;
        QCOMPARE(readSessionFiles(
                     {dir.filePath("results").toStdString(), sessionFile.toStdString()}, warnings)
                     .size(),
                 size_t(1));
        // The analysis reads them as placements, a stage per trial.
        const std::vector<ResultRow> rows = resultRows(contents, TrialSelection::Test);
        QCOMPARE(rows.size(), size_t(24));
        const MetricValues values = computeMetrics(rows);
        QCOMPARE(values.at("nStagePlacements"), 24.0);
        QVERIFY(std::isfinite(values.at("stageWidthRatio")));
        QVERIFY(std::isfinite(values.at("stageOrderFrontBack")));
    }

    void aStageMapSessionResumesExactly()
    {
        // A session cut after three stage maps (and a torn fourth line) resumes at the fourth:
        // the placements recorded before stay as they were, the rest are answered.
        QTemporaryDir dir;
        const QString experiment = dir.filePath("stage.json");
        QVERIFY(writeStageExperiment(experiment));
        const QStringList run = {"run",        experiment,  "--participant",
                                 "p1",         "--results", dir.filePath("results"),
                                 "--simulate", "noise"};
        QCOMPARE(runCli(run), 0);
        const QFileInfo session =
            QDir(dir.filePath("results/p1")).entryInfoList({"*.jsonl"}).value(0);
        QFile whole(session.filePath());
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = whole.readAll().split('\n');
        whole.close();
        QVERIFY(whole.open(QIODevice::WriteOnly | QIODevice::Truncate));
        for (int i = 0; i < 4; ++i) // the header and three trials
            whole.write(lines[i] + '\n');
        whole.write(lines[4].left(lines[4].size() / 2)); // a torn fourth
        whole.close();
        QString err;
        QCOMPARE(runCli(run + QStringList{"--resume", session.completeBaseName()}, &err), 0);
        const SessionFileContents contents =
            readSessionFile(session.filePath().toStdString(), true);
        QCOMPARE(contents.trials.size(), size_t(8));
        for (size_t i = 0; i < contents.trials.size(); ++i) {
            QCOMPARE(contents.trials[i].trial.index, int(i));
            QCOMPARE(contents.trials[i].response.placements.size(),
                     contents.trials[i].trial.instruments.size());
        }
        for (int i = 1; i < 4; ++i) { // the first three, byte for byte
            TrialRecord before;
            QVERIFY(parseTrialLine(lines[i].data(), lines[i].data() + lines[i].size(), before));
            QVERIFY(before.response.placements ==
                    contents.trials[size_t(i - 1)].response.placements);
        }
    }
};

STAGELAB_TEST_MAIN(TestStageMaps)
#include "tst_stage_maps.moc"
