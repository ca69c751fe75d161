#include "render/offline_render.h"

#include "io/sound_file_writer.h"
#include "render/renderer.h"
#include "util/error.h"

#include <functional>

namespace stagelab {

namespace {
/// Drives a renderer block by block until the scene has ended, handing each block to `sink`.
RenderedAudio drive(const SceneSpec& spec, double sampleRateHz, const OutputStageSpec* output,
                    const std::function<void(const float*, const float*, int)>& sink)
{
    auto scene = std::make_unique<Scene>(spec, sampleRateHz, 1);
    if (scene->soundFrames() < 0)
        throw Error("a scene whose sources all loop needs a duration to be rendered offline");
    const int block = scene->blockFrames();
    Renderer renderer(sampleRateHz, block);
    // The output stage rings on after the scene: keep its tail, as a device plays it.
    int tailBlocks = 0;
    if (output) { // before the scene: in force from frame 0
        auto stage = std::make_unique<OutputStage>(*output, sampleRateHz, block);
        tailBlocks = stage->warmUpBlocks();
        renderer.setOutputStage(std::move(stage));
    }
    renderer.startScene(std::move(scene), 0);
    AlignedBuffer left{size_t(block)}, right{size_t(block)};
    RenderedAudio result;
    result.sampleRateHz = sampleRateHz;
    for (bool ended = false; !ended;) {
        renderer.renderBlock(left.data(), right.data());
        RenderEvent event;
        while (renderer.pollEvent(event)) {
            if (event.type == RenderEvent::Type::Onset) result.onsetFrame = event.frame;
            if (event.type == RenderEvent::Type::End) {
                result.endFrame = event.frame;
                ended = true;
            }
        }
        // The block in which the scene reports its end is silent tail: keep everything before.
        if (!ended) sink(left.data(), right.data(), block);
    }
    for (int b = 0; b < tailBlocks; ++b) {
        if (b > 0) renderer.renderBlock(left.data(), right.data());
        sink(left.data(), right.data(), block);
    }
    return result;
}
} // namespace

RenderedAudio renderOffline(const SceneSpec& spec, double sampleRateHz,
                            const OutputStageSpec* output)
{
    std::vector<float> left, right;
    RenderedAudio result =
        drive(spec, sampleRateHz, output, [&](const float* l, const float* r, int frames) {
            left.insert(left.end(), l, l + frames);
            right.insert(right.end(), r, r + frames);
        });
    result.left = std::move(left);
    result.right = std::move(right);
    return result;
}

int64_t renderToFile(const SceneSpec& spec, double sampleRateHz, const std::string& path,
                     const OutputStageSpec* output)
{
    SoundFileWriter writer(path, sampleRateHz);
    drive(spec, sampleRateHz, output,
          [&](const float* l, const float* r, int frames) { writer.write(l, r, frames); });
    writer.close();
    return writer.framesWritten();
}

} // namespace stagelab
