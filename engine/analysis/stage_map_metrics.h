#pragma once
/// Stage-map metrics (internal to engine/analysis; computeMetrics() adds them): how well a
/// listener placed the instruments of an ensemble. Rows are one placement each (kind
/// "stage-map"); the placements of one trial share ResultRow::stageMapTrial.

#include "analysis/localization_metrics.h"

#include <vector>

namespace stagelab {

/// Kendall's tau-b between two orderings of the same items (ties allowed in either):
/// (concordant - discordant) / sqrt((n0 - tiesA)(n0 - tiesB)), n0 = n(n-1)/2 (Kendall 1945).
/// NaN with fewer than two items or when either list is all ties.
double kendallTauB(const std::vector<double>& a, const std::vector<double>& b);

/// From stage-map rows:
///   nStagePlacements      placements answered
///   stageErrorDeg         mean great-circle angle between each instrument and its placement
///   stageDistanceErrorLog2  mean |log2(placed / true distance)| per placement, in doublings
///   stageWidthRatio       per trial, the span of the placed lateral angles / the true span
///                         (lateral angle: the azimuth folded front to back, so a front-back
///                         confusion neither widens the stage nor reorders it); the mean
///   stageDepthRatio       per trial, the span of placed log distances / the true span; mean
///   stageOrderLeftRight   per trial, Kendall tau-b between true and placed lateral angles
///                         (left to right); mean over trials
///   stageOrderFrontBack   the same for distances (near to far)
/// A trial enters a ratio only when its true span is not zero, and an order when its true
/// values differ (every placement tied then counts 0: no order kept). Width, depth and order
/// need the whole stage: a group holding only some of a trial's placements leaves it out.
void addStageMapMetrics(std::span<const ResultRow* const> rows, MetricValues& values);

} // namespace stagelab
