// Trial plans: reproducible bit for bit, fully crossed, constrained, with distractors kept
// apart, and pinned to the documented generator by reference values and golden plans.

#include "common/test_main.h"
#include "experiment/constrained_shuffle.h"
#include "experiment/plan_random.h"
#include "plan_test_support.h"
#include "spatial/direction.h"
#include "util/error.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace plantest;

class TestTrialPlan : public QObject
{
    Q_OBJECT
private slots:
    void generatorMatchesReferenceValues()
    {
        // Reference values from the published C code of SplitMix64 and xoshiro256** and an
        // independent Python transcription of plan_random.h; a change here breaks every
        // recorded session's ability to regenerate its plan.
        uint64_t state = 0;
        QCOMPARE(splitMix64(state), 0xe220a8397b1dcdafULL);
        QCOMPARE(splitMix64(state), 0x6e789e6aa1b965f4ULL);
        PlanRandom zero(0);
        QCOMPARE(zero.next(), 0x99ec5f36cb75f2b4ULL);
        QCOMPARE(zero.next(), 0xbf6e1f784956452aULL);
        PlanRandom fortyTwo(42);
        QCOMPARE(fortyTwo.next(), 0x15780b2e0c2ec716ULL);
        QCOMPARE(seedFromKey("abc"),
                 0xba7816bf8f01cfeaULL); // SHA-256("abc") starts ba7816bf8f01cfea
        PlanRandom shuffler(42);
        std::vector<int> items{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        shuffler.shuffle(items);
        QCOMPARE(items, (std::vector<int>{7, 3, 8, 9, 5, 6, 4, 1, 0, 2}));
        PlanRandom dice(7);
        std::vector<uint64_t> rolls;
        for (int i = 0; i < 10; ++i)
            rolls.push_back(dice.below(6));
        QCOMPARE(rolls, (std::vector<uint64_t>{0, 2, 0, 4, 2, 5, 4, 4, 4, 1}));
    }

    void uniformDrawIsUnbiased()
    {
        // 60,000 draws in [0, 6): each count is 10,000 ± 100 (1 SD); ±500 is 5 SD, so only a
        // biased mapping (not chance) fails this.
        PlanRandom random(123);
        int counts[6] = {};
        for (int i = 0; i < 60000; ++i)
            ++counts[random.below(6)];
        for (int count : counts)
            QVERIFY2(std::abs(count - 10000) < 500, qPrintable(QString::number(count)));
    }

    void sameInputsGiveTheSamePlan_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("demo") << "demo.json";
        QTest::newRow("imaging study") << "imaging-study.json";
    }
    void sameInputsGiveTheSamePlan()
    {
        QFETCH(QString, file);
        const auto experiment = loadFile(file.toStdString());
        QVERIFY(experiment);
        const TrialPlan a = makeTrialPlan(*experiment, experiment->contentHash, "p07", 99, 7);
        const TrialPlan b = makeTrialPlan(*experiment, experiment->contentHash, "p07", 99, 7);
        QCOMPARE(toJson(a).dump(), toJson(b).dump());
        // And the JSON form reads back to the same plan.
        QCOMPARE(toJson(trialPlanFromJson(toJson(a))).dump(), toJson(a).dump());
        QCOMPARE(toJson(a)["format"].get<std::string>(), std::string("stagelab.plan/1"));
    }

