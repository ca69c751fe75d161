#pragma once
/// How a session's trials are heard: through the audio device in real time, or - for simulated
/// listeners - on a virtual sample clock without sound. Both build the same scenes.

#include "audio/audio_output.h"
#include "dsp/output_stage.h"
#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "render/renderer.h"
#include "session/trial_scene_builder.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>

namespace stagelab {

/// What happened while a trial played.
struct PlayStats
{
    int lateCallbacks = 0;
    int underruns = 0;
};

class TrialPlayer
{
public:
    virtual ~TrialPlayer() = default;
    /// Starts the trial's sound (with the scene prepare() built, if it did); returns the engine
    /// frame of its onset.
    virtual int64_t play(const PlannedTrial& trial) = 0;
    /// Starts building the trial's scene in the background, so that its play() starts at once.
    /// Nothing to build where nothing is heard. Never throws: a scene not prepared is built by
    /// play().
    virtual void prepare(const PlannedTrial& trial) noexcept { (void)trial; }
    /// True once a scene prepared for `trial` is built and waiting for its play().
    virtual bool scenePrepared(const PlannedTrial& trial) const
    {
        (void)trial;
        return false;
    }
    /// True while the scene of `trial` is being built: play() would wait for it.
    virtual bool sceneBuilding(const PlannedTrial& trial) const
    {
        (void)trial;
        return false;
    }
    /// Loads every model and stimulus the plan uses: a bad HRTF or stimulus file is refused
    /// before the session writes anything, and hrtf() can describe the HRTF in use.
    virtual void loadInputs(const TrialPlan& plan) = 0;
    /// Waits until the sound has ended (at once for the virtual clock); throws Error if the
    /// audio device failed meanwhile.
    virtual PlayStats waitUntilDone() = 0;
    /// Non-blocking: true once the sound of the last play() has ended; adds the late callbacks
    /// and underruns seen meanwhile to `stats`. Throws Error if the audio device failed.
    virtual bool pollPlayback(PlayStats& stats) = 0;
    /// Throws Error if the audio device failed since it was opened (for idle moments).
    virtual void checkDevice() = 0;
    /// Starts a calibration signal, cutting short whatever plays.
    virtual void playCalibration(CalibrationSignal signal) = 0;
    /// Stops whatever plays, with the scene's offset ramp.
    virtual void stopSound() = 0;
    /// The playback gain (master volume), ramped so that a change never clicks.
    virtual void setGainDb(double gainDb) = 0;
    /// The engine frame now.
    virtual int64_t currentFrame() const = 0;
    /// How long a rendered frame takes to reach the ear (the device's buffering): 0 for the
    /// virtual clock.
    virtual double outputLatencyS() const { return 0.0; }
    /// Lets `seconds` of (virtual) time pass; a real device just keeps running.
    virtual void advance(double seconds) = 0;
    virtual double sampleRateHz() const = 0;
    /// The "audio" section of a session header.
    virtual nlohmann::json describe() = 0;
    /// The "hrtf" section of a session header.
    virtual nlohmann::json hrtf() = 0;
    /// The "stimuli" section of a session header: every stimulus loaded, with its SHA-256.
    virtual nlohmann::json stimuli() = 0;
    /// Puts a device's output stage (EQ and level) in force for the next plays, crossfaded (no
    /// click), with `playbackGainDb` as the master gain. The virtual clock plays nothing, so by
    /// default nothing happens.
    virtual void setOutputStage(const OutputStageSpec& stage, double playbackGainDb)
    {
        (void)stage;
        (void)playbackGainDb;
    }
    /// Where head-tracked scenes read the head from (a tracker's orientationSource()). The
    /// virtual clock renders nothing, so by default nothing happens.
    virtual void setHeadSource(std::shared_ptr<const LatestOrientation> source) { (void)source; }
};

/// The engine block of every session, whoever drives it (GUI, CLI, a re-render of a trial):
/// 128 frames, 2.7 ms at 48 kHz.
inline constexpr int sessionBlockFrames = 128;

/// How a session gets its trial player for an experiment (a real-time one on a chosen device,
/// the virtual clock of a simulated listener, or a test's own).
using PlayerFactory = std::function<std::unique_ptr<TrialPlayer>(const Experiment&)>;

/// For simulated listeners: models and stimuli are loaded (so a bad stimulus still fails) but
/// nothing is rendered; the clock advances by the trial duration.
std::unique_ptr<TrialPlayer> makeVirtualTrialPlayer(const Experiment& experiment);

/// Stands in after an audio output failed to reopen: every use that needs sound throws Error
/// with `reason`, so nothing dereferences a missing player.
std::unique_ptr<TrialPlayer> makeUnavailableTrialPlayer(std::string reason, double sampleRateHz);

/// Real time through an audio device.
std::unique_ptr<TrialPlayer> makeRealtimeTrialPlayer(const Experiment& experiment,
                                                     const AudioOutputSettings& output,
                                                     int blockFrames);

} // namespace stagelab
