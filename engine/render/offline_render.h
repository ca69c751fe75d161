#pragma once
/// Offline rendering: the same Renderer and Scene, driven block by block without a device.

#include "dsp/output_stage.h"
#include "render/scene.h"

#include <string>
#include <vector>

namespace stagelab {

/// Two ear signals and the frames at which the sound started and ended.
struct RenderedAudio
{
    std::vector<float> left, right;
    int64_t onsetFrame = -1;
    int64_t endFrame = -1;
    double sampleRateHz = 0.0;
};

/// Renders `spec` from frame 0 until it ends, filter tail included, through `output` (a
/// device's EQ and level, as in real time; null = flat). A scene that loops forever needs a
/// duration (Error otherwise).
RenderedAudio renderOffline(const SceneSpec& spec, double sampleRateHz,
                            const OutputStageSpec* output = nullptr);

/// Renders `spec` like renderOffline and writes it to `path` (.wav float or .flac 24-bit).
/// Returns the number of frames written.
int64_t renderToFile(const SceneSpec& spec, double sampleRateHz, const std::string& path,
                     const OutputStageSpec* output = nullptr);

} // namespace stagelab