    void goldenDemoPlan()
    {
        // Written down from the implementation as documented; if this fails, the generator,
        // the crossing or demo.json changed. Recorded sessions are regenerated from
        // (experiment hash, participant, seed), so change the algorithm only with a new
        // "stagelab.plan/<version>"; if demo.json changed on purpose, update these lines.
        const auto experiment = loadFile("demo.json");
        QVERIFY(experiment);
        QCOMPARE(experiment->contentHash,
                 std::string("850179e1b2cb8845b40c1b38a5066fda285e1d5edb2f12b17f88477825f7097b"));
        const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash, "p01", 1, 1);
        QCOMPARE(plan.trials.size(), size_t(38));
        struct Golden
        {
            int index;
            const char* block;
            const char* stimulus;
            double azimuthDeg, widthDeg;
        };
        const Golden golden[] = {
            {0, "training", "piano", -135, 0},      {1, "training", "piano", 0, 0},
            {2, "training", "piano", 45, 0},        {3, "training", "piano", 90, 0},
            {4, "training", "piano", -90, 0},       {5, "training", "piano", 180, 0},
            {6, "localization", "piano", 0, 0},     {7, "localization", "trumpet", 135, 0},
            {8, "localization", "piano", -90, 0},   {9, "localization", "violin", 135, 0},
            {10, "localization", "piano", -135, 0}, {11, "localization", "trumpet", -45, 0},
            {30, "width", "guitar", 0, 0},          {31, "width", "noise", 0, 0},
        };
        for (const Golden& g : golden) {
            const PlannedTrial& trial = plan.trials[size_t(g.index)];
            const QByteArray where = "trial " + QByteArray::number(g.index);
            QVERIFY2(trial.index == g.index && trial.blockId == g.block, where);
            QVERIFY2(trial.stimulus == g.stimulus, where + ": " + trial.stimulus.c_str());
            QVERIFY2(trial.azimuthDeg == g.azimuthDeg && trial.widthDeg == g.widthDeg, where);
            QVERIFY2(trial.model == "hrtf" && trial.elevationDeg == 0 && trial.device.empty(),
                     where);
        }
        // Everything else, bit for bit: SHA-256 of the plan's canonical JSON.
        QCOMPARE(
            QString::fromStdString(experimentContentHash(toJson(plan))),
            QStringLiteral("61bc80e7e9767330c127ebef81d4f7042b5b62beab750d0380b722bc1017abc1"));
    }

    void goldenImagingStudyPlan()
    {
        // The same for the distractor draws, the per-participant seed and a device.
        const auto experiment = loadFile("imaging-study.json");
        QVERIFY(experiment);
        const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash, "p01", 1, 1);
        QCOMPARE(plan.seed, uint64_t(7356608734288283335ULL));
        const PlannedTrial& trial = plan.trials[8];
        QCOMPARE(trial.blockId, std::string("localization"));
        QCOMPARE(trial.stimulus, std::string("violin"));
        QCOMPARE(trial.azimuthDeg, 30.0);
        QCOMPARE(trial.distractors.size(), size_t(2));
        QCOMPARE(trial.distractors[0].stimulus, std::string("drums"));
        QCOMPARE(trial.distractors[0].azimuthDeg, 115.0);
        QCOMPARE(trial.distractors[1].stimulus, std::string("guitar"));
        QCOMPARE(trial.distractors[1].azimuthDeg, -50.0);
        QCOMPARE(
            QString::fromStdString(experimentContentHash(toJson(plan))),
            QStringLiteral("89dc66550627bb771fd0594a312b652d0649a3a2419fe1d427cb0e3009cc8980"));
    }

    void seedPolicies()
    {
        const auto demo = loadFile("demo.json"); // per-session
        QVERIFY(demo);
        auto testOrder = [](const TrialPlan& plan) {
            std::vector<std::string> order;
            for (const PlannedTrial& t : plan.trials)
                order.push_back(t.stimulus + "@" + std::to_string(t.azimuthDeg) + "/" +
                                std::to_string(t.widthDeg));
            return order;
        };
        const auto p01 = testOrder(makeTrialPlan(*demo, demo->contentHash, "p01", 1, 1));
        QVERIFY(p01 != testOrder(makeTrialPlan(*demo, demo->contentHash, "p02", 1, 1)));
        QVERIFY(p01 != testOrder(makeTrialPlan(*demo, demo->contentHash, "p01", 2, 1)));
        QCOMPARE(makeTrialPlan(*demo, demo->contentHash, "p01", 2, 1).seed, uint64_t(2));

        Json document = demo->document;
        document["randomization"]["seedPolicy"] = "fixed";
        document["randomization"]["seed"] = 5;
        const auto fixed = loadJson(document);
        QVERIFY(fixed);
        const TrialPlan a = makeTrialPlan(*fixed, fixed->contentHash, "p01", 1, 1);
        QCOMPARE(a.seed, uint64_t(5));
        QCOMPARE(testOrder(a), testOrder(makeTrialPlan(*fixed, fixed->contentHash, "p02", 77,
                                                       2))); // same for all

        document["randomization"]["seedPolicy"] = "per-participant";
        const auto perParticipant = loadJson(document);
        QVERIFY(perParticipant);
        const TrialPlan b =
            makeTrialPlan(*perParticipant, perParticipant->contentHash, "p01", 1, 1);
        QCOMPARE(b.seed, participantSeed("p01"));
        QCOMPARE(testOrder(b), testOrder(makeTrialPlan(*perParticipant, perParticipant->contentHash,
                                                       "p01", 99, 1)));
        QVERIFY(testOrder(b) != testOrder(makeTrialPlan(*perParticipant,
                                                        perParticipant->contentHash, "p02", 1, 1)));

        QCOMPARE(planRandomKey(*demo, "h", "p01", 7), std::string("h\np01\n7"));
        QCOMPARE(planRandomKey(*fixed, "h", "p01", 7), std::string("h\n\n7"));
    }

    void everyCellIsPresentedRepetitionsTimes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("demo") << "demo.json";
        QTest::newRow("imaging study") << "imaging-study.json";
    }
    void everyCellIsPresentedRepetitionsTimes()
    {
        QFETCH(QString, file);
        const auto experiment = loadFile(file.toStdString());
        QVERIFY(experiment);
        const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash, "p03", 3, 3);
        std::map<std::string, int> counts;
        for (const PlannedTrial& trial : plan.trials)
            ++counts[cellKey(trial)];
        size_t expectedTrials = 0;
        for (const ExperimentBlock& block : experiment->blocks) {
            const size_t devices =
                block.training ? 1 : std::max<size_t>(1, experiment->devices.size());
            expectedTrials += size_t(block.trialCount()) * devices;
        }
        QCOMPARE(plan.trials.size(), expectedTrials);
        for (const auto& [key, count] : counts) {
            const std::string blockId = key.substr(0, key.find('|'));
            QVERIFY2(count == experiment->findBlock(blockId)->repetitions, key.c_str());
        }
        QVERIFY(std::all_of(plan.trials.begin(), plan.trials.end(), [&](const PlannedTrial& t) {
            return t.index == &t - &plan.trials.front();
        }));
    }

    void noImmediateRepeats_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("demo") << "demo.json";
        QTest::newRow("imaging study") << "imaging-study.json";
    }
    void noImmediateRepeats()
    {
        QFETCH(QString, file);
        const auto experiment = loadFile(file.toStdString());
        QVERIFY(experiment);
        QCOMPARE(experiment->randomization.noImmediateRepeat,
                 (std::vector<std::string>{"azimuthDeg", "stimulus"}));
        for (int participant = 1; participant <= 20; ++participant) {
            const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash,
                                                 "p" + std::to_string(participant),
                                                 uint64_t(participant), participant);
            for (size_t i = 1; i < plan.trials.size(); ++i) {
                const PlannedTrial &a = plan.trials[i - 1], &b = plan.trials[i];
                if (a.blockId != b.blockId || a.device != b.device) continue;
                const BlockFactors& f = experiment->findBlock(b.blockId)->factors;
                // A factor with one level in a block cannot change, so it is exempt there.
                QVERIFY2(f.stimulus.size() == 1 || a.stimulus != b.stimulus,
                         qPrintable(QString("trial %1").arg(i)));
                QVERIFY2(f.azimuthDeg.size() == 1 || a.azimuthDeg != b.azimuthDeg,
                         qPrintable(QString("trial %1").arg(i)));
            }
        }
    }

    void constrainedShuffleMeetsTightConstraints()
    {
        // 5 x A and 4 x B admit exactly one order, A B A B A B A B A: the counting rule finds
        // it in the first attempt, where random swapping would almost never.
        ConstrainedItems items;
        items.count = 9;
        items.levelCounts = {2};
        items.levels = {0, 0, 0, 0, 0, 1, 1, 1, 1};
        PlanRandom random(3);
        std::vector<uint32_t> order;
        const ShuffleOutcome outcome = constrainedShuffle(items, random, order);
        QVERIFY(outcome.satisfied);
        QCOMPARE(outcome.attempts, 1);
        for (size_t i = 0; i < order.size(); ++i)
            QCOMPARE(items.levels[order[i]], int(i % 2));
        // Six of nine: no order exists, and the shuffle says which factor and level.
        items.levels = {0, 0, 0, 0, 0, 0, 1, 1, 1};
        const ShuffleOutcome impossible = constrainedShuffle(items, random, order);
        QVERIFY(!impossible.satisfied);
        QCOMPARE(impossible.impossibleFactor, 0);
        QCOMPARE(impossible.impossibleLevel, 0);
        // Continuing after an A, four A and four B must start with B.
        items.levels = {0, 0, 0, 0, 1, 1, 1, 1};
        items.count = 8;
        items.previous = {0};
        QVERIFY(constrainedShuffle(items, random, order).satisfied);
        QCOMPARE(items.levels[order.front()], 1);
    }

    void impossibleConstraintsAreReported()
    {
        // 2 stimuli x 2 azimuths, both constrained: a trial can only be followed by the one cell
        // differing in both, so no order of all four exists.
        Json document = blocksExperiment(
            1, {{"constraints", {{"noImmediateRepeat", {"stimulus", "azimuthDeg"}}}}});
        document["blocks"][1]["factors"]["azimuthDeg"] = {0, 90};
        const auto experiment = loadJson(document);
        QVERIFY(experiment);
        try {
            makeTrialPlan(*experiment, experiment->contentHash, "p01", 1, 1);
            QFAIL("an impossible constraint was accepted");
        } catch (const Error& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("block 'b0'") && message.contains("stimulus, azimuthDeg") &&
                         message.contains("noImmediateRepeat"),
                     qPrintable(message));
        }
    }

    void distractorsKeepTheirDistance()
    {
        const auto experiment = loadFile("imaging-study.json");
        QVERIFY(experiment);
        const DistractorFactor& factor = experiment->findBlock("localization")->factors.distractors;
        int checked = 0;
        for (int participant = 1; participant <= 5; ++participant) {
            const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash,
                                                 "p" + std::to_string(participant), 1, participant);
            for (const PlannedTrial& trial : plan.trials) {
                std::set<std::string> names;
                for (size_t k = 0; k < trial.distractors.size(); ++k) {
                    const PlannedDistractor& d = trial.distractors[k];
                    QVERIFY(d.stimulus != trial.stimulus);
                    QVERIFY(std::find(factor.stimuli.begin(), factor.stimuli.end(), d.stimulus) !=
                            factor.stimuli.end());
                    QVERIFY(names.insert(d.stimulus).second);
                    QVERIFY(d.azimuthDeg > -180 && d.azimuthDeg <= 180 &&
                            d.azimuthDeg == std::round(d.azimuthDeg));
                    QCOMPARE(d.elevationDeg, 0.0);
                    // 1e-9 deg: the great-circle formula's rounding for whole-degree positions.
                    const double toTarget =
                        angleBetweenDeg({d.azimuthDeg, 0}, {trial.azimuthDeg, trial.elevationDeg});
                    QVERIFY2(toTarget >= factor.minimumSeparationDeg - 1e-9,
                             qPrintable(QString::number(toTarget)));
                    for (size_t j = 0; j < k; ++j)
                        QVERIFY(angleBetweenDeg({d.azimuthDeg, 0},
                                                {trial.distractors[j].azimuthDeg, 0}) >=
                                factor.minimumSeparationDeg - 1e-9);
                    ++checked;
                }
                QVERIFY(trial.distractors.empty() || trial.distractors.size() == 2);
            }
        }
        QCOMPARE(checked, 5 * 160 * 2); // half of the 320 localization trials carry two distractors

        // Four sources pairwise 120 deg apart do not fit on a circle: a clear error, not a hang.
        Json document = blocksExperiment(1, Json::object());
        document["blocks"][1]["factors"]["distractors"] = {
            {"count", {3}},
            {"stimuli", {"violin", "trumpet", "bass", "drums"}},
            {"minimumSeparationDeg", 120}};
        const auto crowded = loadJson(document);
        QVERIFY(crowded);
        try {
            makeTrialPlan(*crowded, crowded->contentHash, "p01", 1, 1);
            QFAIL("impossible distractor placement was accepted");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what())
                         .contains("block 'b0': cannot place 3 distractors at least 120 deg"),
                     error.what());
        }
    }

    void describesThePlanAsATable()
    {
        const auto experiment = loadFile("demo.json");
        QVERIFY(experiment);
        const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash, "p01", 1, 1);
        const QStringList lines = QString::fromStdString(describePlanTable(plan)).split('\n');
        QVERIFY(lines[0].startsWith("Experiment   demo"));
        QVERIFY(
            lines.contains("Trials       38 (6 training, 32 test), 0 breaks, 0 device changes"));
        const auto header = std::find_if(lines.begin(), lines.end(), [](const QString& l) {
            return l.trimmed().startsWith("#  block");
        });
        QVERIFY(header != lines.end());
        QVERIFY((header + 1)->trimmed().startsWith("0  training"));
        QVERIFY((header + 38)->trimmed().startsWith("37  width"));
    }
};

STAGELAB_TEST_MAIN(TestTrialPlan)
#include "tst_trial_plan.moc"
