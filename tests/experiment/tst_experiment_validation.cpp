// Experiment files: every kind of error is reported with its JSON path and reason, all at once;
// the shipped experiments validate.

#include "common/test_main.h"
#include "experiment/experiment.h"
#include "io/stimulus.h"
#include "plan_test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <limits>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
// A valid experiment touching every feature; each data row breaks one thing with a JSON Patch.
const char* const baseExperiment = R"({
  "format": "stagelab.experiment/1",
  "id": "base",
  "title": "Base",
  "stimuli": [
    {"id": "piano", "file": "piano"},
    {"id": "tone", "file": "sounds/tone.wav"},
    {"id": "violin", "file": "violin.wav"},
    {"id": "bass", "file": "bass"}
  ],
  "devices": [
    {"id": "a", "name": "Device A", "kind": "open-back"},
    {"id": "b", "kind": "iem"}
  ],
  "hrtf": "kemar.sofa",
  "playback": {"durationS": 2, "replaysAllowed": 1},
  "breaks": {"everyTrials": 10, "minimumS": 30},
  "randomization": {"seedPolicy": "per-session", "blockOrder": "random", "deviceOrder": "abba",
                    "constraints": {"noImmediateRepeat": ["azimuthDeg"]}},
  "blocks": [
    {"id": "train", "kind": "localization", "training": true, "feedback": true,
     "factors": {"stimulus": ["piano"], "azimuthDeg": [0, 90]}},
    {"id": "loc", "kind": "localization", "repetitions": 2,
     "factors": {"stimulus": ["piano", "tone"], "model": ["hrtf", "stereo-pan"], "azimuthDeg": [0, 30, 60, 90],
                 "distractors": {"count": [0, 1], "stimuli": ["violin", "bass"], "minimumSeparationDeg": 40}}},
    {"id": "wid", "kind": "width", "factors": {"stimulus": ["tone"], "widthDeg": [0, 45]}}
  ]
})";

} // namespace

using plantest::hasError;

