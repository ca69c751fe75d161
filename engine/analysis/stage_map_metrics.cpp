#include "analysis/stage_map_metrics.h"

#include "spatial/direction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace stagelab {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The smallest arc (degrees) that holds every azimuth: 360 minus the widest gap between
/// neighbours around the circle.
double azimuthSpanDeg(std::vector<double> azimuths)
{
    if (azimuths.size() < 2) return 0.0;
    for (double& azimuth : azimuths)
        azimuth = wrapDifferenceDeg(azimuth) + 180.0; // [0, 360)
    std::sort(azimuths.begin(), azimuths.end());
    double widestGap = azimuths.front() + 360.0 - azimuths.back();
    for (size_t i = 1; i < azimuths.size(); ++i)
        widestGap = std::max(widestGap, azimuths[i] - azimuths[i - 1]);
    return 360.0 - widestGap;
}

double span(const std::vector<double>& values)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return values.empty() ? 0.0 : *high - *low;
}

/// Azimuths as a left-to-right order: angles about the front, so that +170 and -170 (both
/// behind) are far apart, as they are to a listener's left and right.
std::vector<double> lateralOrder(const std::vector<double>& azimuths)
{
    std::vector<double> order;
    for (double azimuth : azimuths)
        order.push_back(wrapDifferenceDeg(azimuth));
    return order;
}

struct Accumulator
{
    double sum = 0.0;
    int count = 0;
    void add(double value)
    {
        if (std::isfinite(value)) sum += value, ++count;
    }
    double mean() const { return count ? sum / count : nan; }
};
} // namespace

double kendallTauB(const std::vector<double>& a, const std::vector<double>& b)
{
    const size_t n = std::min(a.size(), b.size());
    double concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            const double da = a[i] - a[j], db = b[i] - b[j];
            tiesA += da == 0.0;
            tiesB += db == 0.0;
            if (da * db > 0)
                ++concordant;
            else if (da * db < 0)
                ++discordant;
        }
    const double pairs = double(n) * double(n - 1) / 2.0;
    const double denominator = std::sqrt((pairs - tiesA) * (pairs - tiesB));
    return n >= 2 && denominator > 0 ? (concordant - discordant) / denominator : nan;
}

void addStageMapMetrics(std::span<const ResultRow* const> rows, MetricValues& values)
{
    struct Stage
    {
        std::vector<double> trueAzimuth, placedAzimuth, trueLogDistance, placedLogDistance;
    };
    std::map<std::string, Stage> stages;
    Accumulator error, distanceError;
    for (const ResultRow* row : rows) {
        if (row->kind != "stage-map" || !row->responseAzimuthDeg || !row->responseDistanceM ||
            !row->targetDistanceM)
            continue;
        const double target = *row->targetDistanceM, placed = *row->responseDistanceM;
        if (!(target > 0.0) || !(placed > 0.0)) continue;
        error.add(angleBetweenDeg({row->targetAzimuthDeg, 0.0}, {*row->responseAzimuthDeg, 0.0}));
        distanceError.add(std::abs(std::log2(placed / target)));
        Stage& stage = stages[row->stageMapTrial];
        stage.trueAzimuth.push_back(row->targetAzimuthDeg);
        stage.placedAzimuth.push_back(*row->responseAzimuthDeg);
        stage.trueLogDistance.push_back(std::log2(target));
        stage.placedLogDistance.push_back(std::log2(placed));
    }
    Accumulator width, depth, leftRight, frontBack;
    for (const auto& [trial, stage] : stages) {
        if (const double trueSpan = azimuthSpanDeg(stage.trueAzimuth); trueSpan > 0.0)
            width.add(azimuthSpanDeg(stage.placedAzimuth) / trueSpan);
        if (const double trueSpan = span(stage.trueLogDistance); trueSpan > 0.0)
            depth.add(span(stage.placedLogDistance) / trueSpan);
        leftRight.add(
            kendallTauB(lateralOrder(stage.trueAzimuth), lateralOrder(stage.placedAzimuth)));
        frontBack.add(kendallTauB(stage.trueLogDistance, stage.placedLogDistance));
    }
    values["nStagePlacements"] = error.count;
    values["stageErrorDeg"] = error.mean();
    values["stageDistanceErrorLog2"] = distanceError.mean();
    values["stageWidthRatio"] = width.mean();
    values["stageDepthRatio"] = depth.mean();
    values["stageOrderLeftRight"] = leftRight.mean();
    values["stageOrderFrontBack"] = frontBack.mean();
}

} // namespace stagelab
