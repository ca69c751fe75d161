#include "analysis/localization_metrics.h"

#include "analysis/depth_metrics.h"
#include "analysis/stage_map_metrics.h"

#include "spatial/direction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>

// Formulas: AMT 1.6 common/localizationerror.m (Majdak, Baumgartner, McLachlan, Mihocic), in the
// notation of its input matrix: latT/polT/latR/polR = lateral and polar angle of target/response,
// err = response - target, npi2pi = wrap to (-180, 180], w = 0.5 cos(2 latR) + 0.5 = cos^2(latR).
//
//   accL  = mean(latR - latT)                                           ('accL')
//   precL = sqrt(sum((latR - latT - accL)^2) / N)                       ('precL', population SD)
//   rmsL  = sqrt(mean(npi2pi(latR - latT)^2)) over |latR| <= 60         ('rmsL')
//   accP  = npi2pi(circmean(polR - polT, w))                            (5-output form, weighted)
//   precP = circstd(polR - polT, w) = deg(sqrt(2 (1 - |R_w|)))          ('precP', weighted)
//   querr = 100 - 100 * #(|npi2pi(polErr)| * w <= 45) / #(|latR| < 60)  ('querr')
//   querrMiddlebrooks = 100 * #(|npi2pi(polErr)| > 90) / #(|latR| <= 30)
//   rmsPmedianlocal   = RMS of npi2pi(polErr) over |latR| <= 30 and |npi2pi(polErr)| < 90
//   rFBC  = 100 * #(sign(xT) != sign(xR) & |xT| > 0.01) / #(|xT| > 0.01)
// with circmean weights entering as sum(w sin)/sum(w), sum(w cos)/sum(w).
//
// Where AMT is ambiguous or DESIGN.md differs, and what this file does:
// - precL: AMT's help text calls it a circular standard deviation, its code (and DESIGN.md)
//   computes the linear population SD around accL. We follow the code.
// - accP: AMT has two definitions. `localizationerror(m,'accP')` is the UNWEIGHTED circular mean;
//   the 5-output call `[accL,precL,accP,precP,querr] = localizationerror(m)` weights by w.
//   DESIGN.md asks for the weighted one; we follow DESIGN.md (= AMT's 5-output accP), because
//   polar errors near the interaural axis carry no information.
// - precP: AMT's 5-output call returns deg(acos(|R|)) of the UNWEIGHTED mean vector, while
//   `localizationerror(m,'precP')` returns the weighted circstd. DESIGN.md only says "circular
//   spread"; we follow 'precP' (weighted circstd), consistent with the weighted accP.
// - querr: DESIGN.md's wording matches 'querr' (lateral cut-off |latR| < 60 = AMT's latmax for
//   thr 45 and range 360, strict); the 5-output form has no cut-off. We follow 'querr'.
// - AMT's circmean returns NaN when the mean cosine is exactly 0; we use atan2, which gives +-90.
//   A set whose weights are all zero (every response exactly lateral) has no polar information:
//   accP and precP are NaN here (AMT returns the single value unchanged for a one-row set).
// - rFBC: MATLAB's sign(0) = 0 would count a response exactly on the frontal plane (x = 0) as a
//   confusion, but AMT's own x for azimuth 90 is +6e-17 and for 270 is -2e-16, so its verdict
//   depends on how the same direction is written. Here a response with |xR| <= 1e-9 lies in
//   neither hemifield: it is not a confusion and stays in the denominator (which, as in AMT,
//   depends on the target only).
// - Lateral cut-offs compare with 1e-9 deg of slack: asin(sin(60 deg)) is 59.999999999999993 or
//   60.000000000000007 depending on the azimuth, and a response recorded at 60 deg must fall on
//   the side of the boundary that its nominal angle says, whatever rounding did.
// - Azimuths are wrapped to (-180, 180] before any trigonometry: cos(270 deg) is -1.8e-16 but
//   cos(-90 deg) is +6.1e-17, which would give the same lateral target a polar angle of 180 or 0.
namespace stagelab {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double degToRad = std::numbers::pi / 180.0;
constexpr double radToDeg = 180.0 / std::numbers::pi;
constexpr double cutoffSlackDeg = 1e-9;
constexpr double frontalPlaneTolerance = 1e-9; // |x| below this is "on the frontal plane"
constexpr double fbcTargetExclusion = 0.01;    // Carlile et al. (1997), as in AMT

double ratio(double numerator, double denominator)
{
    return denominator > 0.0 ? numerator / denominator : nan;
}

Direction canonical(double azimuthDeg, double elevationDeg)
{
    return {wrapDifferenceDeg(azimuthDeg), elevationDeg};
}

int hemifield(double x)
{
    return x > frontalPlaneTolerance ? 1 : (x < -frontalPlaneTolerance ? -1 : 0);
}

void addLocalizationMetrics(std::span<const ResultRow* const> rows, MetricValues& out)
{
    std::vector<double> lateralErrors, polarErrors, weights;
    double weightSum = 0.0, weightedSin = 0.0, weightedCos = 0.0;
    double rmsLSum = 0.0, rmsLCount = 0.0;
    double querrTotal = 0.0, querrWrong = 0.0;
    double middleTotal = 0.0, middleConfused = 0.0, localSum = 0.0, localCount = 0.0;
    double fbcTotal = 0.0, fbcConfused = 0.0;
    double greatCircleSum = 0.0, azimuthAbsSum = 0.0, azimuthSum = 0.0;
    // Lateral angles answered per target (to 0.1 deg), for the scatter about each one's mean.
    std::map<std::pair<long, long>, std::vector<double>> answersByTarget;

    for (const ResultRow* row : rows) {
        if (row->kind != "localization" || !row->responseAzimuthDeg) continue;
        const Direction target = canonical(row->targetAzimuthDeg, row->targetElevationDeg);
        // Azimuth-only responses lie on the horizontal plane (see ResultRow).
        const Direction response =
            canonical(*row->responseAzimuthDeg, row->responseElevationDeg.value_or(0.0));
        const double latT = lateralAngleDeg(target), latR = lateralAngleDeg(response);
        const double polarError =
            wrapDifferenceDeg(polarAngleDeg(response) - polarAngleDeg(target));
        // AMT's form of cos^2(latR): exactly 0 at +-90 deg, where the polar angle is undefined.
        const double w = 0.5 * std::cos(2.0 * latR * degToRad) + 0.5;

        lateralErrors.push_back(latR - latT);
        answersByTarget[{std::lround(target.azimuthDeg * 10),
                         std::lround(target.elevationDeg * 10)}]
            .push_back(latR);
        polarErrors.push_back(polarError);
        weights.push_back(w);
        weightSum += w;
        weightedSin += w * std::sin(polarError * degToRad);
        weightedCos += w * std::cos(polarError * degToRad);
        if (std::abs(latR) <= 60.0 + cutoffSlackDeg) {
            const double e = wrapDifferenceDeg(latR - latT);
            rmsLSum += e * e;
            rmsLCount += 1.0;
        }
        if (std::abs(latR) < 60.0 - cutoffSlackDeg) {
            querrTotal += 1.0;
            if (std::abs(polarError) * w > 45.0) querrWrong += 1.0;
        }
        if (std::abs(latR) <= 30.0 + cutoffSlackDeg) {
            middleTotal += 1.0;
            if (std::abs(polarError) > 90.0) middleConfused += 1.0;
            if (std::abs(polarError) < 90.0) {
                localSum += polarError * polarError;
                localCount += 1.0;
            }
        }
        const double xT = toCartesian(target).x, xR = toCartesian(response).x;
        if (std::abs(xT) > fbcTargetExclusion) {
            fbcTotal += 1.0;
            const int side = hemifield(xR);
            if (side != 0 && side != (xT > 0.0 ? 1 : -1)) fbcConfused += 1.0;
        }
        greatCircleSum += angleBetweenDeg(target, response);
        const double azimuthError = wrapDifferenceDeg(response.azimuthDeg - target.azimuthDeg);
        azimuthAbsSum += std::abs(azimuthError);
        azimuthSum += azimuthError;
    }

    const double n = static_cast<double>(lateralErrors.size());
    // Pooled within-target SD: the scatter of answers to one place, free of any bias (a
    // compressed image moves every answer to a target alike and adds nothing here).
    double scatterSum = 0.0;
    for (const auto& [target, answers] : answersByTarget) {
        const double mean = std::accumulate(answers.begin(), answers.end(), 0.0) / answers.size();
        for (const double answer : answers)
            scatterSum += (answer - mean) * (answer - mean);
    }
    const double scatterDof = n - double(answersByTarget.size());
    out["lateralScatterDeg"] = scatterDof >= 1.0 ? std::sqrt(scatterSum / scatterDof) : nan;
    out["n"] = n;
    double lateralSum = 0.0;
    for (double e : lateralErrors)
        lateralSum += e;
    const double accL = ratio(lateralSum, n);
    double spread = 0.0;
    for (double e : lateralErrors)
        spread += (e - accL) * (e - accL);
    out["accL"] = accL;
    out["precL"] = std::sqrt(ratio(spread, n));
    out["rmsL"] = std::sqrt(ratio(rmsLSum, rmsLCount));

    if (weightSum > 0.0) {
        const double meanDirection = std::atan2(weightedSin, weightedCos);
        out["accP"] = wrapDifferenceDeg(meanDirection * radToDeg);
        // circstd = sqrt(2 (1 - |R|)). 1 - |R| is computed as the weighted mean of
        // 1 - cos(error - mean) = 2 sin^2((error - mean) / 2), which equals it exactly (|R| is the
        // projection of the errors on their mean direction) but does not cancel: 1 - hypot(s, c)
        // leaves ~1e-16 for identical errors, and the square root turns that into 1e-6 deg.
        double oneMinusLength = 0.0;
        for (size_t i = 0; i < polarErrors.size(); ++i) {
            const double half = std::sin((polarErrors[i] * degToRad - meanDirection) / 2.0);
            oneMinusLength += weights[i] * 2.0 * half * half;
        }
        out["precP"] = std::sqrt(2.0 * oneMinusLength / weightSum) * radToDeg;
    } else {
        out["accP"] = nan;
        out["precP"] = nan;
    }
    out["querr"] = 100.0 * ratio(querrWrong, querrTotal);
    out["querrMiddlebrooks"] = 100.0 * ratio(middleConfused, middleTotal);
    out["rmsPmedianlocal"] = std::sqrt(ratio(localSum, localCount));
    out["rFBC"] = 100.0 * ratio(fbcConfused, fbcTotal);
    out["greatCircleErrorDeg"] = ratio(greatCircleSum, n);
    out["azimuthErrorDeg"] = ratio(azimuthAbsSum, n);
    out["signedAzimuthErrorDeg"] = ratio(azimuthSum, n);
}

// Width: the left edge is the counter-clockwise end of the image, so the span is the
// counter-clockwise arc from the right edge to the left edge, in [0, 360). This keeps images
// behind the listener (edges at 170 and -170) at 20 deg instead of -340; the price is that
// swapped edges read as a very wide image rather than a negative width, which is what the
// response literally says.
void addWidthMetrics(std::span<const ResultRow* const> rows, MetricValues& out)
{
    double n = 0.0, spanSum = 0.0, errorSum = 0.0, absErrorSum = 0.0;
    double centreSin = 0.0, centreCos = 0.0, centreErrorSum = 0.0;
    for (const ResultRow* row : rows) {
        if (row->kind != "width" || !row->responseLeftEdgeDeg || !row->responseRightEdgeDeg)
            continue;
        const double span = wrapAzimuthDeg(*row->responseLeftEdgeDeg - *row->responseRightEdgeDeg);
        const double centre = wrapDifferenceDeg(*row->responseRightEdgeDeg + span / 2.0);
        n += 1.0;
        spanSum += span;
        errorSum += span - row->targetWidthDeg;
        absErrorSum += std::abs(span - row->targetWidthDeg);
        centreSin += std::sin(centre * degToRad);
        centreCos += std::cos(centre * degToRad);
        centreErrorSum += wrapDifferenceDeg(centre - row->targetAzimuthDeg);
    }
    out["nWidth"] = n;
    out["perceivedWidthDeg"] = ratio(spanSum, n);
    out["widthErrorDeg"] = ratio(errorSum, n);
    out["absWidthErrorDeg"] = ratio(absErrorSum, n);
    // Centres spread evenly around the circle have no mean direction.
    const bool hasDirection = n > 0.0 && std::hypot(centreSin, centreCos) > 1e-9 * n;
    out["perceivedCentreDeg"] =
        hasDirection ? wrapDifferenceDeg(std::atan2(centreSin, centreCos) * radToDeg) : nan;
    out["centreErrorDeg"] = ratio(centreErrorSum, n);
}
} // namespace

MetricValues computeMetrics(std::span<const ResultRow* const> rows)
{
    MetricValues values;
    addLocalizationMetrics(rows, values);
    addWidthMetrics(rows, values);
    addDistanceMetrics(rows, values);
    addExternalizationMetrics(rows, values);
    addStageMapMetrics(rows, values);
    return values;
}

MetricValues computeMetrics(const std::vector<ResultRow>& rows)
{
    std::vector<const ResultRow*> pointers;
    pointers.reserve(rows.size());
    for (const ResultRow& row : rows)
        pointers.push_back(&row);
    return computeMetrics(std::span<const ResultRow* const>(pointers));
}

} // namespace stagelab
