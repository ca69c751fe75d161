#include "experiment/trial_plan.h"

#include "experiment/block_planner.h"
#include "experiment/counterbalancing.h"
#include "experiment/plan_random.h"

#include <algorithm>
#include <map>

namespace stagelab {

uint64_t participantSeed(const std::string& participantId)
{
    return seedFromKey(participantId);
}

uint64_t effectiveSeed(const Experiment& experiment, const std::string& participantId,
                       uint64_t sessionSeed)
{
    const std::string& policy = experiment.randomization.seedPolicy;
    if (policy == "fixed") return experiment.randomization.seed;
    if (policy == "per-participant") return participantSeed(participantId);
    return sessionSeed;
}

std::string planRandomKey(const Experiment& experiment, const std::string& experimentHash,
                          const std::string& participantId, uint64_t seed)
{
    const bool shared = experiment.randomization.seedPolicy == "fixed";
    return experimentHash + "\n" + (shared ? std::string() : participantId) + "\n" +
           std::to_string(seed);
}

TrialPlan makeTrialPlan(const Experiment& experiment, const std::string& experimentHash,
                        const std::string& participantId, uint64_t seed, int participantNumber)
{
    TrialPlan plan;
    plan.experimentId = experiment.id;
    plan.experimentHash = experimentHash;
    plan.participantId = participantId;
    plan.seed = effectiveSeed(experiment, participantId, seed);
    PlanRandom random =
        PlanRandom::fromKey(planRandomKey(experiment, experimentHash, participantId, plan.seed));

    // Block order: training blocks first in file order, then the test blocks (first use of the
    // random stream when "random").
    std::vector<const ExperimentBlock*> training, test;
    for (const ExperimentBlock& block : experiment.blocks)
        (block.training ? training : test).push_back(&block);
    const std::string& blockOrder = experiment.randomization.blockOrder;
    if (blockOrder == "random") {
        random.shuffle(test);
    } else if (blockOrder == "latin-square") {
        const std::vector<const ExperimentBlock*> fileOrder = test;
        const std::vector<int> row = williamsRow(int(test.size()), participantNumber);
        for (size_t i = 0; i < row.size(); ++i)
            test[i] = fileOrder[size_t(row[i])];
    }
    std::map<std::string, int> blockIndex;
    for (const auto* list : {&training, &test})
        for (const ExperimentBlock* block : *list) {
            blockIndex[block->id] = int(plan.blockOrder.size());
            plan.blockOrder.push_back(block->id);
        }

    // Device segments: each test block runs once per device, segment by segment.
    std::vector<int> segments;
    const int devices = int(experiment.devices.size());
    const std::string& deviceOrder = experiment.randomization.deviceOrder;
    if (devices == 0)
        segments = {-1};
    else if (deviceOrder == "abba")
        segments = abbaSequence(devices, participantNumber);
    else if (deviceOrder == "latin-square")
        segments = williamsRow(devices, participantNumber);
    else
        for (int d = 0; d < devices; ++d)
            segments.push_back(d);
    auto deviceId = [&](int d) { return d < 0 ? std::string() : experiment.devices[size_t(d)].id; };
    for (int d : segments)
        if (d >= 0) plan.deviceOrder.push_back(deviceId(d));

    auto append = [&](std::vector<PlannedTrial>& part) {
        for (PlannedTrial& trial : part) {
            trial.blockIndex = blockIndex[trial.blockId];
            plan.trials.push_back(std::move(trial));
        }
    };
    for (const ExperimentBlock* block : training)
        append(planBlock(experiment, *block, deviceId(segments.front()), 1, random).front());

    // ABBA visits each device twice: both halves of a (block, device) are prepared at its first
    // visit, the second half is kept for the second.
    const int parts = deviceOrder == "abba" && devices > 0 ? 2 : 1;
    std::map<std::pair<int, size_t>, std::vector<std::vector<PlannedTrial>>> prepared;
    std::map<int, int> visits;
    for (int d : segments) {
        const int visit = visits[d]++;
        for (size_t b = 0; b < test.size(); ++b) {
            auto& portions = prepared[{d, b}];
            if (visit == 0) portions = planBlock(experiment, *test[b], deviceId(d), parts, random);
            append(portions[size_t(visit)]);
        }
    }

    // Numbering, breaks (counted over test trials across the whole session) and device changes.
    int testTrials = 0;
    const int every = experiment.breaks.everyTrials;
    for (size_t i = 0; i < plan.trials.size(); ++i) {
        PlannedTrial& trial = plan.trials[i];
        trial.index = int(i);
        trial.deviceSwitchBefore =
            devices > 0 && (i == 0 || trial.device != plan.trials[i - 1].device);
        if (!trial.training) {
            trial.breakBefore = every > 0 && testTrials > 0 && testTrials % every == 0;
            ++testTrials;
        }
    }
    return plan;
}

} // namespace stagelab
