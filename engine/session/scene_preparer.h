#pragma once
/// Scenes built ahead of their play on background threads, so that Play starts the sound at once:
/// a wide source's decorrelated copies and a first HRTF load never run on the thread that clicked.

#include "session/trial_scene_builder.h"

#include <atomic>
#include <exception>
#include <future>
#include <memory>
#include <vector>

namespace stagelab {

class ScenePreparer
{
public:
    explicit ScenePreparer(TrialSceneBuilder& builder) : m_builder(builder) {}
    /// Waits for the builds under way (each takes well under a second).
    ~ScenePreparer();
    ScenePreparer(const ScenePreparer&) = delete;
    ScenePreparer& operator=(const ScenePreparer&) = delete;

    /// Starts building `trial`'s scene unless one for it is already waiting or under way. The
    /// build runs at a lower priority than the audio thread. Never throws: without a thread to
    /// build on, play() builds the scene itself.
    void prepare(const PlannedTrial& trial, uint64_t sceneId) noexcept;
    /// True once a scene for `trial` is built and waiting (not if its build failed).
    bool ready(const PlannedTrial& trial) const;
    /// True while a build of `trial`'s scene is under way: take() would wait for it.
    bool building(const PlannedTrial& trial) const;
    /// The scene prepared for `trial` (waiting for its build if still under way; rethrowing
    /// the Error it failed with), or null if none was prepared. Finished scenes of earlier
    /// trials are let go.
    std::unique_ptr<Scene> take(const PlannedTrial& trial);

    /// What a build leaves: the scene, or the Error that play() reports.
    struct Built
    {
        std::unique_ptr<Scene> scene;
        std::exception_ptr error;
    };

private:
    struct Pending
    {
        int trialIndex;
        std::shared_ptr<std::atomic<bool>> succeeded; // set by the build
        std::future<Built> scene;
    };
    /// A session keeps at most the current trial (and its replay) and the next one waiting
    /// (take() drops earlier trials' scenes); this bounds what an unusual sequence (resumes,
    /// audio changes) can leave behind.
    static constexpr size_t maximumPending = 4;
    /// Frees scenes no play will take on a thread of its own: a scene's FFT plans are destroyed
    /// under FFTW's planner lock, which a build measuring new plans holds for up to ~0.3 s - the
    /// thread that pressed Play must not wait for that.
    void dispose(std::vector<Pending>&& dropped) noexcept;

    TrialSceneBuilder& m_builder;
    std::vector<Pending> m_pending;
    std::vector<std::future<void>> m_disposals; ///< Under way (each future waits when freed).
};

} // namespace stagelab
