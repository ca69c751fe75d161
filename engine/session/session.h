#pragma once
/// A listening session: calibration -> training -> test blocks (with breaks and device
/// switches) -> done. The GUI, the CLI and simulated listeners all drive this one class; every
/// answer is in the session file, fsync'd, before the next trial can start.

#include "devices/device_calibration.h"
#include "devices/level_matching.h"
#include "experiment/experiment.h"
#include "experiment/trial_plan.h"
#include "results/session_recorder.h"
#include "session/trial_player.h"
#include "tracking/osc_head_tracker.h"

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

enum class SessionStage { Calibration, Trial, Break, DeviceSwitch, Done };

struct SessionOptions
{
    std::string experimentPath;
    std::string participant;
    std::string resultsFolder = "results";
    std::optional<uint64_t> seed; ///< For the "per-session" seed policy; default: from the clock.
    nlohmann::json simulator;     ///< Non-null marks the session as simulated and describes how.
    std::string
        hrtfPath; ///< A SOFA file replacing the experiment's HRTF (recorded; kept on resume).
    /// For an experiment that lists no devices: the profile (default-set name or path) of the
    /// headphones in use, whose EQ and level offset then apply to every trial (recorded; kept
    /// on resume). Ignored when the experiment lists its devices.
    std::string deviceProfile;
};

class Session
{
public:
    /// Validates the experiment (Error with every problem listed), plans the trials, creates
    /// results/<participant>/<session>.jsonl and writes its header.
    static std::unique_ptr<Session> start(const SessionOptions& options,
                                          const PlayerFactory& makePlayer);
    /// Continues `<resultsFolder>/<participant>/<session>.jsonl` with the experiment copy and plan
    /// of its header, at the first unanswered trial. A torn last line is cut off (and kept in the
    /// resume record); notices() says so.
    static std::unique_ptr<Session> resume(const SessionOptions& options,
                                           const std::string& sessionId,
                                           const PlayerFactory& makePlayer);

    SessionStage stage() const { return m_stage; }
    const TrialPlan& plan() const { return m_plan; }
    const Experiment& experiment() const { return *m_experiment; }
    const std::string& sessionId() const { return m_recorder->sessionId(); }
    const std::string& filePath() const { return m_recorder->path(); }
    std::string summaryPath() const { return m_recorder->summaryPath(); }
    /// The participant's own numbers (test trials, metrics by kind and model), once the session
    /// is done; null before, or if the session file could not be read back (notices() says why).
    const ParticipantSummary* participantSummary() const
    {
        return m_summary ? &*m_summary : nullptr;
    }
    int answeredCount() const { return m_answeredCount; }
    /// The trial to run now (stage Trial, Break or DeviceSwitch), or null when done.
    const PlannedTrial* currentTrial() const;
    /// The audio output in use, as the session header describes it (`audio` section).
    nlohmann::json audioDescription() const { return m_player->describe(); }
    /// The device of the current trial (null without devices, or when done).
    const ExperimentDevice* currentDevice() const;
    /// A device's EQ (clipping-guarded) and matched level (null for an id not in the experiment).
    const DeviceLevel* deviceLevel(const std::string& deviceId) const;
    /// A device's calibration from <results>/calibration/<profile id>.json (the device id when
    /// it has no profile); null if none, or if it was
    /// made for another version of the device's profile: notices() says so).
    const DeviceCalibration* deviceCalibration(const std::string& deviceId) const;
    /// The playback gain for a device: the volume set for it in this session, else its stored
    /// calibration's, else the session's calibration gain.
    double playbackGainDb(const std::string& deviceId) const;
    /// Calibrates the current trial's device (stage Calibration or DeviceSwitch): the gain the
    /// experimenter set with the reference playing through it, and an SPL meter reading if one
    /// was taken. Written to <results>/calibration/<profile id>.json (not for simulated
    /// sessions), used from now on and by later sessions. Throws Error without a device.
    void calibrateDevice(double gainDb, std::optional<double> splDb);
    /// The volume a person set for the current trial's device in this session, without saving
    /// it: it wins over the device's stored calibration until the session ends.
    void useGainForCurrentDevice(double gainDb);
    /// Things a person should know (e.g. a torn line was repaired on resume).
    const std::vector<std::string>& notices() const { return m_notices; }

    /// Calibration page: plays the reference noise (both ears, until stopped) or a one-ear burst.
    void playCalibration(CalibrationSignal signal);
    /// Sets the playback gain now (calibration volume adjustment); ramped, never clicks.
    void setGainDb(double gainDb);
    double gainDb() const { return m_gainDb; }
    /// Stops the sound (e.g. leaving the calibration page).
    void stopSound();
    /// Ends calibration with the playback gain the listener set; it is recorded with every trial.
    void completeCalibration(double gainDb);
    void endBreak();
    /// The listener wears the next device; `gainDb`, if given, is the volume set for it on the
    /// switch page (used for this session, like the calibration page's).
    void confirmDeviceSwitch(std::optional<double> gainDb = std::nullopt);

