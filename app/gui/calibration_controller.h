#pragma once
/// The calibration page and the device-switch page's calibration card: the reference noise at
/// the experiment's level, the left/right check, the playback volume (in the engine's one gain
/// range) and saving it as the device's calibration. It drives the session the
/// SessionController holds.

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class SessionController;

class CalibrationController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    /// The playback volume being set, in dB (minimumGainDb..maximumGainDb).
    Q_PROPERTY(double gainDb READ gainDb WRITE setGainDb NOTIFY gainDbChanged)
    Q_PROPERTY(double minimumGainDb READ minimumGainDb CONSTANT)
    Q_PROPERTY(double maximumGainDb READ maximumGainDb CONSTANT)
    /// The loudness every sound of the experiment has (LUFS), which the reference plays at.
    Q_PROPERTY(double levelLufs READ levelLufs NOTIFY deviceChanged)
    /// The device being calibrated or put on ("" when the experiment lists none).
    Q_PROPERTY(QString device READ device NOTIFY deviceChanged)
    /// Whether it has a stored calibration, and which.
    Q_PROPERTY(QString deviceStatus READ deviceStatus NOTIFY deviceStatusChanged)
    Q_PROPERTY(bool referencePlaying READ referencePlaying NOTIFY referencePlayingChanged)
    Q_PROPERTY(ChannelCheck channelCheck READ channelCheck NOTIFY channelCheckChanged)
    /// Why the last volume change or save failed (shown on the card).
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)

public:
    /// The left/right check: not played yet, waiting for the answer, answered right or wrong.
    enum class ChannelCheck { NotAsked, Asked, Correct, Wrong };
    Q_ENUM(ChannelCheck)
    enum class Ear { Left, Right };
    Q_ENUM(Ear)

    explicit CalibrationController(SessionController& session, QObject* parent = nullptr);

    Q_INVOKABLE void playReference();
    Q_INVOKABLE void stopReference();
    /// Plays the one-ear burst of the left/right check in a randomly chosen ear.
    Q_INVOKABLE void playChannelCheck();
    /// The listener's answer to the left/right check.
    Q_INVOKABLE void answerChannelCheck(Ear ear);
    /// Ends the calibration page with the volume set; the session goes on.
    Q_INVOKABLE void finishCalibration();
    /// The listener wears the next device (with the volume set for it on this page, if any).
    Q_INVOKABLE void confirmDeviceSwitch();
    /// Stores the volume now set as the current device's calibration; `splText` is an optional
    /// SPL meter reading in dB. Returns false (errorMessage says why) if it could not be saved.
    Q_INVOKABLE bool saveDeviceCalibration(const QString& splText);

    double gainDb() const { return m_gainDb; }
    void setGainDb(double gainDb);
    double minimumGainDb() const;
    double maximumGainDb() const;
    double levelLufs() const;
    QString device() const;
    QString deviceStatus() const;
    bool referencePlaying() const { return m_referencePlaying; }
    ChannelCheck channelCheck() const { return m_channelCheck; }
    QString errorMessage() const { return m_errorMessage; }

signals:
    void gainDbChanged();
    void deviceChanged();
    void deviceStatusChanged();
    void referencePlayingChanged();
    void channelCheckChanged();
    void errorMessageChanged();

private:
    void onSessionOpened();
    void onPageChanged();
    void showDeviceGain();
    void setReferencePlaying(bool playing);
    void setChannelCheck(ChannelCheck check);
    void setErrorMessage(const QString& message);

    SessionController& m_session;
    double m_gainDb = 0.0;
    bool m_gainTouched = false; ///< The volume was changed on the current page.
    bool m_referencePlaying = false;
    ChannelCheck m_channelCheck = ChannelCheck::NotAsked;
    Ear m_checkedEar = Ear::Left;
    QString m_errorMessage;
};
