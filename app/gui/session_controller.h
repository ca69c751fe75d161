#pragma once
/// The GUI's bridge to one listening session: the engine's Session presented as properties the
/// QML pages bind to and commands they call. It adds no session logic of its own: what a trial
/// is, when a break is due and how an answer is recorded all stay in the engine. Calibration
/// (reference noise, left/right check, volume) is the CalibrationController's.

#include "gui/head_tracker_controller.h"
#include "gui/metric_table_model.h"

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <QVariantList>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

namespace stagelab {
class Session;
struct Experiment;
struct PlannedTrial;
class TrialPlayer;
} // namespace stagelab

class SessionController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    Q_PROPERTY(Page page READ page NOTIFY pageChanged)
    /// Why the last start or resume failed (shown on the Start page).
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    /// While a start or resume is under way on a worker thread (the experiment, its plan, the
    /// results file, the audio device, the HRTF set and the first scene): the window stays
    /// responsive and shows progress, and takes no second start.
    Q_PROPERTY(bool opening READ opening NOTIFY openingChanged)
    /// Non-empty while the session is paused by an audio failure.
    Q_PROPERTY(QString audioError READ audioError NOTIFY audioErrorChanged)
    // What the session is (sessionChanged).
    Q_PROPERTY(QString audioDeviceName READ audioDeviceName NOTIFY sessionChanged)
    Q_PROPERTY(QString experimentTitle READ experimentTitle NOTIFY sessionChanged)

    Q_PROPERTY(QString sessionFile READ sessionFile NOTIFY sessionChanged)
    Q_PROPERTY(QString participant READ participant NOTIFY sessionChanged)
    /// For the experimenter, on the Calibration page: what opening the session found (a resume,
    /// a torn line repaired, a calibration declined).
    Q_PROPERTY(QStringList notices READ notices NOTIFY sessionChanged)
    /// For the Done page: what went wrong at the end (the summary not written).
    Q_PROPERTY(QStringList doneNotices READ doneNotices NOTIFY donePointsChanged)
    Q_PROPERTY(double breakMinimumS READ breakMinimumS NOTIFY sessionChanged)
    // The trial the pages show (trialChanged).
    Q_PROPERTY(int trialCount READ trialCount NOTIFY trialChanged)
    Q_PROPERTY(int trialNumber READ trialNumber NOTIFY trialChanged)
    Q_PROPERTY(QString blockName READ blockName NOTIFY trialChanged)
    Q_PROPERTY(ResponseMode responseMode READ responseMode NOTIFY trialChanged)
    /// The trial also asks where the sound was on the externalization scale.
    Q_PROPERTY(bool askExternalization READ askExternalization NOTIFY trialChanged)
    /// The scale's anchors, 0 first (the engine's list).
    Q_PROPERTY(QStringList externalizationAnchors READ externalizationAnchors CONSTANT)
    /// Stage maps: the instruments to place (their stimulus names, in the trial's order).
    Q_PROPERTY(QStringList instruments READ instruments NOTIFY trialChanged)
    Q_PROPERTY(bool training READ training NOTIFY trialChanged)
    Q_PROPERTY(bool feedback READ feedback NOTIFY trialChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY trialChanged)
    /// The listener's instructions for the block (the experiment's and the block's own).
    Q_PROPERTY(QString instructions READ instructions NOTIFY trialChanged)
    // Its sound and answer (playbackChanged).
    Q_PROPERTY(bool playing READ playing NOTIFY playbackChanged)
    Q_PROPERTY(bool played READ played NOTIFY playbackChanged)
    Q_PROPERTY(int replaysLeft READ replaysLeft NOTIFY playbackChanged)
    /// Play (or replay) is possible now.
    Q_PROPERTY(bool canPlay READ canPlay NOTIFY playbackChanged)
    /// An answer can be recorded now: the sound was heard (the experiment's answerAfterS, by
    /// default all of it). The pad must also hold one: that is QML's to know.
    Q_PROPERTY(bool canAnswer READ canAnswer NOTIFY playbackChanged)
    /// Stage maps: an instrument can be played alone now (once the ensemble was heard).
    Q_PROPERTY(bool canSolo READ canSolo NOTIFY playbackChanged)
    /// Seconds of the sound the listener must hear before answering (for the page's hint).
    Q_PROPERTY(double answerAfterS READ answerAfterS NOTIFY sessionChanged)
    /// Seconds of sound each play lasts.
    Q_PROPERTY(double soundDurationS READ soundDurationS NOTIFY sessionChanged)
    /// After a feedback trial's answer, until the listener continues: the true source,
    /// {azimuthDeg, elevationDeg, widthDeg, distanceM; for a stage map, instruments: a list of
    /// {azimuthDeg, distanceM}}.
    Q_PROPERTY(bool showingFeedback READ showingFeedback NOTIFY feedbackChanged)
    Q_PROPERTY(QVariantMap feedbackTarget READ feedbackTarget NOTIFY feedbackChanged)
    /// The Done page: the participant's answered test trials (for the plots) and their metrics
    /// (the engine's summary of the session).
    Q_PROPERTY(QVariantList donePoints READ donePoints NOTIFY donePointsChanged)
    Q_PROPERTY(MetricTableModel* doneLocalization READ doneLocalization CONSTANT)
    Q_PROPERTY(MetricTableModel* doneWidth READ doneWidth CONSTANT)
    Q_PROPERTY(bool sessionActive READ sessionActive NOTIFY pageChanged)
    /// Non-empty while the current trial needs the head tracker and does not have it (none
    /// listening, or silent for 0.5 s: "head tracker lost"); the trial waits, and plays again
    /// from its start once the tracker is back.
    Q_PROPERTY(QString trackerProblem READ trackerProblem NOTIFY trackerChanged)
    /// Head-pointing: the head faces front (a trial plays only then).
    Q_PROPERTY(bool facingFront READ facingFront NOTIFY trackerChanged)

