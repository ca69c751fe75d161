#pragma once
/// The GUI's bridge to one listening session: the engine's Session presented as properties the
/// QML pages bind to and commands they call. It adds no session logic of its own: what a trial
/// is, when a break is due and how an answer is recorded all stay in the engine.

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <QVariantList>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <set>
#include <string>

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
    /// "start", "calibration", "instructions", "trial", "break", "deviceSwitch" or "done".
    Q_PROPERTY(QString page READ page NOTIFY pageChanged)
    /// Why the last start or resume failed (shown on the Start page).
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    /// Non-empty while the session is paused by an audio failure.
    Q_PROPERTY(QString audioError READ audioError NOTIFY audioErrorChanged)
    Q_PROPERTY(QString audioDeviceName READ audioDeviceName NOTIFY sessionChanged)
    Q_PROPERTY(QString experimentTitle READ experimentTitle NOTIFY sessionChanged)
    Q_PROPERTY(QString instructions READ instructions NOTIFY sessionChanged)
    Q_PROPERTY(QString sessionFile READ sessionFile NOTIFY sessionChanged)
    Q_PROPERTY(QString participant READ participant NOTIFY sessionChanged)
    Q_PROPERTY(QStringList notices READ notices NOTIFY sessionChanged)
    Q_PROPERTY(double levelLufs READ levelLufs NOTIFY sessionChanged)
    Q_PROPERTY(double gainDb READ gainDb WRITE setGainDb NOTIFY gainDbChanged)
    Q_PROPERTY(QString channelCheckResult READ channelCheckResult NOTIFY calibrationChanged)
    Q_PROPERTY(bool referencePlaying READ referencePlaying NOTIFY calibrationChanged)
    /// The device being calibrated or put on ("" when the experiment lists none), and whether it
    /// has a stored calibration (and which).
    Q_PROPERTY(QString calibrationDevice READ calibrationDevice NOTIFY calibrationChanged)
    Q_PROPERTY(
        QString deviceCalibrationStatus READ deviceCalibrationStatus NOTIFY calibrationChanged)
    Q_PROPERTY(int trialNumber READ trialNumber NOTIFY trialChanged)
    Q_PROPERTY(int trialCount READ trialCount NOTIFY trialChanged)
    Q_PROPERTY(QString blockName READ blockName NOTIFY trialChanged)
    Q_PROPERTY(QString blockKind READ blockKind NOTIFY trialChanged)
    Q_PROPERTY(QString responseMode READ responseMode NOTIFY trialChanged)
    Q_PROPERTY(bool training READ training NOTIFY trialChanged)
    Q_PROPERTY(bool feedback READ feedback NOTIFY trialChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY trialChanged)
    Q_PROPERTY(double breakMinimumS READ breakMinimumS NOTIFY sessionChanged)
    Q_PROPERTY(bool playing READ playing NOTIFY playbackChanged)
    Q_PROPERTY(bool played READ played NOTIFY playbackChanged)
    Q_PROPERTY(int replaysLeft READ replaysLeft NOTIFY playbackChanged)
    /// After a feedback trial's answer: {azimuthDeg, elevationDeg, widthDeg} of the true source.
    Q_PROPERTY(QVariantMap feedbackTarget READ feedbackTarget NOTIFY feedbackChanged)
    /// The Done page: the participant's answered test trials and metrics (analysis_variants.h).
    Q_PROPERTY(QVariantList donePoints READ donePoints NOTIFY doneChanged)
    Q_PROPERTY(QVariantList doneMetrics READ doneMetrics NOTIFY doneChanged)
    Q_PROPERTY(bool sessionActive READ sessionActive NOTIFY pageChanged)

