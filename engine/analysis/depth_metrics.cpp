#include "analysis/depth_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <vector>

namespace stagelab {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
} // namespace

void addDistanceMetrics(std::span<const ResultRow* const> rows, MetricValues& values)
{
    // log2 ratios for the errors; natural logs for the fit (its slope a is the same in any
    // base, and k = e^intercept).
    std::vector<double> x, y;
    double signedSum = 0, absoluteSum = 0;
    std::set<double> targets;
    for (const ResultRow* row : rows) {
        // A stage map's placements are measured as a stage (stage_map_metrics.h).
        if (row->kind == "stage-map" || !row->targetDistanceM || !row->responseDistanceM) continue;
        const double target = *row->targetDistanceM, response = *row->responseDistanceM;
        if (!(target > 0.0) || !(response > 0.0)) continue;
        const double error = std::log2(response / target);
        signedSum += error;
        absoluteSum += std::abs(error);
        x.push_back(std::log(target));
        y.push_back(std::log(response));
        targets.insert(target);
    }
    const double n = double(x.size());
    values["nDistance"] = n;
    values["distanceErrorLog2"] = n > 0 ? signedSum / n : nan;
    values["absDistanceErrorLog2"] = n > 0 ? absoluteSum / n : nan;
    double a = nan, k = nan, r2 = nan;
    if (targets.size() >= 2) {
        double meanX = 0, meanY = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double sxx = 0, sxy = 0, syy = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        a = sxy / sxx;
        k = std::exp(meanY - a * meanX);
        // Every answer the same distance: the fit explains nothing there is to explain.
        r2 = syy > 0 ? sxy * sxy / (sxx * syy) : nan;
    }
    values["distanceExponent"] = a;
    values["distanceFactor"] = k;
    values["distanceFitR2"] = r2;
}

void addExternalizationMetrics(std::span<const ResultRow* const> rows, MetricValues& values)
{
    std::vector<double> ratings;
    for (const ResultRow* row : rows)
        if (row->externalization) ratings.push_back(*row->externalization);
    const double n = double(ratings.size());
    values["nExternalization"] = n;
    if (ratings.empty()) {
        values["externalizationMean"] = values["externalizationMedian"] = nan;
        values["externalizedShare"] = nan;
        return;
    }
    double sum = 0;
    int outside = 0;
    for (const double rating : ratings) {
        sum += rating;
        outside += rating >= 2.0;
    }
    std::sort(ratings.begin(), ratings.end());
    const size_t middle = ratings.size() / 2;
    values["externalizationMean"] = sum / n;
    values["externalizationMedian"] =
        ratings.size() % 2 ? ratings[middle] : (ratings[middle - 1] + ratings[middle]) / 2.0;
    values["externalizedShare"] = 100.0 * outside / n;
}

} // namespace stagelab