public:
    /// The page a session is on.
    enum class Page { Start, Calibration, Instructions, Trial, Break, DeviceSwitch, Done };
    Q_ENUM(Page)
    /// What the trial asks for: a direction, a direction and a height, or a width.
    enum class ResponseMode {
        None,
        Azimuth,
        AzimuthElevation,
        WidthEdges,
        AzimuthDistance,
        Externalization,
        StageMap,
        HeadPointing
    };
    Q_ENUM(ResponseMode)

    explicit SessionController(QObject* parent = nullptr);
    ~SessionController() override;

    /// Starts opening a session on a worker thread (session_controller_opening.cpp); false if
    /// one is being opened already. sessionOpened() follows, or errorMessage says why not.
    Q_INVOKABLE bool start(const QString& experimentPath, const QString& participant,
                           const QString& audioDeviceId, int bufferFrames, const QString& hrtfPath,
                           const QString& resultsFolder, const QString& deviceProfile = QString());
    Q_INVOKABLE bool resume(const QString& sessionId, const QString& participant,
                            const QString& audioDeviceId, int bufferFrames,
                            const QString& resultsFolder);
    Q_INVOKABLE void beginBlock();
    Q_INVOKABLE void play();
    /// Records a localization answer (SOFA azimuth, +90 = left; elevation NaN when not asked).
    /// `externalization` (0-4) when the trial also asks for it, else -1; likewise below.
    Q_INVOKABLE bool answerDirection(double azimuthDeg, double elevationDeg,
                                     int externalization = -1);
    /// Records a width answer: the azimuths of the left and right edges.
    Q_INVOKABLE bool answerWidth(double leftEdgeDeg, double rightEdgeDeg, int externalization = -1);
    /// A direction and a distance in metres (azimuth-distance blocks).
    Q_INVOKABLE bool answerDistance(double azimuthDeg, double distanceM, int externalization = -1);
    /// A rating alone (externalization blocks).
    Q_INVOKABLE bool answerExternalization(int rating);
    /// Stage maps (session_controller_stage_map.cpp): plays instrument `index` alone.
    Q_INVOKABLE void playSolo(int index);
    /// Records a stage map: per instrument, in the trial's order, {azimuthDeg, distanceM}.
    Q_INVOKABLE bool answerStageMap(const QVariantList& placements);
    /// Head-pointing (session_controller_head_tracking.cpp): records where the nose points.
    Q_INVOKABLE bool answerWithHead();
    Q_INVOKABLE void continueAfterFeedback();
    Q_INVOKABLE void endBreak();
    /// After an audio failure: continue on this device ("" = the default output).
    Q_INVOKABLE bool switchAudioDevice(const QString& deviceId);
    /// Stops the sound and leaves the session (it stays resumable); back to the Start page.
    Q_INVOKABLE void closeSession();

    Page page() const { return m_page; }
    QString errorMessage() const { return m_errorMessage; }
    bool opening() const { return m_opener.joinable(); }
    QString audioError() const { return m_audioError; }
    QString audioDeviceName() const;
    QString experimentTitle() const;
    QString instructions() const;
    QString sessionFile() const;
    QString participant() const { return m_participant; }
    QStringList notices() const { return m_notices; }
    QStringList doneNotices() const { return m_doneNotices; }
    double answerAfterS() const;
    double soundDurationS() const;
    int trialNumber() const;
    int trialCount() const;
    QString blockName() const;
    ResponseMode responseMode() const;
    bool askExternalization() const;
    QStringList instruments() const;
    bool canSolo() const;
    QStringList externalizationAnchors() const;
    bool training() const;
    bool feedback() const;
    QString deviceName() const;
    double breakMinimumS() const;
    /// The sound is about to play (Play waits for its scene to be built) or playing.
    bool playing() const { return m_playing || m_playPending; }
    bool played() const { return m_played; }
    int replaysLeft() const;
    bool canPlay() const;
    bool canAnswer() const;
    bool showingFeedback() const { return !m_feedbackTarget.isEmpty(); }
    QVariantMap feedbackTarget() const { return m_feedbackTarget; }
    QVariantList donePoints() const { return m_donePoints; }
    MetricTableModel* doneLocalization() { return &m_doneLocalization; }
    MetricTableModel* doneWidth() { return &m_doneWidth; }
    bool sessionActive() const;
    QString trackerProblem() const { return m_trackerProblem; }
    bool facingFront() const { return m_facingFront; }

    /// The application's head tracker (C++: the Bridge's): sessions use it while it listens.
    void setHeadTracker(HeadTrackerController* tracker);

    // For the CalibrationController (C++ only) -----------------------------------------------
    /// The engine's session, or null before a start.
    stagelab::Session* engineSession() const { return m_session.get(); }
    /// A session runs and no audio failure is pending: commands may go to the engine.
    bool ready() const { return m_session && m_audioError.isEmpty(); }
    /// Runs an engine call; an Error (device gone, queue full, missing stimulus) pauses the
    /// session on the audio-error panel instead of escaping into Qt's event loop.
    bool attempt(const std::function<void()>& call);
    /// The engine's stage may have moved on: shows the page it is on now.
    void refresh() { updatePage(); }
    /// True once the scene of the trial the Trial page shows (or will show next) is built and
    /// waiting for Play (for tests: it must be before the page appears).
    bool currentScenePrepared() const;

