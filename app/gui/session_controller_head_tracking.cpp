// The session controller's head tracker: the session uses the application's tracker while it
// listens; a trial that needs it waits while it is missing or silent (the sound stops, nothing
// recorded is lost) and plays again from its start once it is back; head-pointing trials play
// facing front and are answered by where the nose points (Enter, Confirm, or the tracker's own
// /button).

#include "gui/session_controller.h"

#include "session/session.h"

using namespace stagelab;

void SessionController::setHeadTracker(HeadTrackerController* tracker)
{
    m_tracker = tracker;
    // A tracker that goes away is let go of first; a new one is used at once.
    connect(tracker, &HeadTrackerController::aboutToStop, this, [this] {
        if (m_session) m_session->attachHeadTracker(nullptr);
    });
    connect(tracker, &HeadTrackerController::listeningChanged, this,
            &SessionController::attachTracker);
    connect(tracker, &HeadTrackerController::buttonPressed, this, [this] {
        if (responseMode() == ResponseMode::HeadPointing && canAnswer()) answerWithHead();
    });
}

void SessionController::attachTracker()
{
    if (m_session && m_tracker) m_session->attachHeadTracker(m_tracker->tracker());
    pollTracker();
}

bool SessionController::trackerReady()
{
    const bool ready =
        m_session->headTrackerProblem().empty() &&
        (responseMode() != ResponseMode::HeadPointing || m_played || m_session->facingFront());
    if (!ready) pollTracker();
    return ready;
}

void SessionController::pollTracker()
{
    if (!m_session) return;
    // Lost while it played and back now: the trial starts again (the session keeps the loss
    // until then, so nothing heard in the gap is answered).
    if (m_page == Page::Trial && m_played && m_session->trackerLive() &&
        !m_session->headTrackerProblem().empty()) {
        attempt([&] { m_session->stopSound(); });
        m_session->restartTrial();
        m_playing = m_played = m_answerOpen = m_playPending = false;
        emit playbackChanged();
    }
    // While a practice answer's truth is shown, the trial on screen is the answered one.
    const QString problem = m_page == Page::Trial && m_feedbackTarget.isEmpty()
                                ? QString::fromStdString(m_session->headTrackerProblem())
                                : QString();
    const bool facing = m_session->facingFront();
    if (problem == m_trackerProblem && facing == m_facingFront) return;
    const bool lostNow = !problem.isEmpty() && m_trackerProblem.isEmpty();
    const bool backNow = problem.isEmpty() && !m_trackerProblem.isEmpty();
    m_trackerProblem = problem;
    m_facingFront = facing;
    if (lostNow && m_played) {
        // What the listener heard since the tracker went silent was not what the trial plays:
        // the sound stops, and the trial is heard again once the tracker is back.
        attempt([&] { m_session->stopSound(); });
        m_playing = m_playPending = false;
    }
    if (backNow && m_played) {
        m_session->restartTrial();
        m_played = m_answerOpen = false;
    }
    emit trackerChanged();
    emit playbackChanged();
}

bool SessionController::answerWithHead()
{
    return record([&] { m_session->answerWithHead(); });
}
