#pragma once
/// The head tracker as the window sees it (the tracker panel on the Start and Calibration
/// pages): listening on a UDP port, what arrives (packets per second, the head's yaw, pitch and
/// roll, what was refused), "tracker lost" after 0.5 s of silence, recentring. One tracker for
/// the application: a session uses it while it listens.

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace stagelab {
class OscHeadTracker;
}

class HeadTrackerController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    Q_PROPERTY(bool listening READ listening NOTIFY listeningChanged)
    /// The port listened on (or last asked for).
    Q_PROPERTY(int port READ port NOTIFY listeningChanged)
    /// Why listening failed (a port in use), else "".
    Q_PROPERTY(QString error READ error NOTIFY listeningChanged)
    Q_PROPERTY(double yawDeg READ yawDeg NOTIFY headChanged)
    Q_PROPERTY(double pitchDeg READ pitchDeg NOTIFY headChanged)
    Q_PROPERTY(double rollDeg READ rollDeg NOTIFY headChanged)
    Q_PROPERTY(int packetsPerSecond READ packetsPerSecond NOTIFY headChanged)
    /// Listening, and an orientation arrived within the last 0.5 s.
    Q_PROPERTY(bool receiving READ receiving NOTIFY headChanged)
    /// Listening, and nothing arrived for 0.5 s (or nothing yet).
    Q_PROPERTY(bool lost READ lost NOTIFY headChanged)
    /// What was refused so far ("" when nothing): unknown addresses, wrong arguments, ...
    Q_PROPERTY(QString refused READ refused NOTIFY headChanged)
    /// Axes whose sign the tracker has the other way round (applied after its address's own
    /// mapping); a change while listening listens again on the same port.
    Q_PROPERTY(bool invertYaw READ invertYaw WRITE setInvertYaw NOTIFY axesChanged)
    Q_PROPERTY(bool invertPitch READ invertPitch WRITE setInvertPitch NOTIFY axesChanged)
    Q_PROPERTY(bool invertRoll READ invertRoll WRITE setInvertRoll NOTIFY axesChanged)

public:
    explicit HeadTrackerController(QObject* parent = nullptr);
    ~HeadTrackerController() override;

    /// Listens on `port` (stopping a tracker already listening); false, with error(), if the
    /// port cannot be opened.
    Q_INVOKABLE bool listen(int port);
    Q_INVOKABLE void stop();
    /// The current yaw becomes straight ahead.
    Q_INVOKABLE void recenter();

    bool listening() const { return m_tracker != nullptr; }
    int port() const { return m_port; }
    QString error() const { return m_error; }
    double yawDeg() const { return m_yaw; }
    double pitchDeg() const { return m_pitch; }
    double rollDeg() const { return m_roll; }
    int packetsPerSecond() const { return m_packetsPerSecond; }
    bool receiving() const { return listening() && !m_lost; }
    bool lost() const { return listening() && m_lost; }
    QString refused() const { return m_refused; }
    bool invertYaw() const { return m_invert[0]; }
    bool invertPitch() const { return m_invert[1]; }
    bool invertRoll() const { return m_invert[2]; }
    void setInvertYaw(bool on) { setInvert(0, on); }
    void setInvertPitch(bool on) { setInvert(1, on); }
    void setInvertRoll(bool on) { setInvert(2, on); }

    /// The tracker (C++: the session controller hands it to the session), or null.
    stagelab::OscHeadTracker* tracker() const { return m_tracker.get(); }

signals:
    void listeningChanged();
    /// Emitted before the tracker goes away: whoever uses it lets go.
    void aboutToStop();
    void headChanged();
    void axesChanged();
    /// The tracker's /button was pressed.
    void buttonPressed();

private:
    void poll();
    void setInvert(int axis, bool on);

    std::unique_ptr<stagelab::OscHeadTracker> m_tracker;
    QTimer m_timer;
    int m_port = 9000;
    QString m_error, m_refused;
    double m_yaw = 0, m_pitch = 0, m_roll = 0;
    bool m_lost = true;
    int m_packetsPerSecond = 0;
    uint64_t m_lastAccepted = 0, m_lastButtons = 0;
    int m_ticks = 0;
    bool m_invert[3] = {false, false, false};
};
