#pragma once
/// The one input row every analysis reads: a trial's factors, target and response.
/// Directions follow SOFA/AMT (azimuth 0 = front, +90 = left, elevation +90 = up), in degrees.

#include <map>
#include <optional>
#include <string>

namespace stagelab {

/// One trial as the analysis sees it, independent of where it came from (session file, CSV).
struct ResultRow
{
    /// Named conditions of the trial (participant, session, block, stimulus, model, device, HRTF,
    /// ...); any names, grouped and compared by name.
    std::map<std::string, std::string> factors;
    /// "localization", "width", "externalization" or "stage-map"; other kinds are counted in a
    /// group but enter no metric.
    std::string kind;

    /// Target direction; for width trials the azimuth of the source's centre.
    double targetAzimuthDeg = 0.0;
    double targetElevationDeg = 0.0;
    /// Response direction; no azimuth means the trial got no answer (it enters no metric).
    std::optional<double> responseAzimuthDeg;
    /// No elevation means the experiment asked for azimuth only: the listener answered on the
    /// horizontal plane, so the analysis takes the response elevation as 0. It does NOT substitute
    /// the target elevation: that would credit the listener with an answer never given and hide
    /// the elevation error that an azimuth-only pad forces on elevated targets.
    std::optional<double> responseElevationDeg;

    /// Width trials: the target's angular extent.
    double targetWidthDeg = 0.0;
    /// Width trials: azimuths of the perceived edges. The left edge is the counter-clockwise end
    /// (the larger azimuth when the image does not straddle +-180).
    std::optional<double> responseLeftEdgeDeg;
    std::optional<double> responseRightEdgeDeg;

    /// Distance answers: the true distance (metres from the head's centre; unset when the
    /// trial played at the model's reference distance without asking) and the answer.
    std::optional<double> targetDistanceM;
    std::optional<double> responseDistanceM;
    /// Externalization rating, 0 "inside my head, at the centre" ... 4 "outside, far away, at
    /// the sound's place" (Hassager et al. 2016), from any trial that asked for it.
    std::optional<double> externalization;
    /// With a head tracker: how far the head turned while the trial played (largest less
    /// smallest yaw) and its mean |yaw|, degrees.
    std::optional<double> headYawRangeDeg, headMeanAbsYawDeg;

    /// Stage-map rows (one per instrument; kind "stage-map"): the same text for every
    /// placement of one trial, "" for other rows. The stage's width, depth and order are
    /// measured over the rows that share it.
    std::string stageMapTrial;
    /// Stage-map rows: how many instruments the stage has (its width, depth and order are
    /// measured only where a group holds all of them).
    int stageSize = 0;
};

/// True unless the row is a training trial (factor "phase" = "training"): test trials are what
/// every metric, table, report and export describes. Rows imported from other labs carry no
/// phase and are test trials.
inline bool isTestTrial(const ResultRow& row)
{
    const auto phase = row.factors.find("phase");
    return phase == row.factors.end() || phase->second != "training";
}

} // namespace stagelab
