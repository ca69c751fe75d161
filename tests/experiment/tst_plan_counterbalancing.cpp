// Trial plans, counterbalancing: Latin squares (Williams designs) for block and device order,
// random block order, ABBA device sequences, breaks.

#include "common/test_main.h"
#include "experiment/counterbalancing.h"
#include "plan_test_support.h"

#include <QTest>

#include <algorithm>
#include <map>
#include <set>

using namespace plantest;

class TestPlanCounterbalancing : public QObject
{
    Q_OBJECT
private slots:
    void williamsDesign()
    {
        QCOMPARE(williamsRow(4, 1), (std::vector<int>{0, 1, 3, 2}));
        QCOMPARE(williamsRow(4, 2), (std::vector<int>{1, 2, 0, 3}));
        QCOMPARE(williamsRow(4, 5), williamsRow(4, 1)); // rows repeat after n participants
        QCOMPARE(williamsRow(3, 4), (std::vector<int>{2, 1, 0})); // odd n: row 0 mirrored
        QCOMPARE(williamsRowCount(3), 6);
        QCOMPARE(abbaSequence(2, 1), (std::vector<int>{0, 1, 1, 0}));
        QCOMPARE(abbaSequence(2, 2), (std::vector<int>{1, 0, 0, 1}));
    }

    void latinSquareBalancesBlockOrder_data()
    {
        QTest::addColumn<int>("blocks");
        for (int n : {2, 3, 4, 5})
            QTest::newRow(qPrintable(QString("%1 blocks").arg(n))) << n;
    }
    void latinSquareBalancesBlockOrder()
    {
        QFETCH(int, blocks);
        const auto experiment =
            loadJson(blocksExperiment(blocks, {{"blockOrder", "latin-square"}}));
        QVERIFY(experiment);
        const int participants = williamsRowCount(blocks);
        std::map<std::pair<std::string, int>, int> positions;
        std::map<std::pair<std::string, std::string>, int> successions;
        for (int p = 1; p <= participants; ++p) {
            const TrialPlan plan =
                makeTrialPlan(*experiment, experiment->contentHash, "p" + std::to_string(p), 1, p);
            QCOMPARE(plan.trials.front().blockId, std::string("train")); // training always first
            const std::vector<std::string> order = testBlockSequence(plan);
            QCOMPARE(std::vector<std::string>(plan.blockOrder.begin() + 1, plan.blockOrder.end()),
                     order);
            for (int i = 0; i < blocks; ++i)
                ++positions[{order[size_t(i)], i}];
            for (int i = 1; i < blocks; ++i)
                ++successions[{order[size_t(i - 1)], order[size_t(i)]}];
        }
        // Every block in every position, and every block right after every other, equally often.
        QCOMPARE(int(positions.size()), blocks * blocks);
        for (const auto& [key, count] : positions)
            QCOMPARE(count, participants / blocks);
        QCOMPARE(int(successions.size()), blocks * (blocks - 1));
        for (const auto& [key, count] : successions)
            QCOMPARE(count, participants / blocks);
    }

    void randomBlockOrderVaries()
    {
        const auto experiment = loadJson(blocksExperiment(4, {{"blockOrder", "random"}}));
        QVERIFY(experiment);
        std::set<std::vector<std::string>> orders;
        for (int p = 1; p <= 40; ++p) {
            const TrialPlan plan =
                makeTrialPlan(*experiment, experiment->contentHash, "p" + std::to_string(p), 1, p);
            QCOMPARE(plan.blockOrder.front(), std::string("train"));
            std::vector<std::string> order = testBlockSequence(plan);
            orders.insert(order);
            std::sort(order.begin(), order.end());
            QCOMPARE(order, (std::vector<std::string>{"b0", "b1", "b2", "b3"}));
        }
        // 40 uniform draws from 24 orders give fewer than 10 distinct ones with probability
        // far below 1e-6; a generator stuck on a few orders gives fewer.
        QVERIFY2(orders.size() >= 10, qPrintable(QString::number(orders.size())));
    }

