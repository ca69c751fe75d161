#pragma once
/// A session file's experiment and trial plan as they were when the session started: what a
/// resume continues and a re-render reproduces, whatever the experiment file says now.

#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "results/session_file.h"

namespace stagelab {

struct RecordedSession
{
    Experiment experiment; ///< The header's copy, with its HRTF override applied.
    TrialPlan plan;        ///< Regenerated from the header's seed, equal to the recorded plan.
};

/// From a session file read strictly (readSessionFile(path, true)). Throws Error naming the
/// file if its experiment copy is not valid or the regenerated plan differs from the recorded.
RecordedSession recordedSession(const SessionFileContents& contents);

} // namespace stagelab
