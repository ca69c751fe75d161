#include "session/simulated_listener.h"

#include "spatial/direction.h"
#include "util/error.h"

#include <cmath>
#include <numbers>

namespace stagelab {

namespace {
constexpr double degToRad = std::numbers::pi / 180.0;

/// Direction from AMT interaural-polar angles (lateral = asin(y), polar about the y axis).
Direction fromLateralPolar(double lateralDeg, double polarDeg)
{
    const double lateral = lateralDeg * degToRad, polar = polarDeg * degToRad;
    const Vector3 v{std::cos(lateral) * std::cos(polar), std::sin(lateral),
                    std::cos(lateral) * std::sin(polar)};
    return toDirection(v);
}
} // namespace

void validateSimulatedListener(const SimulatedListenerSettings& s)
{
    if (s.kind != "noise" && s.kind != "perfect")
        throw Error("unknown simulated listener '" + s.kind + "' (known: noise, perfect)");
    for (double value : {s.lateralSdDeg, s.polarSdDeg, s.widthSdDeg, s.medianResponseTimeS})
        if (!std::isfinite(value) || value < 0.0)
            throw Error("simulated listener parameters must be finite and not negative");
    if (!(s.frontBackRate >= 0.0 && s.frontBackRate <= 1.0))
        throw Error("simulated listener front-back rate must be within 0..1");
}

nlohmann::json toJson(const SimulatedListenerSettings& s)
{
    return {{"kind", s.kind},
            {"lateralSdDeg", s.lateralSdDeg},
            {"polarSdDeg", s.polarSdDeg},
            {"frontBackRate", s.frontBackRate},
            {"widthSdDeg", s.widthSdDeg},
            {"medianResponseTimeS", s.medianResponseTimeS},
            {"seed", s.seed}};
}

SimulatedListener::SimulatedListener(const SimulatedListenerSettings& settings)
    : m_settings(settings), m_state(settings.seed * 0x9E3779B97F4A7C15ull + 1)
{
    validateSimulatedListener(settings);
}

double SimulatedListener::uniform()
{
    // SplitMix64: tiny, well mixed and identical on every platform.
    uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double(z >> 11) + 0.5) / 9007199254740992.0;
}

double SimulatedListener::gaussian()
{
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * std::numbers::pi * uniform());
}

double SimulatedListener::responseTimeS()
{
    if (m_settings.kind == "perfect") return m_settings.medianResponseTimeS;
    return m_settings.medianResponseTimeS * std::exp(0.35 * gaussian());
}

TrialResponse SimulatedListener::respond(const PlannedTrial& trial)
{
    TrialResponse response;
    const bool perfect = m_settings.kind == "perfect";
    if (trial.responseMode == "width-edges") {
        const double half = trial.widthDeg / 2.0;
        response.leftEdgeDeg =
            trial.azimuthDeg + half + (perfect ? 0.0 : m_settings.widthSdDeg * gaussian());
        response.rightEdgeDeg =
            trial.azimuthDeg - half + (perfect ? 0.0 : m_settings.widthSdDeg * gaussian());
        return response;
    }
    Direction answer{trial.azimuthDeg, trial.elevationDeg};
    if (!perfect) {
        const Direction target{trial.azimuthDeg, trial.elevationDeg};
        double lateral =
            std::clamp(lateralAngleDeg(target) + m_settings.lateralSdDeg * gaussian(), -90.0, 90.0);
        double polar = polarAngleDeg(target) + m_settings.polarSdDeg * gaussian();
        if (uniform() < m_settings.frontBackRate) polar = 180.0 - polar;
        answer = fromLateralPolar(lateral, polar);
    }
    response.azimuthDeg = wrapDifferenceDeg(answer.azimuthDeg);
    if (trial.responseMode == "azimuth-elevation") response.elevationDeg = answer.elevationDeg;
    return response;
}

} // namespace stagelab
