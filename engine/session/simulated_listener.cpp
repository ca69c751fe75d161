#include "session/simulated_listener.h"

#include "spatial/direction.h"
#include "util/error.h"

#include <algorithm>
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
    for (double value : {s.lateralSdDeg, s.polarSdDeg, s.widthSdDeg, s.medianResponseTimeS,
                         s.distanceLogSd, s.externalizationSd})
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
            {"distanceLogSd", s.distanceLogSd},
            {"externalizationSd", s.externalizationSd},
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

namespace {
/// A model's typical externalization rating (0-4): none for the same signal in both ears, a
/// little for panning and crossfeed, more with a head's ITD and ILD, most with an HRTF's
/// spectral cues; a room's reverberation adds much (Hassager et al. 2016, Begault et al. 2001).
double typicalExternalization(const ModelVariant& model)
{
    const std::string& name = model.model;
    double rating = name == "diotic"           ? 0.3
                    : name == "stereo-pan"     ? 0.8
                    : name == "crossfeed"      ? 1.2
                    : name == "spherical-head" ? 1.5
                    : name == "virtual-speakers" && !model.room && model.roomName != "anechoic"
                        ? 2.2 // its built-in room's reflections
                        : 2.0;
    if (model.room) rating += 1.2;
    return std::min(rating, double(maximumExternalization));
}
} // namespace

TrialResponse SimulatedListener::respond(const PlannedTrial& trial, const ModelVariant& model)
{
    if (trial.responseMode == "stage-map") {
        // Each instrument placed as a direction and a distance answer, independently: two
        // instruments close together swap places as often as their errors cross.
        TrialResponse response;
        for (const EnsembleInstrument& instrument : trial.instruments) {
            const Direction heard =
                heardDirection({instrument.azimuthDeg, 0.0}, model, trial.headTracking);
            response.placements.push_back({instrument.stimulus, wrapDifferenceDeg(heard.azimuthDeg),
                                           heardDistance(instrument.distanceM, model)});
        }
        return response;
    }
    TrialResponse response = respondDirection(trial, model);
    if (trial.responseMode == "azimuth-distance")
        response.distanceM = heardDistance(trial.distanceM, model);
    const bool perfect = m_settings.kind == "perfect";
    const bool rate = trial.responseMode == "externalization" ||
                      std::find(trial.alsoAsk.begin(), trial.alsoAsk.end(), "externalization") !=
                          trial.alsoAsk.end();
    if (rate) {
        const double typical = typicalExternalization(model);
        const double rating =
            perfect ? typical : typical + m_settings.externalizationSd * gaussian();
        response.externalization =
            int(std::lround(std::clamp(rating, 0.0, double(maximumExternalization))));
    }
    return response;
}

double SimulatedListener::heardDistance(double distanceM, const ModelVariant& model)
{
    // Zahorik (2002): a about 0.4-0.6 with a room's direct-to-reverberant cue, flatter
    // (about 0.3) with level alone; k such that 1.4 m is heard where it is.
    const double a = model.room ? 0.5 : 0.3;
    const double k = std::pow(1.4, 1.0 - a);
    const double heard =
        m_settings.kind == "perfect"
            ? distanceM
            : k * std::pow(distanceM, a) * std::exp(m_settings.distanceLogSd * gaussian());
    return std::clamp(heard, minimumResponseDistanceM, maximumResponseDistanceM);
}

Direction SimulatedListener::heardDirection(const Direction& target, const ModelVariant& model,
                                            bool headTracked)
{
    if (m_settings.kind == "perfect") return target;
    double lateral = lateralAngleDeg(target), lateralSd = m_settings.lateralSdDeg;
    if (model.model == "virtual-speakers") {
        // A phantom image stands between the speakers: the model pans lateral angles of +-30
        // deg fully to one speaker, so the image spans the speakers' base, and it blurs as the
        // base widens (phantom images beyond +-30 deg are unstable: Theile & Plenge 1977).
        const double base = model.speakerAzimuthDeg.value_or(30.0);
        lateral = std::clamp(lateral / 30.0, -1.0, 1.0) * base;
        lateralSd *= std::clamp(base / 30.0, 0.5, 2.0);
    }
    lateral = std::clamp(lateral + lateralSd * gaussian(), -90.0, 90.0);
    double polar = polarAngleDeg(target) + m_settings.polarSdDeg * gaussian();
    if (uniform() < m_settings.frontBackRate * (headTracked ? 0.25 : 1.0)) polar = 180.0 - polar;
    return fromLateralPolar(lateral, polar);
}

TrialResponse SimulatedListener::respondDirection(const PlannedTrial& trial,
                                                  const ModelVariant& model)
{
    TrialResponse response;
    if (trial.responseMode == "externalization") return response;
    const bool perfect = m_settings.kind == "perfect";
    if (trial.responseMode == "width-edges") {
        const double half = trial.widthDeg / 2.0;
        response.leftEdgeDeg =
            trial.azimuthDeg + half + (perfect ? 0.0 : m_settings.widthSdDeg * gaussian());
        response.rightEdgeDeg =
            trial.azimuthDeg - half + (perfect ? 0.0 : m_settings.widthSdDeg * gaussian());
        return response;
    }
    const Direction answer =
        heardDirection({trial.azimuthDeg, trial.elevationDeg}, model, trial.headTracking);
    response.azimuthDeg = wrapDifferenceDeg(answer.azimuthDeg);
    // A head-pointing answer is where the nose ends up: azimuth and elevation both.
    if (trial.responseMode == "azimuth-elevation" || trial.responseMode == "head-pointing")
        response.elevationDeg = answer.elevationDeg;
    return response;
}

} // namespace stagelab
