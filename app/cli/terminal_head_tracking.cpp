#include "cli/terminal_head_tracking.h"

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

void waitForHeadTracker(Session& session)
{
    std::string said;
    for (std::string problem; !(problem = session.headTrackerProblem()).empty(); pauseBriefly())
        if (problem.substr(0, 20) != said.substr(0, 20)) { // not every tenth of a second
            std::cerr << problem << "\n";
            said = problem;
        }
    if (!said.empty()) std::cerr << "Head tracker back.\n";
}

bool askHeadPointingInTerminal(Session& session)
{
    const PlannedTrial& trial = *session.currentTrial();
    for (;;) {
        waitForHeadTracker(session);
        if (!session.facingFront()) {
            std::cerr << "Face straight ahead to start the trial...\n";
            while (!session.facingFront() && session.headTrackerProblem().empty())
                pauseBriefly();
            if (!session.headTrackerProblem().empty()) continue;
        }
        session.play();
        session.waitForSound();
        if (!session.headTrackerProblem().empty()) {
            session.restartTrial();
            continue;
        }
        std::cerr << "Trial " << trial.index + 1 << "/" << session.plan().trials.size() << " ("
                  << trial.blockId << (trial.training ? ", training" : "")
                  << ") - turn your nose to where the sound was, then press Enter: " << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) return false;
        const std::string problem = session.headTrackerProblem();
        if (!problem.empty()) { // the answer would be a stale orientation: hear it again
            std::cerr << problem << "\n";
            session.restartTrial();
            continue;
        }
        session.answerWithHead();
        if (trial.feedback)
            std::cerr << "  the source was at azimuth " << trial.azimuthDeg << ", elevation "
                      << trial.elevationDeg << "\n";
        return true;
    }
}

} // namespace stagelab::cli
