#include "cli/terminal_stage_map.h"

#include "util/error.h"
#include "util/number_format.h"

#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace stagelab::cli {

namespace {
/// "azimuth distance" (a comma may separate them) into two numbers; false on anything else.
bool parsePlacement(const std::string& line, double& azimuth, double& distance)
{
    std::string text = line;
    for (char& c : text)
        if (c == ',') c = ' ';
    std::istringstream stream(text);
    std::string rest;
    return bool(stream >> azimuth >> distance) && !(stream >> rest);
}
} // namespace

bool askStageMapInTerminal(Session& session)
{
    const PlannedTrial& trial = *session.currentTrial();
    if (!session.answerOpen()) { // not heard yet (it is, when a refused answer asks again)
        session.play();
        session.waitForSound();
    }
    std::cerr << "Trial " << trial.index + 1 << "/" << session.plan().trials.size() << " ("
              << trial.blockId << (trial.training ? ", training" : "")
              << ") - a stage map: where does each instrument stand?\n";
    TrialResponse response;
    std::string line;
    for (size_t i = 0; i < trial.instruments.size();) {
        const std::string& name = trial.instruments[i].stimulus;
        std::cerr << "  " << name << ": azimuth in degrees (+90 = left), distance in metres; "
                  << "s to hear it alone" << (session.replaysLeft() ? ", r to replay all" : "")
                  << ": " << std::flush;
        if (!std::getline(std::cin, line)) return false;
        try {
            if (line == "s") {
                session.playSolo(i);
                session.waitForSound();
                continue;
            }
            if (line == "r" && session.replaysLeft() > 0) {
                session.play();
                session.waitForSound();
                continue;
            }
        } catch (const Error& error) {
            std::cerr << "  " << error.what() << "\n";
            continue;
        }
        double azimuth = 0, distance = 0;
        if (!parsePlacement(line, azimuth, distance)) {
            std::cerr << "  please type two numbers: azimuth and distance\n";
            continue;
        }
        if (!(std::abs(azimuth) <= 360.0)) {
            std::cerr << "  the azimuth must be between -360 and 360 degrees\n";
            continue;
        }
        if (!(distance >= minimumResponseDistanceM && distance <= maximumResponseDistanceM)) {
            std::cerr << "  the distance must be between " << minimumResponseDistanceM << " and "
                      << maximumResponseDistanceM << " m\n";
            continue;
        }
        response.placements.push_back({name, azimuth, distance});
        ++i;
    }
    session.answer(response); // every line was checked as it came
    if (trial.feedback)
        for (const EnsembleInstrument& instrument : trial.instruments)
            std::cerr << "  " << instrument.stimulus << " was at azimuth "
                      << formatNumber(instrument.azimuthDeg) << ", "
                      << formatNumber(instrument.distanceM) << " m\n";
    return true;
}

} // namespace stagelab::cli