class TestExperimentValidation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_folder; // holds sounds/tone.wav and kemar.sofa, the base's relative files

    ExperimentLoad loadPatched(const QString& patch)
    {
        Json document = Json::parse(baseExperiment);
        if (!patch.isEmpty()) document = document.patch(Json::parse(patch.toStdString()));
        return loadExperimentFromJson(document, m_folder.path().toStdString());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_folder.isValid());
        QVERIFY(QDir(m_folder.path()).mkpath("sounds"));
        // Validation checks that files exist; it does not decode them (the session loads audio).
        for (const char* name : {"sounds/tone.wav", "kemar.sofa"}) {
            QFile file(m_folder.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
    }

    void headTrackingIsAFactor()
    {
        // Crossed like any factor: the localization block (hrtf only) doubles; the experiment's
        // level is every block's default, a block's own wins.
        const ExperimentLoad load = loadPatched(
            R"([{"op":"replace","path":"/blocks/1/factors/model","value":["hrtf"]},
                {"op":"add","path":"/blocks/1/factors/headTracking","value":["off","on"]},
                {"op":"add","path":"/blocks/0/responseMode","value":"head-pointing"},
                {"op":"add","path":"/blocks/2/factors/headTracking","value":"on"}])");
        QVERIFY2(load.ok(), load.errorText().c_str());
        const Experiment& e = *load.experiment;
        QCOMPARE(e.blocks[1].factors.headTracking, (std::vector<std::string>{"off", "on"}));
        // repetitions x stimuli x models x azimuths x distractor counts x head tracking
        QCOMPARE(e.blocks[1].trialCount(), int64_t(2 * 2 * 1 * 4 * 2 * 2));
        QCOMPARE(e.blocks[0].factors.headTracking, (std::vector<std::string>{"off"}));
        QCOMPARE(e.blocks[2].factors.headTracking, (std::vector<std::string>{"on"}));
        QCOMPARE(e.blocks[0].responseMode, std::string("head-pointing"));
        QVERIFY(e.needsHeadTracker());
        QVERIFY(!loadPatched("").experiment->needsHeadTracker());
    }

    void baseExperimentLoads()
    {
        const ExperimentLoad load = loadPatched({});
        QVERIFY2(load.ok(), load.errorText().c_str());
        const Experiment& experiment = *load.experiment;
        QCOMPARE(experiment.stimuli.size(), size_t(4));
        const std::filesystem::path tone = experiment.findStimulus("tone")->path;
        QVERIFY(tone.is_absolute());
        QCOMPARE(QString::fromStdString(tone.string()), m_folder.filePath("sounds/tone.wav"));
        QCOMPARE(experiment.findStimulus("violin")->path, resolveStimulus("violin"));
        QCOMPARE(QString::fromStdString(experiment.hrtf), m_folder.filePath("kemar.sofa"));
        QCOMPARE(experiment.findDevice("b")->name, std::string("b")); // name defaults to the id
        // Defaults of DESIGN.md §2 and docs/experiment-format.md.
        QCOMPARE(experiment.sampleRateHz, 48000.0);
        QCOMPARE(experiment.levelLufs, -23.0);
        QCOMPARE(experiment.findBlock("loc")->responseMode, std::string("azimuth"));
        QCOMPARE(experiment.findBlock("wid")->responseMode, std::string("width-edges"));
        QCOMPARE(experiment.findBlock("wid")->factors.azimuthDeg, std::vector<double>{0.0});
        QCOMPARE(experiment.findBlock("loc")->trialCount(), int64_t(2 * 2 * 4 * 2 * 2));
        QCOMPARE(experiment.contentHash, load.contentHash);
        QCOMPARE(experiment.contentHash.size(), size_t(64));
        // An answer waits for the whole sound unless the experiment says otherwise.
        QVERIFY(!experiment.playback.answerAfterS);
        QCOMPARE(experiment.playback.answerAfterOrDurationS(), 2.0);
    }

    void fuzzFindings_data()
    {
        // Issue 11's findings in experiment files, named after them: what the text becomes,
        // and the error it must give (path, message).
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("escaped: 1e400") << R"("durationS": 2)"
                                        << R"("durationS": 1e400)"
                                        << ""
                                        << "the number 1e400 is beyond the range of a double";
        QTest::newRow("accepted: id twice") << R"("id": "base",)"
                                            << R"("id": "base", "id": "other",)"
                                            << "/id"
                                            << "key 'id' appears twice in one object";
        // A long id names a session file longer than a file name may be ("File name too long").
        QTest::newRow("vague: a 300-character id")
            << R"("id": "base",)" << QString(R"("id": "%1",)").arg(QString(300, 'a')) << "/id"
            << "is an id of 300 characters, more than the limit of 64";
        QTest::newRow("unlimited: a 1 MB title")
            << R"("title": "Base",)" << QString(R"("title": "%1",)").arg(QString(1 << 20, 't'))
            << "/title"
            << "is 1048576 bytes long, more than the limit of 16384";
        QTest::newRow("crash: 65000 brackets") << R"("hrtf": "kemar.sofa",)"
                                               << QString(R"("hrtf": "kemar.sofa", "deep": %1%2,)")
                                                      .arg(QString(65000, '['), QString(65000, ']'))
                                               << "/deep"
                                               << "nesting deeper than 64 levels";
    }
    void fuzzFindings()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const QString text = QString(baseExperiment).replace(from, to);
        QVERIFY(text != QString(baseExperiment));
        const ExperimentLoad load =
            loadExperimentFromString(text.toStdString(), m_folder.path().toStdString());
        QCOMPARE(load.errors.size(), size_t(1));
        // The path is where the limit broke: for the brackets, deep inside "/deep/0/0/...".
        QVERIFY2(QString::fromStdString(load.errors[0].jsonPath).startsWith(path),
                 load.errors[0].jsonPath.c_str());
        QVERIFY2(QString::fromStdString(load.errors[0].message).contains(message),
                 load.errors[0].message.c_str());
    }

    void hang200000Levels()
    {
        // Once: 200,000 azimuths took 8 s (a quadratic repeat check) before being refused for
        // the block's size. Now refused at once for the factor's.
        nlohmann::json document = nlohmann::json::parse(baseExperiment);
        std::vector<double> azimuths(200000);
        for (size_t i = 0; i < azimuths.size(); ++i)
            azimuths[i] = -180.0 + 540.0 * double(i) / double(azimuths.size());
        document["blocks"][1]["factors"]["azimuthDeg"] = azimuths;
        const ExperimentLoad load = loadExperimentFromJson(document, m_folder.path().toStdString());
        QVERIFY(!load.ok());
        QCOMPARE(QString::fromStdString(load.errors[0].jsonPath),
                 QStringLiteral("/blocks/1/factors/azimuthDeg"));
        QVERIFY2(QString::fromStdString(load.errors[0].message)
                     .contains("has 200000 levels; at most 10000 are allowed"),
                 load.errors[0].message.c_str());
        // 10,000 distinct levels are checked in log time each (was a scan of all before).
        azimuths.resize(10000);
        document["blocks"][1]["factors"]["azimuthDeg"] = azimuths;
        const ExperimentLoad large =
            loadExperimentFromJson(document, m_folder.path().toStdString());
        for (const ValidationError& error : large.errors)
            QVERIFY2(!QString::fromStdString(error.message).contains("repeats"),
                     error.message.c_str());
    }

    void listenerAndExperimenterTextsAreApart()
    {
        const ExperimentLoad load = loadPatched(
            R"([{"op":"add","path":"/description","value":"for the experimenter"},
                {"op":"add","path":"/instructions","value":"for the listener"},
                {"op":"add","path":"/blocks/1/instructions","value":"this block"},
                {"op":"add","path":"/playback/answerAfterS","value":0.5}])");
        QVERIFY2(load.ok(), load.errorText().c_str());
        QCOMPARE(load.experiment->description, std::string("for the experimenter"));
        QCOMPARE(load.experiment->instructions, std::string("for the listener"));
        QCOMPARE(load.experiment->blocks[1].instructions, std::string("this block"));
        QCOMPARE(load.experiment->playback.answerAfterOrDurationS(), 0.5);
    }

    void reportsEachErrorWithPathAndReason_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        auto row = [](const char* name, const char* patch, const char* path, const char* reason) {
            QTest::newRow(name) << QString(patch) << QString(path) << QString(reason);
        };
        row("unknown top-level key", R"([{"op":"add","path":"/colour","value":"red"}])", "/colour",
            "unknown key 'colour'");
        row("unknown key suggests the unit",
            R"([{"op":"add","path":"/blocks/1/factors/azimuth","value":[0]}])",
            "/blocks/1/factors/azimuth", "did you mean 'azimuthDeg'?");
        row("unknown key in a stimulus", R"([{"op":"add","path":"/stimuli/0/gainDb","value":3}])",
            "/stimuli/0/gainDb", "unknown key");
        row("wrong type: number", R"([{"op":"add","path":"/sampleRateHz","value":"48k"}])",
            "/sampleRateHz", "must be a number, not a string");
        row("wrong type: boolean",
            R"([{"op":"replace","path":"/blocks/0/training","value":"yes"}])", "/blocks/0/training",
            "must be true or false, not a string");
        row("wrong type: integer",
            R"([{"op":"replace","path":"/blocks/1/repetitions","value":1.5}])",
            "/blocks/1/repetitions", "must be an integer");
        row("wrong type: list",
            R"([{"op":"replace","path":"/blocks/1/factors/azimuthDeg","value":30}])",
            "/blocks/1/factors/azimuthDeg", "must be an array, not a number");
        row("wrong type: document", R"([{"op":"replace","path":"","value":[1,2]}])", "",
            "must be an object, not an array");
        row("missing kind", R"([{"op":"remove","path":"/blocks/0/kind"}])", "/blocks/0/kind",
            "required key 'kind' is missing");
        row("missing title", R"([{"op":"remove","path":"/title"}])", "/title",
            "required key 'title' is missing");
        row("missing format", R"([{"op":"remove","path":"/format"}])", "/format",
            "required key 'format' is missing");
        row("missing factors", R"([{"op":"remove","path":"/blocks/2/factors"}])",
            "/blocks/2/factors", "is missing");
        row("localization needs azimuths",
            R"([{"op":"remove","path":"/blocks/1/factors/azimuthDeg"}])",
            "/blocks/1/factors/azimuthDeg", "required key 'azimuthDeg' is missing");
        row("width block needs widths", R"([{"op":"remove","path":"/blocks/2/factors/widthDeg"}])",
            "/blocks/2/factors/widthDeg", "required key 'widthDeg' is missing");
        row("wrong format",
            R"([{"op":"replace","path":"/format","value":"stagelab.experiment/2"}])", "/format",
            "unsupported format 'stagelab.experiment/2'");
        row("missing stimulus file",
            R"([{"op":"replace","path":"/stimuli/1/file","value":"sounds/missing.wav"}])",
            "/stimuli/1/file", "stimulus file 'sounds/missing.wav' not found");
        row("unknown default stimulus",
            R"([{"op":"replace","path":"/stimuli/0/file","value":"harpsichord"}])",
            "/stimuli/0/file", "nor a name of the default stimulus set");
        row("missing HRTF", R"([{"op":"replace","path":"/hrtf","value":"nowhere.sofa"}])", "/hrtf",
            "not found");
        row("duplicate stimulus id", R"([{"op":"replace","path":"/stimuli/3/id","value":"piano"}])",
            "/stimuli/3/id", "duplicate stimulus id 'piano' (first at /stimuli/0/id)");
        row("duplicate device id", R"([{"op":"replace","path":"/devices/1/id","value":"a"}])",
            "/devices/1/id", "duplicate device id 'a'");
        row("duplicate block id", R"([{"op":"replace","path":"/blocks/2/id","value":"loc"}])",
            "/blocks/2/id", "duplicate block id 'loc' (first at /blocks/1/id)");
        row("bad id characters", R"([{"op":"replace","path":"/id","value":"my study"}])", "/id",
            "must be a non-empty id");
        row("unknown model",
            R"([{"op":"replace","path":"/blocks/1/factors/model/1","value":"binaural"}])",
            "/blocks/1/factors/model/1", "unknown model 'binaural' (known: hrtf, spherical-head");
        row("a distance answer without distances",
            R"([{"op":"add","path":"/blocks/1/responseMode","value":"azimuth-distance"}])",
            "/blocks/1/factors", "needs its targets' distances");
        row("a distance answer at the reference distance",
            R"([{"op":"add","path":"/blocks/1/responseMode","value":"azimuth-distance"},
                {"op":"add","path":"/blocks/1/factors/distanceM","value":[0, 2]}])",
            "/blocks/1/factors/distanceM/0", "not a distance a listener can be scored against");
        row("a distance target beyond the floor plan",
            R"([{"op":"add","path":"/blocks/1/responseMode","value":"azimuth-distance"},
                {"op":"add","path":"/blocks/1/factors/distanceM","value":[2, 30]}])",
            "/blocks/1/factors/distanceM/1", "beyond the distances a listener can answer");
        row("an unknown extra question",
            R"([{"op":"add","path":"/blocks/1/alsoAsk","value":["loudness"]}])",
            "/blocks/1/alsoAsk/0", "externalization");
        row("an extra question twice",
            R"([{"op":"add","path":"/blocks/1/alsoAsk","value":["externalization","externalization"]}])",
            "/blocks/1/alsoAsk/1", "twice");
        row("a rating in a width block",
            R"([{"op":"add","path":"/blocks/2/responseMode","value":"externalization"}])",
            "/blocks/2/responseMode", "width blocks answer with 'width-edges'");
        row("an externalization block asked again",
            R"([{"op":"add","path":"/blocks/-","value":{"id":"ext","kind":"externalization",
                "alsoAsk":["externalization"],"factors":{"stimulus":["tone"],"azimuthDeg":[0]}}}])",
            "/blocks/3/alsoAsk/0", "asks it already");
        row("unknown stimulus in a block",
            R"([{"op":"add","path":"/blocks/1/factors/stimulus/-","value":"cello"}])",
            "/blocks/1/factors/stimulus/2", "unknown stimulus 'cello'");
        row("unknown distractor stimulus",
            R"([{"op":"replace","path":"/blocks/1/factors/distractors/stimuli/0","value":"organ"}])",
            "/blocks/1/factors/distractors/stimuli/0", "unknown distractor stimulus 'organ'");
        row("too few distractor stimuli",
            R"([{"op":"replace","path":"/blocks/1/factors/distractors/count/1","value":3}])",
            "/blocks/1/factors/distractors/count/1",
            "3 distractors need 3 stimuli other than the target");
        row("distractors without stimuli",
            R"([{"op":"remove","path":"/blocks/1/factors/distractors/stimuli"}])",
            "/blocks/1/factors/distractors/stimuli", "is missing");
        row("zero trials: empty factor",
            R"([{"op":"replace","path":"/blocks/1/factors/azimuthDeg","value":[]}])",
            "/blocks/1/factors/azimuthDeg", "zero trials");
        row("zero trials: no repetitions",
            R"([{"op":"replace","path":"/blocks/1/repetitions","value":0}])",
            "/blocks/1/repetitions", "zero trials");
        row("repeated level",
            R"([{"op":"replace","path":"/blocks/1/factors/azimuthDeg/2","value":30}])",
            "/blocks/1/factors/azimuthDeg/2", "repeats an earlier level");
        row("azimuth above 360",
            R"([{"op":"replace","path":"/blocks/1/factors/azimuthDeg/3","value":400}])",
            "/blocks/1/factors/azimuthDeg/3", "must be between -180 and 360, not 400");
        row("azimuth below -180",
            R"([{"op":"replace","path":"/blocks/1/factors/azimuthDeg/0","value":-180.5}])",
            "/blocks/1/factors/azimuthDeg/0", "must be between -180 and 360, not -180.5");
        row("elevation above 90",
            R"([{"op":"add","path":"/blocks/1/factors/elevationDeg","value":[0, 91]}])",
            "/blocks/1/factors/elevationDeg/1", "must be between -90 and 90, not 91");
        row("negative width",
            R"([{"op":"replace","path":"/blocks/2/factors/widthDeg/1","value":-5}])",
            "/blocks/2/factors/widthDeg/1", "must be between 0 and 360, not -5");
        row("width above 360",
            R"([{"op":"replace","path":"/blocks/2/factors/widthDeg/1","value":361}])",
            "/blocks/2/factors/widthDeg/1", "must be between 0 and 360, not 361");
        row("separation above 180",
            R"([{"op":"replace","path":"/blocks/1/factors/distractors/minimumSeparationDeg","value":200}])",
            "/blocks/1/factors/distractors/minimumSeparationDeg", "must be between 0 and 180");
        row("bad seed policy",
            R"([{"op":"replace","path":"/randomization/seedPolicy","value":"random"}])",
            "/randomization/seedPolicy",
            "must be one of 'fixed', 'per-participant', 'per-session', not 'random'");
        row("fixed policy without seed",
            R"([{"op":"replace","path":"/randomization/seedPolicy","value":"fixed"}])",
            "/randomization/seed", "required when seedPolicy is 'fixed'");
        row("negative seed", R"([{"op":"add","path":"/randomization/seed","value":-1}])",
            "/randomization/seed", "must be an integer from 0 to 18446744073709551615");
        row("bad block order",
            R"([{"op":"replace","path":"/randomization/blockOrder","value":"balanced"}])",
            "/randomization/blockOrder", "must be one of 'fixed', 'random', 'latin-square'");
        row("bad device order",
            R"([{"op":"replace","path":"/randomization/deviceOrder","value":"abab"}])",
            "/randomization/deviceOrder", "must be one of 'fixed', 'abba', 'latin-square'");
        row("ABBA with one device", R"([{"op":"remove","path":"/devices/1"}])",
            "/randomization/deviceOrder", "'abba' needs at least two devices");
        row("bad constraint factor",
            R"([{"op":"add","path":"/randomization/constraints/noImmediateRepeat/-","value":"azimuth"}])",
            "/randomization/constraints/noImmediateRepeat/1",
            "must be one of 'stimulus', 'model', 'azimuthDeg'");
        row("bad device kind", R"([{"op":"replace","path":"/devices/1/kind","value":"earbuds"}])",
            "/devices/1/kind",
            "must be one of 'open-back', 'closed-back', 'iem', 'loudspeakers', not 'earbuds'");
        row("bad block kind", R"([{"op":"replace","path":"/blocks/2/kind","value":"distance"}])",
            "/blocks/2/kind", "must be one of 'localization', 'width'");
        row("response mode of another kind",
            R"([{"op":"add","path":"/blocks/2/responseMode","value":"azimuth"}])",
            "/blocks/2/responseMode", "does not fit a width block");
        row("negative replays",
            R"([{"op":"replace","path":"/playback/replaysAllowed","value":-1}])",
            "/playback/replaysAllowed", "must be an integer from 0 to 100, not -1");
        row("answer opens after the sound ends",
            R"([{"op":"add","path":"/playback/answerAfterS","value":2.5}])",
            "/playback/answerAfterS", "longer than the sound (durationS)");
        row("instructions not text", R"([{"op":"add","path":"/instructions","value":3}])",
            "/instructions", "must be a string");
        row("level above 0 LUFS", R"([{"op":"add","path":"/levelLufs","value":3}])", "/levelLufs",
            "must be between -70 and 0");
        row("no stimuli", R"([{"op":"replace","path":"/stimuli","value":[]}])", "/stimuli",
            "at least one stimulus");
        row("no test block",
            R"([{"op":"remove","path":"/blocks/2"},{"op":"remove","path":"/blocks/1"}])", "/blocks",
            "only training blocks");
        row("head tracking neither off nor on",
            R"([{"op":"add","path":"/blocks/2/factors/headTracking","value":"yes"}])",
            "/blocks/2/factors/headTracking", "must be one of 'off', 'on', not 'yes'");
        row("head tracking listed twice",
            R"([{"op":"add","path":"/blocks/2/factors/headTracking","value":["on","on"]}])",
            "/blocks/2/factors/headTracking", "lists 'on' twice");
        row("head tracking a model without a head",
            R"([{"op":"add","path":"/blocks/1/factors/headTracking","value":["off","on"]}])",
            "/blocks/1/factors/model/1", "'stereo-pan' (stereo-pan) cannot be head-tracked");
        row("head tracking on for every block, one without a head",
            R"([{"op":"add","path":"/headTracking","value":"on"}])", "/blocks/1/factors/model/1",
            "cannot be head-tracked");
        row("experiment head tracking not a level",
            R"([{"op":"add","path":"/headTracking","value":true}])", "/headTracking",
            "must be a string");
        row("face-front tolerance beyond 45",
            R"([{"op":"add","path":"/faceFrontToleranceDeg","value":90}])",
            "/faceFrontToleranceDeg", "must be between 1 and 45");
        row("head-pointing also asking for a rating",
            R"([{"op":"add","path":"/blocks/1/responseMode","value":"head-pointing"},
                {"op":"add","path":"/blocks/1/alsoAsk","value":["externalization"]}])",
            "/blocks/1/alsoAsk/0", "a head-pointing answer is the head's alone");
        row("head-pointing answers a width block",
            R"([{"op":"add","path":"/blocks/2/responseMode","value":"head-pointing"}])",
            "/blocks/2/responseMode", "does not fit a width block");
        row("absurd trial count",
            R"([{"op":"replace","path":"/blocks/1/repetitions","value":10000}])", "/blocks/1",
            "is surely a mistake");
    }
    void reportsEachErrorWithPathAndReason()
    {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const ExperimentLoad load = loadPatched(patch);
        QVERIFY2(!load.ok(), "a broken experiment was accepted");
        QVERIFY(!load.experiment.has_value());
        QVERIFY2(hasError(load, path.toStdString(), reason), load.errorText().c_str());
    }

    void reportsAllErrorsTogether()
    {
        // Five unrelated mistakes in one file: exactly five errors, one per mistake.
        const ExperimentLoad load = loadPatched(R"([
            {"op":"add","path":"/colour","value":"red"},
            {"op":"replace","path":"/stimuli/1/file","value":"sounds/missing.wav"},
            {"op":"replace","path":"/blocks/1/factors/model/0","value":"binaural"},
            {"op":"replace","path":"/blocks/1/factors/azimuthDeg/3","value":400},
            {"op":"replace","path":"/randomization/seedPolicy","value":"random"}])");
        QVERIFY2(load.errors.size() == 5, load.errorText().c_str());
        QVERIFY(hasError(load, "/colour", "unknown key"));
        QVERIFY(hasError(load, "/stimuli/1/file", "not found"));
        QVERIFY(hasError(load, "/blocks/1/factors/model/0", "unknown model"));
        QVERIFY(hasError(load, "/blocks/1/factors/azimuthDeg/3", "not 400"));
        QVERIFY(hasError(load, "/randomization/seedPolicy", "not 'random'"));
        QVERIFY(!load.contentHash
                     .empty()); // the text parsed, so it has a hash even though it is invalid
    }

    void malformedJsonGivesPosition_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("bare word") << "{\n  \"id\": \"x\",\n  oops\n}" << 3 << 3;
        QTest::newRow("trailing comma") << "{\"id\": \"x\",\n \"title\": \"t\",\n}" << 3 << 1;
        QTest::newRow("unterminated") << "{\"id\": \"x\"" << 1 << 11;
        QTest::newRow("empty file") << "" << 1 << 1;
    }
    void malformedJsonGivesPosition()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        const ExperimentLoad load =
            loadExperimentFromString(text.toStdString(), m_folder.path().toStdString());
        QCOMPARE(load.errors.size(), size_t(1));
        const ValidationError& error = load.errors.front();
        QCOMPARE(error.jsonPath, std::string());
        QVERIFY2(QString::fromStdString(error.message).startsWith("malformed JSON at line"),
                 error.message.c_str());
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY(load.contentHash.empty());
    }

    void unreadableFileIsAnError()
    {
        const ExperimentLoad load = loadExperiment(m_folder.filePath("absent.json").toStdString());
        QCOMPARE(load.errors.size(), size_t(1));
        QVERIFY(QString::fromStdString(load.errors.front().message)
                    .contains("cannot read experiment file"));
    }

    void shippedExperimentsValidate_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("trials");
        QTest::newRow("demo") << "demo.json" << 6 + 24 + 8;
        QTest::newRow("imaging study") << "imaging-study.json" << 8 + 320 + 64;
        QTest::newRow("head-tracking study") << "head-tracking-study.json" << 4 + 48 + 10;
    }
    void shippedExperimentsValidate()
    {
        QFETCH(QString, file);
        QFETCH(int, trials);
        const ExperimentLoad load =
            loadExperiment(STAGELAB_SOURCE_DIR "/stimuli/experiments/" + file.toStdString());
        QVERIFY2(load.ok(), load.errorText().c_str());
        int64_t count = 0;
        for (const ExperimentBlock& block : load.experiment->blocks)
            count +=
                block.trialCount() *
                (block.training ? 1
                                : int64_t(std::max<size_t>(1, load.experiment->devices.size())));
        QCOMPARE(count,
                 int64_t(trials)); // the durations stated in the files and the docs depend on it
    }

    void contentHashIgnoresFormattingButNotValues()
    {
        const Json a = Json::parse(R"({"b": [1, 2.5, "x"], "a": 2})");
        const Json b = Json::parse("{\n  \"a\": 2,\n  \"b\": [1, 2.5, \"x\"]\n}");
        // SHA-256 of the canonical text {"a":2,"b":[1,2.5,"x"]}, computed independently (Python
        // hashlib).
        QCOMPARE(experimentContentHash(a),
                 std::string("e65514c9fa15d20a6a056a030cab9100a70a7612d4c306a46b17d2d9f288f0f9"));
        QCOMPARE(experimentContentHash(b), experimentContentHash(a));
        QVERIFY(experimentContentHash(Json::parse(R"({"a": 3, "b": [1, 2.5, "x"]})")) !=
                experimentContentHash(a));
        QCOMPARE(loadPatched({}).contentHash, experimentContentHash(Json::parse(baseExperiment)));
    }

    void documentsBuiltInCodeAreCheckedToo()
    {
        // JSON text cannot carry these; a document assembled in code (a GUI editor) can.
        Json document = Json::parse(baseExperiment);
        document["blocks"][1]["factors"]["azimuthDeg"][0] =
            std::numeric_limits<double>::quiet_NaN();
        document["randomization"]["seed"] = 5; // a signed integer in memory, still a valid seed
        ExperimentLoad load = loadExperimentFromJson(document, m_folder.path().toStdString());
        QVERIFY2(load.errors.size() == 1 &&
                     hasError(load, "/blocks/1/factors/azimuthDeg/0", "not nan"),
                 load.errorText().c_str());
        document = Json::parse(baseExperiment);
        document["title"] = "\xff\xfe";
        load = loadExperimentFromJson(document, m_folder.path().toStdString());
        QVERIFY2(hasError(load, "", "not valid UTF-8"), load.errorText().c_str());
    }

    void pathsWithFoldersAreNotLookedUpInTheDefaultSet()
    {
        // "sub/piano" names a file beside the experiment; it must not fall back to the default
        // piano.
        const ExperimentLoad load =
            loadPatched(R"([{"op":"replace","path":"/stimuli/0/file","value":"sub/piano"}])");
        QVERIFY(hasError(load, "/stimuli/0/file", "not found"));
    }
};

STAGELAB_TEST_MAIN(TestExperimentValidation)
#include "tst_experiment_validation.moc"