signals:
    void pageChanged();
    void errorMessageChanged();
    void openingChanged();
    void audioErrorChanged();
    void sessionChanged();
    void trialChanged();
    void playbackChanged();
    void feedbackChanged();
    void donePointsChanged();
    void trackerChanged();
    /// A session was started or resumed (C++: the calibration controller starts afresh).
    void sessionOpened();

private:
    /// Runs `open` on a worker thread; finishOpening() takes its session (or its error) back
    /// on this one.
    bool openOnWorker(std::function<std::unique_ptr<stagelab::Session>()> open,
                      const QString& participant, int bufferFrames);
    void finishOpening(std::unique_ptr<stagelab::Session> session, const QString& error,
                       const QString& participant);
    /// Real-time trial players on `audioDeviceId` ("" = the default output).
    static std::function<std::unique_ptr<stagelab::TrialPlayer>(const stagelab::Experiment&)>
    players(const QString& audioDeviceId, int bufferFrames);
    void updatePage();
    void pollAudio();
    /// The session's tracker state (session_controller_head_tracking.cpp): a lost tracker stops
    /// the sound; its return restarts the trial.
    void pollTracker();
    void attachTracker();
    /// The session would play or take an answer now as far as the tracker goes; if not, the
    /// page learns why at once (the overlay, Play disabled) instead of an error.
    bool trackerReady();
    void fail(const QString& audioError);
    bool record(const std::function<void()>& answer);
    void loadDonePage();
    /// The trial the pages show: the answered one while its feedback is on screen, else the
    /// current.
    const stagelab::PlannedTrial* shownTrial() const;

    std::unique_ptr<stagelab::Session> m_session;
    std::thread m_opener; ///< Opening a session (joinable while it runs or until taken back).
    Page m_page = Page::Start;
    QString m_errorMessage, m_audioError, m_participant;
    QStringList m_notices, m_doneNotices;
    int m_bufferFrames = 128;
    bool m_playing = false, m_played = false;
    bool m_playPending = false; // Play was pressed while the trial's scene was being built
    bool m_answerOpen = false;  // the engine's answerOpen(), as last seen
    std::set<std::string> m_introducedBlocks; // blocks whose instructions were shown
    QVariantMap m_feedbackTarget;
    std::unique_ptr<stagelab::PlannedTrial> m_feedbackTrial;
    QVariantList m_donePoints;
    MetricTableModel m_doneLocalization{"localization", MetricTableModel::Audience::Listener};
    MetricTableModel m_doneWidth{"width", MetricTableModel::Audience::Listener};
    QTimer m_audioTimer;
    HeadTrackerController* m_tracker = nullptr;
    QString m_trackerProblem;
    bool m_facingFront = false;
};
