#pragma once
/// One block's trials for a trial plan: crossing, constrained order and distractor draws
/// (internal to engine/experiment; the algorithm is documented in docs/experiment-format.md).

#include "experiment/experiment.h"
#include "experiment/plan_random.h"
#include "experiment/trial_plan.h"

#include <string>
#include <vector>

namespace stagelab {

/// The trials of `block` on `device` ("" = none) in `parts` consecutive portions (2 for ABBA's
/// two visits to a device, else 1). The full factorial × repetitions is ordered with
/// constrainedShuffle() under the experiment's noImmediateRepeat factors, then each trial's
/// distractors are drawn in trial order. ABBA halves: with an even repetition count each half
/// holds half of the repetitions (every cell equally often in both) and is ordered on its own,
/// the second continuing from the first's last trial; with an odd count the block is ordered
/// once and cut after ceil(n/2) trials. index, blockIndex and the break/device flags are left
/// for the caller. Throws Error naming the block when the constraints or the distractor
/// separation cannot be met.
std::vector<std::vector<PlannedTrial>> planBlock(const Experiment& experiment,
                                                 const ExperimentBlock& block,
                                                 const std::string& device, int parts,
                                                 PlanRandom& random);

} // namespace stagelab
