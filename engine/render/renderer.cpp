#include "render/renderer.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace stagelab {

namespace {
constexpr size_t commandCapacity = 256;
constexpr size_t eventCapacity = 4096;
// The retire queues can never be full, so the audio thread never has to free or drop anything.
// The control thread empties them before every hand-over (startScene, setOutputStage), so what
// they hold at any time was, at the last emptying, in the command queue (at most its real
// capacity, which the queue may round up) or in force (the active slots; the stage in force and
// the one fading in).
constexpr size_t stagesInForce = 2;
/// Long enough that the change of a filter is not heard as a click, short next to a trial.
constexpr double outputCrossfadeS = 0.010;
} // namespace

Renderer::Renderer(double sampleRateHz, int blockFrames)
    : m_sampleRateHz(sampleRateHz), m_blockFrames(blockFrames), m_commands(commandCapacity),
      m_events(eventCapacity), m_retiredScenes(m_commands.capacity() + maxActiveScenes),
      m_retiredStages(m_commands.capacity() + stagesInForce),
      m_fadeFrames(std::max(blockFrames, int(std::lround(outputCrossfadeS * sampleRateHz)))),
      m_dryLeft(size_t(blockFrames)), m_dryRight(size_t(blockFrames)), m_left(size_t(blockFrames)),
      m_right(size_t(blockFrames)), m_blockRead(blockFrames)
{}

Renderer::~Renderer()
{
    // Commands still queued own their scenes and stages: popping them frees them here.
    for (RenderCommand command; m_commands.try_pop(command);) {
    }
    reclaimScenes();
}

void Renderer::post(RenderCommand&& command)
{
    if (!m_commands.try_push(std::move(command)))
        throw Error("the audio thread's command queue is full (is the audio stream running?)");
}

uint64_t Renderer::startScene(std::unique_ptr<Scene> scene, int64_t frame)
{
    if (!scene) throw Error("no scene to start");
    if (scene->blockFrames() != m_blockFrames)
        throw Error("scene block size " + std::to_string(scene->blockFrames()) +
                    " differs from the renderer's " + std::to_string(m_blockFrames));
    reclaimScenes(); // keeps the retire queues' bound (see the top of this file)
    const uint64_t id = scene->id();
    RenderCommand command;
    command.type = RenderCommand::Type::StartScene;
    command.scene = std::move(scene);
    command.frame = frame;
    post(std::move(command));
    return id;
}

void Renderer::stopScene(uint64_t sceneId, int64_t frame)
{
    RenderCommand command;
    command.type = RenderCommand::Type::StopScene;
    command.sceneId = sceneId;
    command.frame = frame;
    post(std::move(command));
}

void Renderer::stopAll(int64_t frame)
{
    RenderCommand command;
    command.type = RenderCommand::Type::StopAll;
    command.frame = frame;
    post(std::move(command));
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
    post(std::move(command));
}

void Renderer::setOutputStage(std::unique_ptr<OutputStage> stage)
{
    if (stage && stage->blockFrames() != m_blockFrames)
        throw Error("output stage block size " + std::to_string(stage->blockFrames()) +
                    " differs from the renderer's " + std::to_string(m_blockFrames));
    reclaimScenes(); // keeps the retire queues' bound (see the top of this file)
    RenderCommand command;
    command.type = RenderCommand::Type::SetOutputStage;
    command.outputStage = std::move(stage);
    post(std::move(command));
}

void Renderer::setHeadSource(std::shared_ptr<const LatestOrientation> source)
{
    reclaimScenes();
    RenderCommand command;
    command.type = RenderCommand::Type::SetHeadSource;
    command.headSource = source.get();
    command.headSourceSerial = ++m_headSerial;
    m_headSources.emplace_back(m_headSerial, std::move(source));
    post(std::move(command));
}

HeadOrientation Renderer::renderedHead() const noexcept
{
    HeadOrientation head;
    int64_t stamp = 0;
    m_renderedHead.read(head, stamp);
    return head;
}

bool Renderer::pollEvent(RenderEvent& event)
{
    reclaimScenes();
    return m_events.try_pop(event);
}

int Renderer::reclaimScenes()
{
    int freed = 0;
    for (std::unique_ptr<Scene> scene; m_retiredScenes.try_pop(scene); scene.reset())
        ++freed;
    for (std::unique_ptr<OutputStage> stage; m_retiredStages.try_pop(stage); stage.reset())
        ++freed;
    // Head sources older than the one the audio thread has taken are no longer read.
    const uint64_t taken = m_headSerialTaken.load(std::memory_order_acquire);
    std::erase_if(m_headSources, [&](const auto& entry) { return entry.first < taken; });
    return freed;
}

void Renderer::reportEvent(const RenderEvent& event) noexcept
{
    // A full queue means nobody reads events; dropping one is better than blocking.
    (void)m_events.try_push(event);
}

void Renderer::onUnderrun() noexcept
{
    reportEvent({RenderEvent::Type::Underrun, 0, m_frame.load(std::memory_order_relaxed), 0, 0});
}

void Renderer::onLateCallback(float processingMs, float periodMs) noexcept
{
    reportEvent({RenderEvent::Type::LateCallback, 0, m_callbackFrame, processingMs, periodMs});
}

