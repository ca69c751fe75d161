#include "render/renderer.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace stagelab {

namespace {
constexpr size_t commandCapacity = 256;
constexpr size_t eventCapacity = 4096;
// Every scene in flight can be retired at most once: active ones plus those queued as commands.
constexpr size_t retiredCapacity = commandCapacity + Renderer::maxActiveScenes;
// Output stages in flight: queued ones plus the one in force and the one fading in.
constexpr size_t retiredOutputCapacity = commandCapacity + 2;
/// Long enough that the change of a filter is not heard as a click, short next to a trial.
constexpr double outputCrossfadeS = 0.010;
} // namespace

Renderer::Renderer(double sampleRateHz, int blockFrames)
    : m_sampleRateHz(sampleRateHz), m_blockFrames(blockFrames), m_commands(commandCapacity),
      m_events(eventCapacity), m_retired(retiredCapacity), m_retiredOutputs(retiredOutputCapacity),
      m_fadeFrames(std::max(blockFrames, int(std::lround(outputCrossfadeS * sampleRateHz)))),
      m_dryLeft(size_t(blockFrames)), m_dryRight(size_t(blockFrames)), m_left(size_t(blockFrames)),
      m_right(size_t(blockFrames)), m_blockRead(blockFrames)
{}

Renderer::~Renderer()
{
    for (Scene*& scene : m_active)
        delete std::exchange(scene, nullptr);
    RenderCommand command;
    while (m_commands.try_dequeue(command)) {
        delete command.scene;
        delete command.output;
    }
    delete std::exchange(m_output, nullptr);
    delete std::exchange(m_nextOutput, nullptr);
    reclaimScenes();
}

void Renderer::post(const RenderCommand& command)
{
    if (!m_commands.try_enqueue(command))
        throw Error("the audio thread's command queue is full (is the audio stream running?)");
}

uint64_t Renderer::startScene(std::unique_ptr<Scene> scene, int64_t frame)
{
    if (!scene) throw Error("no scene to start");
    if (scene->blockFrames() != m_blockFrames)
        throw Error("scene block size " + std::to_string(scene->blockFrames()) +
                    " differs from the renderer's " + std::to_string(m_blockFrames));
    const uint64_t id = scene->id();
    RenderCommand command;
    command.type = RenderCommand::Type::StartScene;
    command.scene = scene.get();
    command.frame = frame;
    post(command);
    scene.release(); // the audio thread owns it now; it comes back through m_retired
    return id;
}

void Renderer::stopScene(uint64_t sceneId, int64_t frame)
{
    RenderCommand command;
    command.type = RenderCommand::Type::StopScene;
    command.sceneId = sceneId;
    command.frame = frame;
    post(command);
}

void Renderer::stopAll(int64_t frame)
{
    RenderCommand command;
    command.type = RenderCommand::Type::StopAll;
    command.frame = frame;
    post(command);
}

void Renderer::setGain(double gainDb, double rampS)
{
    if (!std::isfinite(gainDb) || gainDb > 24.0 || !std::isfinite(rampS) || rampS < 0.0 ||
        rampS > 10.0)
        throw Error("gain must be finite and at most +24 dB, ramp 0..10 s");
    RenderCommand command;
    command.type = RenderCommand::Type::SetGain;
    command.gainDb = float(gainDb);
    command.rampS = float(rampS);
    post(command);
}

void Renderer::setOutputEqualizer(std::unique_ptr<OutputEqualizer> output)
{
    if (output && output->blockFrames() != m_blockFrames)
        throw Error("output stage block size " + std::to_string(output->blockFrames()) +
                    " differs from the renderer's " + std::to_string(m_blockFrames));
    RenderCommand command;
    command.type = RenderCommand::Type::SetOutput;
    command.output = output.get();
    post(command);
    output.release(); // the audio thread owns it now; it comes back through m_retiredOutputs
}

bool Renderer::pollEvent(RenderEvent& event)
{
    reclaimScenes();
    return m_events.try_dequeue(event);
}

void Renderer::reclaimScenes()
{
    Scene* scene = nullptr;
    while (m_retired.try_dequeue(scene))
        delete scene;
    OutputEqualizer* output = nullptr;
    while (m_retiredOutputs.try_dequeue(output))
        delete output;
}

void Renderer::reportEvent(const RenderEvent& event) noexcept
{
    // A full queue means nobody reads events; dropping one is better than blocking.
    m_events.try_enqueue(event);
}

void Renderer::retire(Scene* scene) noexcept
{
    // Capacity covers every scene that can be in flight, so this cannot fail.
    m_retired.try_enqueue(scene);
}

void Renderer::retire(OutputEqualizer* output) noexcept
{
    // Capacity covers every stage that can be in flight, so this cannot fail.
    if (output) m_retiredOutputs.try_enqueue(output);
}

