#include "session/scene_preparer.h"

#include <algorithm>
#include <chrono>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace stagelab {

namespace {
bool finished(const std::future<ScenePreparer::Built>& scene)
{
    return scene.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

/// A build runs while a sound plays: it must not take the CPU from the audio thread. Linux
/// gives each thread its own nice value; elsewhere the build runs at normal priority.
void yieldToTheAudioThread()
{
#ifdef __linux__
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#endif
}
} // namespace

ScenePreparer::~ScenePreparer() = default; // each future of std::async waits for its build

void ScenePreparer::prepare(const PlannedTrial& trial, uint64_t sceneId) noexcept
{
    if (std::any_of(m_pending.begin(), m_pending.end(),
                    [&](const Pending& pending) { return pending.trialIndex == trial.index; }))
        return;
    if (m_pending.size() >= maximumPending) {
        // Let go of the oldest finished scene; if every one is still being built, this trial
        // is built when it plays, as without preparation.
        const auto oldest =
            std::find_if(m_pending.begin(), m_pending.end(),
                         [](const Pending& pending) { return finished(pending.scene); });
        if (oldest == m_pending.end()) return;
        std::vector<Pending> dropped;
        dropped.push_back(std::move(*oldest));
        m_pending.erase(oldest);
        dispose(std::move(dropped));
    }
    try {
        auto succeeded = std::make_shared<std::atomic<bool>>(false);
        auto build = [this, trial, sceneId, succeeded] {
            yieldToTheAudioThread();
            Built built;
            try {
                built.scene = m_builder.build(trial, sceneId);
                succeeded->store(true);
            } catch (...) {
                built.error = std::current_exception();
            }
            return built;
        };
        m_pending.push_back({trial.index, succeeded, std::async(std::launch::async, build)});
    } catch (...) {
        // No thread to build on (or no memory): play() builds the scene itself, as it did
        // before scenes were prepared. Nothing the session recorded is affected.
    }
}

void ScenePreparer::dispose(std::vector<Pending>&& dropped) noexcept
{
    std::erase_if(m_disposals, [](const std::future<void>& disposal) {
        return disposal.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
    if (dropped.empty()) return;
    try {
        m_disposals.push_back(
            std::async(std::launch::async, [scenes = std::move(dropped)]() mutable {
                yieldToTheAudioThread();
                scenes.clear();
            }));
    } catch (...) {
        // No thread to spare: freed here after all (dropped goes out of scope).
    }
}

bool ScenePreparer::ready(const PlannedTrial& trial) const
{
    for (const Pending& pending : m_pending)
        if (pending.trialIndex == trial.index && finished(pending.scene))
            return pending.succeeded->load();
    return false;
}

bool ScenePreparer::building(const PlannedTrial& trial) const
{
    for (const Pending& pending : m_pending)
        if (pending.trialIndex == trial.index && !finished(pending.scene)) return true;
    return false;
}

std::unique_ptr<Scene> ScenePreparer::take(const PlannedTrial& trial)
{
    // Trials are answered in plan order: a finished scene of an earlier trial (a replay the
    // listener did not ask for) is never played, so it goes now rather than when space runs out.
    std::vector<Pending> dropped;
    for (auto at = m_pending.begin(); at != m_pending.end();)
        if (at->trialIndex < trial.index && finished(at->scene)) {
            dropped.push_back(std::move(*at));
            at = m_pending.erase(at);
        } else {
            ++at;
        }
    dispose(std::move(dropped));
    const auto found =
        std::find_if(m_pending.begin(), m_pending.end(),
                     [&](const Pending& pending) { return pending.trialIndex == trial.index; });
    if (found == m_pending.end()) return nullptr;
    std::future<Built> scene = std::move(found->scene);
    m_pending.erase(found);
    Built built = scene.get();
    if (built.error) std::rethrow_exception(built.error); // the Error play() would have thrown
    return std::move(built.scene);
}

} // namespace stagelab
