// Model variants and distances in experiment files: named variants with parameters and rooms
// load, reach the plan and the session header in full; every bad variant, room or distance is
// refused with its JSON path and reason.

#include "common/test_main.h"
#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "plan_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
const char* const variantExperiment = R"({
  "format": "stagelab.experiment/1", "id": "variants", "title": "Variants",
  "stimuli": [{"id": "piano", "file": "piano"}],
  "rooms": {"booth": {"sizeM": [3.2, 2.8, 2.4], "listener": {"positionM": [1.4, 1.4, 1.2]},
                      "rt60S": 0.15}},
  "models": {
    "speakers-narrow": {"model": "virtual-speakers", "speakerAzimuthDeg": 15,
                        "speakerDistanceM": 2, "room": "living-room"},
    "speakers-anechoic": {"model": "virtual-speakers", "room": "anechoic",
                          "speakerDistanceM": 10},
    "hrtf-booth": {"model": "hrtf", "room": "booth"},
    "hrtf-inline": {"model": "hrtf", "room": {"sizeM": [8, 6, 3],
                    "listener": {"positionM": [4, 3, 1.2]}, "absorption": 0.3}},
    "crossfeed-strong": {"model": "crossfeed", "cutoffHz": 650, "levelDb": 9.5},
    "small-head": {"model": "spherical-head", "headRadiusM": 0.075}
  },
  "blocks": [{"id": "loc", "kind": "localization",
    "factors": {"stimulus": ["piano"],
                "model": ["hrtf", "speakers-narrow", "hrtf-booth", "crossfeed-strong"],
                "azimuthDeg": [0, 30], "distanceM": [0, 1]}}]
})";

} // namespace

using plantest::hasError;

class TestModelVariants : public QObject
{
    Q_OBJECT

    QTemporaryDir m_folder;

    ExperimentLoad loadPatched(const QString& patch)
    {
        Json document = Json::parse(variantExperiment);
        if (!patch.isEmpty()) document = document.patch(Json::parse(patch.toStdString()));
        return loadExperimentFromJson(document, m_folder.path().toStdString());
    }

private slots:
    void variantsLoadWithTheirParametersAndRooms()
    {
        const ExperimentLoad load = loadPatched({});
        QVERIFY2(load.ok(), load.errorText().c_str());
        const Experiment& experiment = *load.experiment;
        QCOMPARE(experiment.models.size(), size_t(6));
        const ModelVariant narrow = experiment.modelVariant("speakers-narrow");
        QCOMPARE(narrow.model, std::string("virtual-speakers"));
        QCOMPARE(*narrow.speakerAzimuthDeg, 15.0);
        QCOMPARE(narrow.room->id, std::string("living-room"));
        QCOMPARE(experiment.modelVariant("hrtf-booth").room->id, std::string("booth"));
        QCOMPARE(experiment.modelVariant("hrtf-inline").room->id, std::string("hrtf-inline"));
        QCOMPARE(experiment.modelVariant("hrtf-inline").room->lengthM, 8.0);
        // A plain model is itself, with its defaults and no room.
        QVERIFY(!experiment.modelVariant("hrtf").room);
        QCOMPARE(experiment.modelVariant("hrtf").model, std::string("hrtf"));
        // "anechoic" is not "no room": virtual-speakers then plays without its built-in one.
        const ModelVariant anechoic = experiment.modelVariant("speakers-anechoic");
        QVERIFY(!anechoic.room);
        QCOMPARE(anechoic.settings({}).room.reflectionOrder, 0);
        QCOMPARE(experiment.modelVariant("virtual-speakers").settings({}).room.reflectionOrder, 2);
        QCOMPARE(experiment.modelVariant("crossfeed-strong").settings({}).crossfeedLevelDb, 9.5);
        QCOMPARE(experiment.modelVariant("small-head").settings({}).headRadiusM, 0.075);
        QCOMPARE(experiment.findBlock("loc")->trialCount(), int64_t(1 * 4 * 2 * 2));

        // What a session header records: every parameter in effect and the room in full.
        const Json recorded = narrow.toJson();
        QCOMPARE(recorded["speakerAzimuthDeg"].get<double>(), 15.0);
        QCOMPARE(recorded["speakerDistanceM"].get<double>(), 2.0);
        QVERIFY(recorded["room"]["sizeM"] == Json::parse("[6.5, 5.0, 2.6]"));
        QCOMPARE(experiment.modelVariant("virtual-speakers").toJson()["room"].get<std::string>(),
                 std::string("built-in"));
        QCOMPARE(experiment.modelVariant("crossfeed").toJson()["cutoffHz"].get<double>(), 700.0);
    }