void Renderer::handleCommands() noexcept
{
    RenderCommand command;
    const int64_t now = m_frame.load(std::memory_order_relaxed);
    while (m_commands.try_dequeue(command)) {
        switch (command.type) {
        case RenderCommand::Type::StartScene: {
            auto slot = std::find(m_active.begin(), m_active.end(), nullptr);
            if (slot == m_active.end()) {
                reportEvent({RenderEvent::Type::Rejected, command.scene->id(), now, 0, 0});
                retire(command.scene);
                break;
            }
            command.scene->setStartFrame(std::max(command.frame, now));
            *slot = command.scene;
            m_onsetSent[size_t(slot - m_active.begin())] = false;
            break;
        }
        case RenderCommand::Type::StopScene:
        case RenderCommand::Type::StopAll:
            for (Scene* scene : m_active)
                if (scene && (command.type == RenderCommand::Type::StopAll ||
                              scene->id() == command.sceneId))
                    scene->stopAt(std::max(command.frame, now));
            break;
        case RenderCommand::Type::SetGain: {
            m_gainTarget = std::pow(10.0f, command.gainDb / 20.0f);
            m_gainRampLeft = std::max(1, int(command.rampS * float(m_sampleRateHz)));
            m_gainStep = (m_gainTarget - m_gain) / float(m_gainRampLeft);
            break;
        }
        case RenderCommand::Type::SetOutput:
            if (m_silentBlocks > (m_output ? m_output->warmUpBlocks() : 0) &&
                std::all_of(m_active.begin(), m_active.end(),
                            [](Scene* scene) { return !scene; })) {
                // Silence in, and the old stage's tail has rung out: swap without a fade.
                retire(std::exchange(m_nextOutput, nullptr));
                retire(std::exchange(m_output, command.output));
                m_outputChangePending = false;
                reportEvent({RenderEvent::Type::OutputChanged, 0, now, 0, 0});
                break;
            }
            // The latest stage wins; one still on its way in is dropped unheard.
            retire(std::exchange(m_nextOutput, command.output));
            m_outputChangePending = true;
            m_warmUpLeft = command.output ? command.output->warmUpBlocks() : 0;
            m_fadeFrame = 0;
            break;
        }
    }
}

void Renderer::renderBlock(float* left, float* right) noexcept
{
    handleCommands();
    const int64_t blockStart = m_frame.load(std::memory_order_relaxed);
    std::fill_n(left, m_blockFrames, 0.0f);
    std::fill_n(right, m_blockFrames, 0.0f);
    for (size_t s = 0; s < m_active.size(); ++s) {
        Scene* scene = m_active[s];
        if (!scene) continue;
        if (!m_onsetSent[s] && scene->startFrame() < blockStart + m_blockFrames) {
            reportEvent({RenderEvent::Type::Onset, scene->id(), scene->startFrame(), 0, 0});
            m_onsetSent[s] = true;
        }
        if (!scene->render(blockStart, left, right)) {
            reportEvent({RenderEvent::Type::End, scene->id(), scene->endFrame(), 0, 0});
            retire(scene);
            m_active[s] = nullptr;
        }
    }
    const bool anyScene =
        std::any_of(m_active.begin(), m_active.end(), [](Scene* scene) { return scene; });
    m_silentBlocks = anyScene ? 0 : std::min(m_silentBlocks + 1, 1 << 30);
    applyOutput(left, right);
    for (int i = 0; i < m_blockFrames; ++i) {
        if (m_gainRampLeft > 0) {
            m_gain = --m_gainRampLeft == 0 ? m_gainTarget : m_gain + m_gainStep;
        }
        left[i] *= m_gain;
        right[i] *= m_gain;
    }
    m_frame.store(blockStart + m_blockFrames, std::memory_order_release);
}

void Renderer::applyOutput(float* left, float* right) noexcept
{
    if (!m_outputChangePending) {
        if (m_output) m_output->process(left, right, left, right);
        return;
    }
    // A change in progress: the incoming stage hears every block from its arrival on.
    std::copy_n(left, m_blockFrames, m_dryLeft.data());
    std::copy_n(right, m_blockFrames, m_dryRight.data());
    if (m_output) m_output->process(left, right, left, right);
    if (m_nextOutput)
        m_nextOutput->process(m_dryLeft.data(), m_dryRight.data(), m_dryLeft.data(),
                              m_dryRight.data());
    if (m_warmUpLeft > 0) {
        --m_warmUpLeft;
        return;
    }
    const float pi = 3.14159265358979f;
    for (int i = 0; i < m_blockFrames; ++i) {
        const int position = std::min(m_fadeFrame + i + 1, m_fadeFrames);
        const float in = 0.5f - 0.5f * std::cos(pi * float(position) / float(m_fadeFrames));
        left[i] += in * (m_dryLeft[size_t(i)] - left[i]);
        right[i] += in * (m_dryRight[size_t(i)] - right[i]);
    }
    m_fadeFrame += m_blockFrames;
    if (m_fadeFrame >= m_fadeFrames) {
        retire(std::exchange(m_output, std::exchange(m_nextOutput, nullptr)));
        m_outputChangePending = false;
        reportEvent({RenderEvent::Type::OutputChanged, 0,
                     m_frame.load(std::memory_order_relaxed) + m_blockFrames, 0, 0});
    }
}

void Renderer::process(float* interleaved, int frames) noexcept
{
    while (frames > 0) {
        if (m_blockRead == m_blockFrames) {
            renderBlock(m_left.data(), m_right.data());
            m_blockRead = 0;
        }
        const int count = std::min(frames, m_blockFrames - m_blockRead);
        for (int i = 0; i < count; ++i) {
            interleaved[2 * i] = m_left[size_t(m_blockRead + i)];
            interleaved[2 * i + 1] = m_right[size_t(m_blockRead + i)];
        }
        interleaved += 2 * count;
        frames -= count;
        m_blockRead += count;
    }
}

} // namespace stagelab