    void deviceOrdersAreBalanced_data()
    {
        QTest::addColumn<QString>("order");
        QTest::addColumn<int>("devices");
        QTest::addColumn<int>("participants");
        QTest::newRow("fixed") << "fixed" << 2 << 4;
        QTest::newRow("latin square, 2 devices") << "latin-square" << 2 << 4;
        QTest::newRow("latin square, 3 devices") << "latin-square" << 3 << 6;
        QTest::newRow("ABBA") << "abba" << 2 << 4;
    }
    void deviceOrdersAreBalanced()
    {
        QFETCH(QString, order);
        QFETCH(int, devices);
        QFETCH(int, participants);
        Json deviceList = Json::array();
        for (int d = 0; d < devices; ++d)
            deviceList.push_back({{"id", std::string(1, char('A' + d))}, {"kind", "iem"}});
        Json document = blocksExperiment(2, {{"deviceOrder", order.toStdString()}}, deviceList);
        for (int b = 1; b <= 2; ++b)
            document["blocks"][size_t(b)]["repetitions"] = 2; // even, so ABBA halves are exact
        const auto experiment = loadJson(document);
        QVERIFY(experiment);
        const bool abba = order == "abba";
        std::map<std::pair<std::string, int>, int> positions;
        for (int p = 1; p <= participants; ++p) {
            const TrialPlan plan =
                makeTrialPlan(*experiment, experiment->contentHash, "p" + std::to_string(p), 1, p);
            const std::vector<std::string> segments = deviceSegments(plan);
            QCOMPARE(plan.deviceOrder, segments);
            QCOMPARE(int(segments.size()), abba ? 2 * devices : devices);
            if (abba)
                QVERIFY(segments[0] == segments[3] && segments[1] == segments[2] &&
                        segments[0] != segments[1]);
            for (size_t i = 0; i < segments.size(); ++i)
                ++positions[{segments[i], int(i)}];
            // Training once, on the first device; every test cell once per device and repetition.
            std::map<std::string, int> cells;
            int switches = 0, training = 0;
            for (const PlannedTrial& trial : plan.trials) {
                switches += trial.deviceSwitchBefore;
                if (trial.training) {
                    ++training;
                    QCOMPARE(trial.device, segments.front());
                } else {
                    ++cells[cellKey(trial)];
                }
            }
            QCOMPARE(training, 3);
            QCOMPARE(int(cells.size()), 2 * devices * 2 * 3);
            for (const auto& [key, count] : cells)
                QVERIFY2(count == 2, key.c_str());
            QCOMPARE(switches, abba ? 3 : devices); // ABBA: A | B | (B) | A
            QVERIFY(plan.trials.front().deviceSwitchBefore);
            if (abba) { // each device's trials split evenly between the session's halves
                const size_t testStart = 3, half = (plan.trials.size() - testStart) / 2;
                std::map<std::string, int> firstHalf;
                for (size_t i = testStart; i < testStart + half; ++i)
                    ++firstHalf[plan.trials[i].device];
                for (const auto& [device, count] : firstHalf)
                    QCOMPARE(count, int(half) / devices);
            }
        }
        if (order == "fixed") {
            QCOMPARE(positions[std::make_pair(std::string("A"), 0)], participants);
            return;
        }
        for (const auto& [key, count] : positions)
            QVERIFY2(
                count == participants / devices,
                qPrintable(QString::fromStdString(key.first) + " " + QString::number(key.second)));
    }

    void everyDeviceOrderEquallyOften_data()
    {
        QTest::addColumn<QString>("order");
        QTest::addColumn<int>("devices");
        QTest::addColumn<int>("participants");
        QTest::addColumn<int>("distinctOrders"); // sequences a balanced design cycles through
        for (const int participants : {4, 24}) {
            QTest::addRow("ABBA, 2 devices, %d participants", participants)
                << "abba" << 2 << participants << 2;
            QTest::addRow("latin square, 2 devices, %d participants", participants)
                << "latin-square" << 2 << participants << 2;
            QTest::addRow("latin square, 4 devices, %d participants", participants)
                << "latin-square" << 4 << participants << 4;
        }
        QTest::newRow("latin square, 3 devices, 24 participants") << "latin-square" << 3 << 24 << 6;
    }
    void everyDeviceOrderEquallyOften()
    {
        // Issue 5: over 4 (or 24) participants every device order appears equally often, so
        // order effects (fatigue, learning) cancel in a within-participant device comparison.
        QFETCH(QString, order);
        QFETCH(int, devices);
        QFETCH(int, participants);
        QFETCH(int, distinctOrders);
        Json deviceList = Json::array();
        for (int d = 0; d < devices; ++d)
            deviceList.push_back({{"id", std::string(1, char('A' + d))}, {"kind", "iem"}});
        // Two test blocks: a segment then ends where the block index falls back (ABBA's B|B).
        Json document = blocksExperiment(
            2, {{"deviceOrder", order.toStdString()}, {"seedPolicy", "per-participant"}},
            deviceList);
        for (int b = 1; b <= 2; ++b)
            document["blocks"][size_t(b)]["repetitions"] = 2;
        const auto experiment = loadJson(document);
        QVERIFY(experiment);
        std::map<std::vector<std::string>, int> orders;
        for (int p = 1; p <= participants; ++p) {
            const TrialPlan plan =
                makeTrialPlan(*experiment, experiment->contentHash, "p" + std::to_string(p), 7, p);
            QCOMPARE(deviceSegments(plan), plan.deviceOrder); // the plan plays what it declares
            ++orders[plan.deviceOrder];
        }
        QCOMPARE(int(orders.size()), distinctOrders);
        for (const auto& [sequence, count] : orders) {
            std::string text;
            for (const std::string& device : sequence)
                text += device;
            QVERIFY2(count == participants / distinctOrders,
                     qPrintable(QString::fromStdString(text) + ": " + QString::number(count)));
        }
    }

    void breaksEveryNTestTrials()
    {
        Json document = blocksExperiment(2, Json::object()); // 3 training + 2 x 6 test trials
        document["breaks"] = {{"everyTrials", 5}, {"minimumS", 10}};
        const auto experiment = loadJson(document);
        QVERIFY(experiment);
        const TrialPlan plan = makeTrialPlan(*experiment, experiment->contentHash, "p01", 1, 1);
        std::vector<int> breaks;
        for (const PlannedTrial& trial : plan.trials)
            if (trial.breakBefore) breaks.push_back(trial.index);
        QCOMPARE(breaks, (std::vector<int>{3 + 5, 3 + 10})); // counted over test trials only
    }
};

STAGELAB_TEST_MAIN(TestPlanCounterbalancing)
#include "tst_plan_counterbalancing.moc"