    void distancesReachThePlan()
    {
        const ExperimentLoad load = loadPatched({});
        QVERIFY2(load.ok(), load.errorText().c_str());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "P01", 7, 1);
        QCOMPARE(plan.trials.size(), size_t(16));
        const auto atOneMetre =
            std::count_if(plan.trials.begin(), plan.trials.end(),
                          [](const PlannedTrial& t) { return t.distanceM == 1.0; });
        QCOMPARE(atOneMetre, 8);
        for (const PlannedTrial& trial : plan.trials) {
            const Json json = plannedTrialToJson(trial);
            // Absent at the reference distance: plans written before distances read back equal.
            QCOMPARE(json.contains("distanceM"), trial.distanceM != 0.0);
            QCOMPARE(plannedTrialFromJson(json).distanceM, trial.distanceM);
        }
        const std::string table = describePlanTable(plan);
        QVERIFY(table.find("distM") != std::string::npos);
        QVERIFY(table.find(" ref ") != std::string::npos);
        // Without distances the table is as it always was.
        const ExperimentLoad plain =
            loadPatched(R"([{"op":"remove","path":"/blocks/0/factors/distanceM"}])");
        QVERIFY(describePlanTable(makeTrialPlan(*plain.experiment, plain.contentHash, "P01", 7, 1))
                    .find("distM") == std::string::npos);
    }

    void badVariantsAreRefusedWithTheirPath_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        auto row = [](const char* name, const char* patch, const char* path, const char* reason) {
            QTest::newRow(name) << QString(patch) << QString(path) << QString(reason);
        };
        row("speakers outside the room",
            R"([{"op":"replace","path":"/models/speakers-narrow/speakerDistanceM","value":15}])",
            "/models/speakers-narrow/speakerDistanceM", "outside the room 'living-room'");
        row("negative RT60", R"([{"op":"replace","path":"/rooms/booth/rt60S","value":-1}])",
            "/rooms/booth/rt60S", "must be between");
        row("negative RT60 inline",
            R"([{"op":"replace","path":"/models/hrtf-inline/room","value":{"sizeM":[8,6,3],
                "listener":{"positionM":[4,3,1.2]},"rt60S":-0.4}}])",
            "/models/hrtf-inline/room/rt60S", "must be between");
        row("unknown room",
            R"([{"op":"replace","path":"/models/hrtf-booth/room","value":"cathedral"}])",
            "/models/hrtf-booth/room", "unknown room 'cathedral' (the experiment's rooms: booth");
        row("unknown base model",
            R"([{"op":"replace","path":"/models/small-head/model","value":"ambisonics"}])",
            "/models/small-head/model", "unknown model 'ambisonics'");
        row("a variant of a variant",
            R"([{"op":"replace","path":"/models/small-head/model","value":"hrtf-booth"}])",
            "/models/small-head/model", "unknown model 'hrtf-booth'");
        row("another model's parameter",
            R"([{"op":"add","path":"/models/hrtf-booth/headRadiusM","value":0.09}])",
            "/models/hrtf-booth/headRadiusM", "is a parameter of the spherical-head model");
        row("a misspelt parameter",
            R"([{"op":"add","path":"/models/small-head/headRadius","value":0.09}])",
            "/models/small-head/headRadius", "did you mean 'headRadiusM'?");
        row("head radius out of range",
            R"([{"op":"replace","path":"/models/small-head/headRadiusM","value":0.5}])",
            "/models/small-head/headRadiusM", "must be between 0.05 and 0.15");
        row("speaker angle out of range",
            R"([{"op":"replace","path":"/models/speakers-narrow/speakerAzimuthDeg","value":90}])",
            "/models/speakers-narrow/speakerAzimuthDeg", "must be between 1 and 89");
        row("crossfeed level off libbs2b's grid",
            R"([{"op":"replace","path":"/models/crossfeed-strong/levelDb","value":9.55}])",
            "/models/crossfeed-strong/levelDb", "steps of 0.1 dB");
        row("crossfeed cut-off beyond libbs2b",
            R"([{"op":"replace","path":"/models/crossfeed-strong/cutoffHz","value":2500}])",
            "/models/crossfeed-strong/cutoffHz", "must be between 300 and 2000");
        row("a variant named like a model",
            R"([{"op":"add","path":"/models/hrtf","value":{"model":"hrtf","room":"studio"}}])",
            "/models/hrtf", "a model's own name");
        row("a room named like a preset",
            R"([{"op":"add","path":"/rooms/studio","value":{"sizeM":[5,4,3],
                "listener":{"positionM":[2,2,1.2]},"rt60S":0.3}}])",
            "/rooms/studio", "is a preset's name");
        row("a variant without a model", R"([{"op":"remove","path":"/models/small-head/model"}])",
            "/models/small-head/model", "missing");
        row("a factor naming an unknown variant",
            R"([{"op":"add","path":"/blocks/0/factors/model/-","value":"speakers-wide"}])",
            "/blocks/0/factors/model/4", "the experiment's variants: crossfeed-strong");
        row("a distance inside the head's limit",
            R"([{"op":"replace","path":"/blocks/0/factors/distanceM","value":[0, 0.1]}])",
            "/blocks/0/factors/distanceM/1", "near field limit");
        row("a distance beyond a kilometre",
            R"([{"op":"replace","path":"/blocks/0/factors/distanceM","value":[2000]}])",
            "/blocks/0/factors/distanceM/0", "must be between 0 and 1000");
        row("a target outside its room",
            R"([{"op":"replace","path":"/blocks/0/factors/distanceM","value":[0, 3]}])",
            "/blocks/0/factors/distanceM/1", "outside the room 'booth'");
        row("speakers beyond the built-in room",
            R"([{"op":"add","path":"/models/far","value":{"model":"virtual-speakers",
                "speakerDistanceM":10}}])",
            "/models/far/speakerDistanceM", "do not fit in the built-in 6 x 4.5 m room");
        row("the middle of a wide target outside its room",
            R"([{"op":"replace","path":"/blocks/0/factors/distanceM","value":[1.8]},
                {"op":"add","path":"/blocks/0/factors/widthDeg","value":[90]}])",
            "/blocks/0/factors/distanceM/0",
            "(its part at azimuth -13 deg) is outside the room 'booth'");
        row("a repeated distance",
            R"([{"op":"replace","path":"/blocks/0/factors/distanceM","value":[1, 1]}])",
            "/blocks/0/factors/distanceM/1", "repeats an earlier level");
    }
    void badVariantsAreRefusedWithTheirPath()
    {
        QFETCH(QString, patch);
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const ExperimentLoad load = loadPatched(patch);
        QVERIFY2(!load.ok(), "a broken experiment was accepted");
        QVERIFY2(hasError(load, path.toStdString(), reason), load.errorText().c_str());
    }

    void distanceCanBeKeptFromRepeating()
    {
        const ExperimentLoad load = loadPatched(
            R"([{"op":"add","path":"/randomization","value":{"constraints":
                {"noImmediateRepeat":["distanceM"]}}}])");
        QVERIFY2(load.ok(), load.errorText().c_str());
        const TrialPlan plan = makeTrialPlan(*load.experiment, load.contentHash, "P01", 3, 1);
        for (size_t i = 1; i < plan.trials.size(); ++i)
            QVERIFY(plan.trials[i].distanceM != plan.trials[i - 1].distanceM);
    }
};

STAGELAB_TEST_MAIN(TestModelVariants)
#include "tst_model_variants.moc"
