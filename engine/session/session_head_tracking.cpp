// The Session's head tracker: head-tracked trials render with its orientations, every trial's
// head trace goes into its record, a silent tracker pauses the trials that need it, and
// head-pointing trials play facing front and are answered by where the nose points.

#include "session/session.h"

#include "spatial/direction.h"
#include "util/error.h"
#include "util/number_format.h"

#include <cmath>

namespace stagelab {

namespace {
/// The trace keeps at most 100 orientations a second: a faster tracker adds nothing a head
/// does (its movements stay below 10 Hz) and would only fill the record.
constexpr double traceIntervalS = 0.0095; // 100 Hz, with slack for a tracker's jitter
} // namespace

void Session::attachHeadTracker(OscHeadTracker* tracker)
{
    m_tracker = tracker;
    m_player->setHeadSource(tracker ? tracker->orientationSource() : nullptr);
    m_headTrace.clear();
    m_traceStartNs = -1;
}

bool Session::currentTrialNeedsTracker() const
{
    const PlannedTrial* trial = currentTrial();
    return trial && !m_simulated && (trial->headTracking || trial->responseMode == "head-pointing");
}

std::string Session::headTrackerProblem() const
{
    if (!currentTrialNeedsTracker()) return "";
    const PlannedTrial& trial = *currentTrial();
    const std::string why = trial.responseMode == "head-pointing"
                                ? "this trial is answered by turning the head"
                                : "this trial is rendered for a tracked head";
    if (!m_tracker)
        return "no head tracker: " + why + " (start one: Start page, or --head-tracker)";
    if (m_trackerGapS > trackerLostAfterS)
        return "head tracker lost: nothing for " +
               formatNumber(std::round(m_trackerGapS * 10) / 10) + " s while the trial played; " +
               why + ". Nothing recorded is lost: the trial starts again from its first play";
    const double silence = m_tracker->silenceS();
    if (silence > trackerLostAfterS)
        return "head tracker lost: nothing on UDP port " + std::to_string(m_tracker->port()) +
               (std::isfinite(silence)
                    ? " for " + formatNumber(std::round(silence * 10) / 10) + " s"
                    : " yet") +
               "; " + why + ". Nothing recorded is lost: the trial starts again when it is back";
    return "";
}

bool Session::trackerLive() const
{
    return m_tracker && m_tracker->silenceS() <= trackerLostAfterS;
}

bool Session::facingFront() const
{
    HeadOrientation head;
    int64_t stamp = 0;
    if (!m_tracker || !m_tracker->latest(head, stamp)) return false;
    return angleBetweenDeg({head.yawDeg, head.pitchDeg}, {0.0, 0.0}) <=
           m_experiment->faceFrontToleranceDeg;
}

void Session::answerWithHead(std::optional<double> responseTimeS)
{
    const PlannedTrial* trial = currentTrial();
    if (!trial || trial->responseMode != "head-pointing")
        throw Error("only a head-pointing trial is answered by turning the head");
    if (const std::string problem = headTrackerProblem(); !problem.empty()) throw Error(problem);
    HeadOrientation head;
    int64_t stamp = 0;
    if (!m_tracker->latest(head, stamp)) throw Error("the head tracker has sent nothing yet");
    // The nose points at (yaw, pitch) whatever the roll.
    TrialResponse response;
    response.azimuthDeg = head.yawDeg;
    response.elevationDeg = head.pitchDeg;
    answer(response, responseTimeS);
}

void Session::resetTrialState()
{
    m_plays = 0;
    m_solos = 0;
    m_heard = false;
    m_stats = {};
    m_headTrace.clear();
    m_traceStartNs = m_lastArrivalNs = -1;
    m_trackerGapS = 0.0;
}

void Session::restartTrial()
{
    resetTrialState();
    prepareScenes();
}

void Session::collectHeadTrace()
{
    if (!m_tracker || m_traceStartNs < 0) return;
    std::vector<HeadSample> arrived;
    m_tracker->drainTrace(arrived);
    const bool needed = currentTrialNeedsTracker();
    for (const HeadSample& sample : arrived) {
        // Every arrival counts for a gap (before the trace thins them to 100 Hz).
        if (needed && m_lastArrivalNs >= 0)
            m_trackerGapS =
                std::max(m_trackerGapS, double(sample.stampNs - m_lastArrivalNs) * 1e-9);
        m_lastArrivalNs = sample.stampNs;
        const double t = double(sample.stampNs - m_traceStartNs) * 1e-9;
        if (t < 0.0) continue;
        if (!m_headTrace.empty() && t - m_headTrace.back()[0] < traceIntervalS) continue;
        const HeadOrientation& o = sample.orientation;
        m_headTrace.push_back({t, o.yawDeg, o.pitchDeg, o.rollDeg});
    }
    // A trial left open for hours keeps its last ten minutes (summarizeHeadMotion's cap), as
    // long as it is collected at least every OscHeadTracker::traceCapacity orientations (the
    // window does so 50 times a second); the trace stays bounded while it grows.
    if (m_headTrace.size() > 2 * maximumHeadSamples)
        m_headTrace.erase(m_headTrace.begin(),
                          m_headTrace.begin() + std::ptrdiff_t(maximumHeadSamples));
}

} // namespace stagelab