    /// Plays the current trial (again: a replay, limited by the experiment). Returns the onset
    /// frame. Throws Error when no replay is left or the audio device failed.
    int64_t play();
    int replaysLeft() const;
    /// Stage maps: plays one instrument alone, at its place (once the ensemble has been heard:
    /// answerOpen()); as often as the listener likes, counted in the record's `solos`, not a
    /// replay. Returns the onset frame. Throws Error on any other trial.
    int64_t playSolo(size_t instrument);
    /// True once the sound of this trial has been heard long enough to answer: the experiment's
    /// playback.answerAfterS (default: all of it) after the onset of a play. answer() refuses
    /// before. Not const: it remembers that a play was heard, so a replay does not close it.
    bool answerOpen();
    /// True once the scene of `trial` is built and waiting for its play (for tests).
    bool scenePrepared(const PlannedTrial& trial) const;
    /// True while the scene of `trial` is still being built: play() would wait for it (the
    /// GUI waits with the window responsive instead).
    bool sceneBuilding(const PlannedTrial& trial) const;
    /// The trial after the current one (the next unanswered), or null.
    const PlannedTrial* nextTrial() const;
    /// Blocks until the sound has ended at the ear (the renderer's end, then the device's
    /// buffer).
    void waitForSound();
    /// Non-blocking: true while the trial's sound still plays. Throws Error if the audio device
    /// failed: nothing recorded is affected; continue with replaceAudio().
    bool soundPlaying();
    /// Throws Error if the audio device failed (for breaks and other idle moments).
    void checkAudio();
    /// After an audio failure: closes the old output, opens the one `makePlayer` makes (the
    /// failed one is closed first, so it may reopen the same device) and records the change in
    /// the session file. The current trial starts again from its first play (not a replay).
    void replaceAudio(const PlayerFactory& makePlayer, const std::string& reason);
    /// Lets time pass on a virtual clock (simulated listeners "think").
    void think(double seconds) { m_player->advance(seconds); }
    /// Records the answer (fsync'd) and moves on. `responseTimeS` defaults to the time since the
    /// onset frame of the last play. Throws Error if it cannot be recorded: the session stops
    /// and everything recorded before stays valid.
    void answer(const TrialResponse& response, std::optional<double> responseTimeS = std::nullopt);

    // Head tracking (session_head_tracking.cpp) ---------------------------------------------
    /// Renders head-tracked trials with `tracker`'s orientations and records the head's trace
    /// with every answer. The caller keeps `tracker` alive while the session uses it (null:
    /// none). A simulated session needs none.
    void attachHeadTracker(OscHeadTracker* tracker);
    OscHeadTracker* headTracker() const { return m_tracker; }
    /// The tracker is silent this long: it is lost, and a trial that needs it pauses.
    static constexpr double trackerLostAfterS = 0.5;
    /// Whether the current trial needs a tracker: head-tracked rendering or a head-pointing
    /// answer (never for a simulated listener).
    bool currentTrialNeedsTracker() const;
    /// "" while the current trial has what it needs of a tracker; else why not (none attached,
    /// or silent for 0.5 s: "tracker lost"). play() and answer() refuse meanwhile, and after it
    /// returns the trial is heard again from its first play (restartTrial()).
    std::string headTrackerProblem() const;
    /// A tracker is attached and sending (its silence under trackerLostAfterS).
    bool trackerLive() const;
    /// Head-pointing: whether the head faces front, within the experiment's
    /// faceFrontToleranceDeg (great circle, yaw and pitch); a trial plays only then.
    bool facingFront() const;
    /// Head-pointing: answers with where the nose points now (azimuth = yaw, elevation =
    /// pitch), as answer() would.
    void answerWithHead(std::optional<double> responseTimeS = std::nullopt);
    /// The current trial is heard again from its first play (after the tracker was lost).
    void restartTrial();
    /// Takes what the tracker sent since the last call into the current trial's trace; a gap
    /// of more than trackerLostAfterS in a trial that needs the tracker marks it lost until
    /// restartTrial(). Call it often while a trial waits for its answer (the tracker's queue
    /// holds OscHeadTracker::traceCapacity orientations); play, soundPlaying and answer do.
    void collectHeadTrace();

private:
    Session() = default;
    /// The current trial as before its first play: plays, solos, stats, head trace.
    void resetTrialState();
    OscHeadTracker* m_tracker = nullptr;
    std::vector<std::array<double, 4>> m_headTrace; // the current trial's, from its first play
    int64_t m_traceStartNs = -1;                    // -1: not recording
    int64_t m_lastArrivalNs = -1;                   // the trace's newest orientation, raw
    double m_trackerGapS = 0.0; // a gap this long in a trial that needs the tracker: lost
    void openPlayer(const PlayerFactory& makePlayer);
    void advance();
    void finish();
    /// Asks the player to build the current and the next trial's scenes in the background.
    void prepareScenes();
    // Devices (session_devices.cpp): levels, calibrations, and the output in force.
    /// `recorded`: the devices a resumed session's header lists (null for a new session).
    void prepareDevices(const std::string& resultsFolder, const nlohmann::json& recorded);
    std::string m_resultsFolder;
    std::optional<DeviceProfile> m_outputProfile; // options.deviceProfile, loaded
    bool m_simulated = false;
    nlohmann::json devicesJson() const;
    void applyDevice(const PlannedTrial& trial);

    std::optional<Experiment> m_experiment;
    TrialPlan m_plan;
    std::unique_ptr<TrialPlayer> m_player;
    std::optional<SessionRecorder> m_recorder;
    std::optional<ParticipantSummary> m_summary;
    std::string m_participant;
    std::vector<bool> m_answered; // by trial index
    int m_answeredCount = 0;
    std::vector<std::string> m_notices;
    SessionStage m_stage = SessionStage::Calibration;
    int m_current = -1;   // index of the current trial
    int m_plays = 0;      // plays of the current trial
    int m_solos = 0;      // stage map: instruments played alone in the current trial
    bool m_heard = false; // a play of the current trial was heard for answerAfterS
    int64_t m_onsetFrame = 0;
    PlayStats m_stats;
    double m_gainDb = 0.0;
    std::vector<DeviceLevel> m_deviceLevels; // in the experiment's device order
    std::map<std::string, DeviceCalibration> m_calibrations;
    std::map<std::string, double> m_gainOverrides; // volumes set in this session, by device
    std::optional<std::string> m_appliedDevice;    // device whose output the player has now
};

} // namespace stagelab
