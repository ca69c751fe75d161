#pragma once
/// A statistical listener for simulated sessions (testing designs, pipelines and analyses).
///
/// "noise": the response is the target moved in interaural-polar coordinates - lateral angle
/// plus Gaussian noise (SD lateralSdDeg), polar angle plus Gaussian noise (SD polarSdDeg) -
/// and, with probability frontBackRate (a quarter of it in head-tracked trials, where turning
/// the head resolves most confusions: Wightman & Kistler 1999), mirrored front to back
/// (polar -> 180 - polar); width
/// edges are the target edges plus Gaussian noise (SD widthSdDeg); response times are
/// log-normal around medianResponseTimeS. Distances follow a compressive power law, perceived =
/// k true^a (Zahorik 2002: a about 0.4-0.6 in rooms, flatter without; k so that 1.4 m is heard
/// at 1.4 m), times log-normal noise (SD distanceLogSd); externalization ratings (0-4) grow with
/// the cues a model keeps - about 0 for diotic, more with a head and an HRTF, 1.2 more in a room
/// (Hassager et al. 2016; Begault et al. 2001) - plus Gaussian noise (SD externalizationSd),
/// rounded. Through virtual-speakers, directions are heard within the speakers' base, the
/// lateral noise scaled by base / 30 deg (0.5-2x). Stage maps place each instrument as a
/// direction and a distance answer. "perfect": the target exactly, and each model's typical
/// rating. Deterministic for
/// a seed (own PRNG, not std:: distributions, which differ between library versions).

#include "results/session_record.h"
#include "spatial/direction.h"
#include "spatial/model_variant.h"

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
    double distanceLogSd = 0.25;    ///< Natural-log SD of a distance answer.
    double externalizationSd = 0.7; ///< Rating points.
    uint64_t seed = 1;
};

/// Throws Error for an unknown kind or a negative/NaN parameter.
void validateSimulatedListener(const SimulatedListenerSettings& settings);
nlohmann::json toJson(const SimulatedListenerSettings& settings);

class SimulatedListener
{
public:
    explicit SimulatedListener(const SimulatedListenerSettings& settings);
    /// The answer to a trial, in the fields its response mode and alsoAsk ask for; `model` is
    /// the trial's model (its kind and room shape the distance and externalization answers).
    TrialResponse respond(const PlannedTrial& trial, const ModelVariant& model);
    /// A response time in seconds.
    double responseTimeS();

private:
    /// The direction or width answer (nothing for an externalization-only trial).
    TrialResponse respondDirection(const PlannedTrial& trial, const ModelVariant& model);
    /// Where a source in `target` is heard through `model` (virtual speakers hold their
    /// phantom images within their base, blurred more the wider it is).
    /// `headTracked`: the scene stayed put while the head could turn, which resolves most
    /// front-back confusions (Wightman & Kistler 1999): they happen a quarter as often.
    Direction heardDirection(const Direction& target, const ModelVariant& model,
                             bool headTracked = false);
    /// How far a source at `distanceM` is heard (a compressive power law).
    double heardDistance(double distanceM, const ModelVariant& model);
    double uniform();  ///< (0, 1)
    double gaussian(); ///< N(0, 1), Box-Muller
    SimulatedListenerSettings m_settings;
    uint64_t m_state;
};

} // namespace stagelab
