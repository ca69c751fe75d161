#pragma once
/// A statistical listener for simulated sessions (testing designs, pipelines and analyses).
///
/// "noise": the response is the target moved in interaural-polar coordinates - lateral angle
/// plus Gaussian noise (SD lateralSdDeg), polar angle plus Gaussian noise (SD polarSdDeg) -
/// and, with probability frontBackRate, mirrored front to back (polar -> 180 - polar); width
/// edges are the target edges plus Gaussian noise (SD widthSdDeg); response times are
/// log-normal around medianResponseTimeS. "perfect": the target exactly. Deterministic for a
/// seed (own PRNG, not std:: distributions, which differ between library versions).

#include "results/session_record.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace stagelab {

struct SimulatedListenerSettings
{
    std::string kind = "noise"; ///< "noise" | "perfect".
    double lateralSdDeg = 8.0;
    double polarSdDeg = 20.0;
    double frontBackRate = 0.1;
    double widthSdDeg = 10.0;
    double medianResponseTimeS = 1.8;
    uint64_t seed = 1;
};

/// Throws Error for an unknown kind or a negative/NaN parameter.
void validateSimulatedListener(const SimulatedListenerSettings& settings);
nlohmann::json toJson(const SimulatedListenerSettings& settings);

class SimulatedListener
{
public:
    explicit SimulatedListener(const SimulatedListenerSettings& settings);
    /// The answer to a trial, in the fields its response mode asks for.
    TrialResponse respond(const PlannedTrial& trial);
    /// A response time in seconds.
    double responseTimeS();

private:
    double uniform();  ///< (0, 1)
    double gaussian(); ///< N(0, 1), Box-Muller
    SimulatedListenerSettings m_settings;
    uint64_t m_state;
};

} // namespace stagelab