public:
    explicit SessionController(QObject* parent = nullptr);
    ~SessionController() override;

    Q_INVOKABLE bool start(const QString& experimentPath, const QString& participant,
                           const QString& audioDeviceId, int bufferFrames, const QString& hrtfPath,
                           const QString& resultsFolder, const QString& deviceProfile = QString());
    Q_INVOKABLE bool resume(const QString& sessionId, const QString& participant,
                            const QString& audioDeviceId, int bufferFrames,
                            const QString& resultsFolder);
    Q_INVOKABLE void playReference();
    Q_INVOKABLE void stopReference();
    /// Plays the one-ear burst of the left/right check in a randomly chosen ear.
    Q_INVOKABLE void playChannelCheck();
    /// The listener's answer to the channel check: "left" or "right".
    Q_INVOKABLE void answerChannelCheck(const QString& ear);
    Q_INVOKABLE void finishCalibration();
    /// Stores the volume now set as the current device's calibration; `splText` is an optional
    /// SPL meter reading in dB. Returns false (errorMessage says why) if it could not be saved.
    Q_INVOKABLE bool saveDeviceCalibration(const QString& splText);
    Q_INVOKABLE void beginBlock();
    Q_INVOKABLE void play();
    /// Records a localization answer (SOFA azimuth, +90 = left; elevation NaN when not asked).
    Q_INVOKABLE bool answerDirection(double azimuthDeg, double elevationDeg);
    /// Records a width answer: the azimuths of the left and right edges.
    Q_INVOKABLE bool answerWidth(double leftEdgeDeg, double rightEdgeDeg);
    Q_INVOKABLE void continueAfterFeedback();
    Q_INVOKABLE void endBreak();
    Q_INVOKABLE void confirmDeviceSwitch();
    /// After an audio failure: continue on this device ("" = the default output).
    Q_INVOKABLE bool switchAudioDevice(const QString& deviceId);
    /// Stops the sound and leaves the session (it stays resumable); back to the Start page.
    Q_INVOKABLE void closeSession();

    QString page() const { return m_page; }
    QString errorMessage() const { return m_errorMessage; }
    QString audioError() const { return m_audioError; }
    QString audioDeviceName() const;
    QString experimentTitle() const;
    QString instructions() const;
    QString sessionFile() const;
    QString participant() const { return m_participant; }
    QStringList notices() const { return m_notices; }
    double levelLufs() const;
    double gainDb() const { return m_gainDb; }
    void setGainDb(double gainDb);
    QString channelCheckResult() const { return m_channelCheckResult; }
    bool referencePlaying() const { return m_referencePlaying; }
    QString calibrationDevice() const;
    QString deviceCalibrationStatus() const;
    int trialNumber() const;
    int trialCount() const;
    QString blockName() const;
    QString blockKind() const;
    QString responseMode() const;
    bool training() const;
    bool feedback() const;
    QString deviceName() const;
    double breakMinimumS() const;
    bool playing() const { return m_playing; }
    bool played() const { return m_played; }
    int replaysLeft() const;
    QVariantMap feedbackTarget() const { return m_feedbackTarget; }
    QVariantList donePoints() const { return m_donePoints; }
    QVariantList doneMetrics() const { return m_doneMetrics; }
    bool sessionActive() const;

signals:
    void pageChanged();
    void errorMessageChanged();
    void audioErrorChanged();
    void sessionChanged();
    void gainDbChanged();
    void calibrationChanged();
    void trialChanged();
    void playbackChanged();
    void feedbackChanged();
    void doneChanged();

private:
    using PlayerFactory =
        std::function<std::unique_ptr<stagelab::TrialPlayer>(const stagelab::Experiment&)>;
    PlayerFactory playerFactory(const QString& audioDeviceId, int bufferFrames) const;
    bool opened(const std::function<std::unique_ptr<stagelab::Session>()>& open,
                const QString& participant);
    void updatePage();
    void pollAudio();
    void fail(const QString& audioError);
    bool record(const std::function<void()>& answer);
    /// Runs an engine call; an Error (device gone, queue full, missing stimulus) pauses the
    /// session with its message instead of escaping into Qt's event loop.
    bool attempt(const std::function<void()>& call);
    /// Commands wait while the audio-error panel is up.
    bool ready() const { return m_session && m_audioError.isEmpty(); }
    void loadDonePage();
    void showDeviceGain();
    /// The trial the pages show: the answered one while its feedback is on screen, else the
    /// current.
    const stagelab::PlannedTrial* shownTrial() const;

    std::unique_ptr<stagelab::Session> m_session;
    QString m_page = QStringLiteral("start");
    QString m_errorMessage, m_audioError, m_participant, m_channelCheckResult, m_channelCheckEar;
    QStringList m_notices;
    double m_gainDb = 0.0;
    int m_bufferFrames = 128;
    bool m_referencePlaying = false, m_playing = false, m_played = false;
    bool m_gainTouched = false;               // the volume was changed on the current page
    std::set<std::string> m_introducedBlocks; // blocks whose instructions were shown
    QVariantMap m_feedbackTarget;
    std::unique_ptr<stagelab::PlannedTrial> m_feedbackTrial;
    QVariantList m_donePoints, m_doneMetrics;
    QTimer m_audioTimer;
};
