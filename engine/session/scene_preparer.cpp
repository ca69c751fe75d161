#include "session/scene_preparer.h"

#include <algorithm>
#include <chrono>

namespace stagelab {

namespace {
bool finished(const std::future<std::unique_ptr<Scene>>& scene)
{
    return scene.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}
} // namespace

ScenePreparer::~ScenePreparer() = default; // each future of std::async waits for its build

void ScenePreparer::prepare(const PlannedTrial& trial, uint64_t sceneId)
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
        m_pending.erase(oldest);
    }
    m_pending.push_back({trial.index, std::async(std::launch::async, [this, trial, sceneId] {
                             return m_builder.build(trial, sceneId);
                         })});
}

bool ScenePreparer::ready(const PlannedTrial& trial) const
{
    return std::any_of(m_pending.begin(), m_pending.end(), [&](const Pending& pending) {
        return pending.trialIndex == trial.index && finished(pending.scene);
    });
}

std::unique_ptr<Scene> ScenePreparer::take(const PlannedTrial& trial)
{
    const auto found =
        std::find_if(m_pending.begin(), m_pending.end(),
                     [&](const Pending& pending) { return pending.trialIndex == trial.index; });
    if (found == m_pending.end()) return nullptr;
    std::future<std::unique_ptr<Scene>> scene = std::move(found->scene);
    m_pending.erase(found);
    return scene.get();
}

} // namespace stagelab
