#pragma once
/// Distance and externalization metrics (internal to engine/analysis; computeMetrics() adds
/// them). Definitions and references below; the README's "Metrics" names them.

#include "analysis/localization_metrics.h"

namespace stagelab {

/// From rows with a true and a perceived distance (metres):
///   nDistance           answered distance trials
///   distanceErrorLog2   mean log2(perceived / true): + = heard farther, in doublings
///   absDistanceErrorLog2  mean |log2(perceived / true)|
///   distanceExponent a, distanceFactor k, distanceFitR2: the power law perceived = k true^a
///     (Zahorik 2002), fitted by least squares on log perceived against log true, with the
///     fit's r^2; NaN with fewer than two distinct true distances.
void addDistanceMetrics(std::span<const ResultRow* const> rows, MetricValues& values);

/// From rows with an externalization rating (0 "inside my head" ... 4 "outside, far away, at
/// the sound's place"; Hassager et al. 2016):
///   nExternalization, externalizationMean, externalizationMedian, externalizedShare (% >= 2).
void addExternalizationMetrics(std::span<const ResultRow* const> rows, MetricValues& values);

} // namespace stagelab
