#include "gui/head_tracker_controller.h"

#include "session/session.h"
#include "tracking/osc_head_tracker.h"

using namespace stagelab;

namespace {
/// The panel's refresh: a gauge that follows the head smoothly enough at 20 Hz.
constexpr int pollMs = 50;
constexpr int ticksPerSecond = 1000 / pollMs;
} // namespace

HeadTrackerController::HeadTrackerController(QObject* parent) : QObject(parent)
{
    m_timer.setInterval(pollMs);
    connect(&m_timer, &QTimer::timeout, this, &HeadTrackerController::poll);
}

HeadTrackerController::~HeadTrackerController() = default;

bool HeadTrackerController::listen(int port)
{
    stop();
    m_port = port;
    try {
        HeadTrackerSettings settings;
        settings.port = port > 0 ? std::to_string(port) : "";
        settings.yaw.sign = m_invert[0] ? -1.0 : 1.0;
        settings.pitch.sign = m_invert[1] ? -1.0 : 1.0;
        settings.roll.sign = m_invert[2] ? -1.0 : 1.0;
        m_tracker = std::make_unique<OscHeadTracker>(settings);
        m_port = m_tracker->port();
        m_error.clear();
    } catch (const std::exception& error) {
        m_error = QString::fromStdString(error.what());
    }
    m_lastAccepted = m_lastButtons = 0;
    m_lost = true;
    m_packetsPerSecond = 0;
    m_refused.clear();
    if (m_tracker) m_timer.start();
    emit listeningChanged();
    emit headChanged();
    return m_tracker != nullptr;
}

void HeadTrackerController::stop()
{
    if (!m_tracker) return;
    emit aboutToStop();
    m_timer.stop();
    m_tracker.reset();
    emit listeningChanged();
    emit headChanged();
}

void HeadTrackerController::setInvert(int axis, bool on)
{
    if (m_invert[axis] == on) return;
    m_invert[axis] = on;
    emit axesChanged();
    if (m_tracker) listen(m_port);
}

void HeadTrackerController::recenter()
{
    if (m_tracker) m_tracker->recenter();
}

void HeadTrackerController::poll()
{
    if (!m_tracker) return;
    HeadOrientation head;
    int64_t stamp = 0;
    if (m_tracker->latest(head, stamp)) {
        m_yaw = head.yawDeg;
        m_pitch = head.pitchDeg;
        m_roll = head.rollDeg;
    }
    m_lost = m_tracker->silenceS() > Session::trackerLostAfterS;
    const HeadTrackerCounts counts = m_tracker->counts();
    if (++m_ticks % ticksPerSecond == 0) {
        m_packetsPerSecond = int(counts.accepted - m_lastAccepted);
        m_lastAccepted = counts.accepted;
    }
    QStringList refused;
    const auto add = [&](uint64_t n, const char* what) {
        if (n > 0) refused << QString::number(n) + " " + what;
    };
    add(counts.unknown, "unknown address");
    add(counts.wrongTypes, "wrong arguments");
    add(counts.badValues, "bad values");
    add(counts.malformed, "malformed");
    m_refused = refused.join(", ");
    const bool pressed = counts.buttons > m_lastButtons;
    m_lastButtons = counts.buttons;
    emit headChanged();
    if (pressed) emit buttonPressed();
}
