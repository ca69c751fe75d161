#include "analysis/stage_map_metrics.h"

#include "spatial/direction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace stagelab {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double span(const std::vector<double>& values)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return values.empty() ? 0.0 : *high - *low;
}

/// Kendall's tau-b of a stage's order, or 0 when the true order exists but every placement is
/// tied (everything at one distance: no order kept, rather than an order undefined).
double orderKept(const std::vector<double>& truth, const std::vector<double>& placed)
{
    if (span(truth) > 0.0 && span(placed) == 0.0) return 0.0;
    return kendallTauB(truth, placed);
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
    // Lateral angles (-90 right ... +90 left): the azimuth folded front to back, so that an
    // instrument heard behind (a front-back confusion) keeps its place from left to right and
    // does not stretch the stage round the back.
    struct Stage
    {
        std::vector<double> trueLateral, placedLateral, trueLogDistance, placedLogDistance;
        int size = 0;
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
        stage.trueLateral.push_back(lateralAngleDeg({row->targetAzimuthDeg, 0.0}));
        stage.placedLateral.push_back(lateralAngleDeg({*row->responseAzimuthDeg, 0.0}));
        stage.trueLogDistance.push_back(std::log2(target));
        stage.placedLogDistance.push_back(std::log2(placed));
        stage.size = row->stageSize;
    }
    Accumulator width, depth, leftRight, frontBack;
    for (const auto& [trial, stage] : stages) {
        // A stage is measured whole: a group holding only some of its instruments (grouped by
        // stimulus, say) has no width, depth or order of it.
        if (stage.size > 0 && int(stage.trueLateral.size()) != stage.size) continue;
        if (const double trueSpan = span(stage.trueLateral); trueSpan > 0.0)
            width.add(span(stage.placedLateral) / trueSpan);
        if (const double trueSpan = span(stage.trueLogDistance); trueSpan > 0.0)
            depth.add(span(stage.placedLogDistance) / trueSpan);
        leftRight.add(orderKept(stage.trueLateral, stage.placedLateral));
        frontBack.add(orderKept(stage.trueLogDistance, stage.placedLogDistance));
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
