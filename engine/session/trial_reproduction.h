#pragma once
/// Reproducing a recorded trial: the scene it played (model, HRTF, stimuli, directions, width;
/// the decorrelators' seeds follow from the scene, so they are the same) and the output in force
/// (the device's clipping-guarded EQ, its level match and offset, the playback gain), rebuilt
/// from the session file alone - for `stagelab-cli render --session FILE --trial N`.

#include "dsp/output_stage.h"
#include "render/scene.h"

#include <string>
#include <vector>

namespace stagelab {

/// What a recorded trial played, ready to render offline.
struct ReproducedTrial
{
    SceneSpec scene;
    OutputStageSpec output; ///< gainDb: level match + offset + the playback gain in force.
    double sampleRateHz = 0.0;
    std::string description; ///< One line: trial, model, HRTF, device, gain.
    /// What could not be checked (an older session file that does not record its stimuli).
    std::vector<std::string> notes;
};

/// Rebuilds trial `trialIndex` (the "index" of its record, as in exports) of the session file
/// at `path`. Everything that shapes the sound is checked against what the file recorded - the
/// HRTF's, stimuli's and device profiles' SHA-256 - and a difference is an Error naming the
/// file that changed: a re-render either is the trial's sound or is refused. Also an Error: a
/// trial the file has no answer for, or a record that is not the plan's trial at its index.
ReproducedTrial reproduceTrial(const std::string& path, int trialIndex);

} // namespace stagelab
