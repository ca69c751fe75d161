#include "cli/terminal_head_tracking.h"

#include "util/error.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

namespace stagelab::cli {

namespace {
void pauseBriefly()
{
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}
} // namespace

bool waitForHeadTracker(Session& session)
{
    if (session.headTrackerProblem().empty()) return true;
    std::cerr << session.headTrackerProblem() << "\n";
    if (!session.headTracker()) return false;
    while (!session.trackerLive())
        pauseBriefly();
    session.restartTrial(); // whatever was heard without the tracker is heard again
    std::cerr << "Head tracker back: the trial starts again.\n";
    return true;
}

bool askHeadPointingInTerminal(Session& session)
{
    const PlannedTrial& trial = *session.currentTrial();
    for (;;) {
        if (!waitForHeadTracker(session)) return false;
        if (!session.facingFront()) {
            std::cerr << "Face straight ahead to start the trial...\n";
            while (!session.facingFront() && session.trackerLive())
                pauseBriefly();
            if (!session.trackerLive()) continue;
        }
        try {
            session.play();
        } catch (const Error&) { // turned away again, or the tracker fell silent: once more
            continue;
        }
        session.waitForSound();
        std::cerr << "Trial " << trial.index + 1 << "/" << session.plan().trials.size() << " ("
                  << trial.blockId << (trial.training ? ", training" : "")
                  << ") - turn your nose to where the sound was, then press Enter: " << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) return false;
        session.collectHeadTrace();
        if (!session.headTrackerProblem().empty()) continue; // heard again once it is back
        session.answerWithHead();
        if (trial.feedback)
            std::cerr << "  the source was at azimuth " << trial.azimuthDeg << ", elevation "
                      << trial.elevationDeg << "\n";
        return true;
    }
}

} // namespace stagelab::cli