void Renderer::retire(std::unique_ptr<Scene>& scene) noexcept
{
    // Cannot fail: the capacity covers every scene that can be in flight (see the top of this
    // file). Were it ever full, letting go of the scene is still better than freeing it here.
    if (scene && !m_retiredScenes.try_push(std::move(scene))) (void)scene.release();
}

void Renderer::retire(std::unique_ptr<OutputStage>& stage) noexcept
{
    // As retire(scene): the capacity covers every stage in flight.
    if (stage && !m_retiredStages.try_push(std::move(stage))) (void)stage.release();
}

void Renderer::handleCommands() noexcept
{
    const int64_t now = m_frame.load(std::memory_order_relaxed);
    // Whatever a command owns is moved on before the command goes out of scope: it is freed
    // by the control thread, never here.
    for (RenderCommand command; m_commands.try_pop(command);) {
        switch (command.type) {
        case RenderCommand::Type::StartScene: {
            auto slot = std::find(m_active.begin(), m_active.end(), nullptr);
            if (slot == m_active.end()) {
                reportEvent({RenderEvent::Type::Rejected, command.scene->id(), now, 0, 0});
                retire(command.scene);
                break;
            }
            command.scene->setStartFrame(std::max(command.frame, now));
            *slot = std::move(command.scene);
            m_onsetSent[size_t(slot - m_active.begin())] = false;
            break;
        }
        case RenderCommand::Type::StopScene:
        case RenderCommand::Type::StopAll:
            for (const std::unique_ptr<Scene>& scene : m_active)
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
        case RenderCommand::Type::SetOutputStage:
            if (m_silentBlocks > (m_stage ? m_stage->warmUpBlocks() : 0) &&
                std::all_of(m_active.begin(), m_active.end(),
                            [](const std::unique_ptr<Scene>& scene) { return !scene; })) {
                // Silence in, and the old stage's tail has rung out: swap without a fade.
                retire(m_nextStage);
                retire(m_stage);
                m_stage = std::move(command.outputStage);
                m_stageChangePending = false;
                reportEvent({RenderEvent::Type::OutputStageChanged, 0, now, 0, 0});
                break;
            }
            // The latest stage wins; one still on its way in is dropped unheard.
            retire(m_nextStage);
            m_nextStage = std::move(command.outputStage);
            m_stageChangePending = true;
            m_warmUpLeft = m_nextStage ? m_nextStage->warmUpBlocks() : 0;
            m_fadeFrame = 0;
            break;
        case RenderCommand::Type::SetHeadSource:
            m_headSource = command.headSource;
            m_head = {};
            m_headSerialTaken.store(command.headSourceSerial, std::memory_order_release);
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
    if (m_headSource) {
        // A read that meets a write keeps the last orientation (a block late at worst).
        int64_t stamp = 0;
        m_headSource->read(m_head, stamp);
        m_renderedHead.write(m_head, blockStart);
    }
    for (size_t s = 0; s < m_active.size(); ++s) {
        Scene* scene = m_active[s].get();
        if (!scene) continue;
        if (!m_onsetSent[s] && scene->startFrame() < blockStart + m_blockFrames) {
            reportEvent({RenderEvent::Type::Onset, scene->id(), scene->startFrame(), 0, 0});
            m_onsetSent[s] = true;
        }
        if (!scene->render(blockStart, left, right, m_head)) {
            reportEvent({RenderEvent::Type::End, scene->id(), scene->endFrame(), 0, 0});
            retire(m_active[s]);
        }
    }
    const bool anyScene = std::any_of(m_active.begin(), m_active.end(),
                                      [](const std::unique_ptr<Scene>& scene) { return !!scene; });
    m_silentBlocks = anyScene ? 0 : std::min(m_silentBlocks + 1, 1 << 30);
    applyOutputStage(left, right);
    for (int i = 0; i < m_blockFrames; ++i) {
        if (m_gainRampLeft > 0) {
            m_gain = --m_gainRampLeft == 0 ? m_gainTarget : m_gain + m_gainStep;
        }
        left[i] *= m_gain;
        right[i] *= m_gain;
    }
    m_frame.store(blockStart + m_blockFrames, std::memory_order_release);
}

void Renderer::applyOutputStage(float* left, float* right) noexcept
{
    if (!m_stageChangePending) {
        if (m_stage) m_stage->process(left, right, left, right);
        return;
    }
    // A change in progress: the incoming stage hears every block from its arrival on.
    std::copy_n(left, m_blockFrames, m_dryLeft.data());
    std::copy_n(right, m_blockFrames, m_dryRight.data());
    if (m_stage) m_stage->process(left, right, left, right);
    if (m_nextStage)
        m_nextStage->process(m_dryLeft.data(), m_dryRight.data(), m_dryLeft.data(),
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
        retire(m_stage);
        m_stage = std::move(m_nextStage);
        m_stageChangePending = false;
        reportEvent({RenderEvent::Type::OutputStageChanged, 0,
                     m_frame.load(std::memory_order_relaxed) + m_blockFrames, 0, 0});
    }
}

void Renderer::process(float* interleaved, int frames) noexcept
{
    m_callbackFrame = m_frame.load(std::memory_order_relaxed);
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
