#pragma once
/// Localization and width metrics of a set of trials, with the names and definitions of
/// AMT 1.6 `localizationerror` (DESIGN.md §6) so that numbers compare with the literature.
///
/// Every metric is a double; a metric that is undefined for a set (no responses inside a lateral
/// cut-off, no width trials, ...) is NaN, and every Stagelab writer turns NaN into JSON null.

#include "analysis/metric_catalogue.h"
#include "analysis/result_row.h"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace stagelab {

/// Metric name -> value (NaN where undefined).
using MetricValues = std::map<std::string, double>;

/// All metrics of `rows`: localization metrics from the "localization" rows with a response,
/// width metrics from the "width" rows with both edges, distance and externalization metrics
/// (depth_metrics.h), stage-map metrics from the "stage-map" rows (stage_map_metrics.h); other
/// rows are ignored. Beyond AMT: lateralScatterDeg, the pooled within-target SD of the
/// responses' lateral angles (targets grouped to 0.1 deg) - the scatter of answers to one
/// place, which a bias or a compressed image does not enlarge (precL does).
MetricValues computeMetrics(std::span<const ResultRow* const> rows);

/// Convenience overload for a plain vector of rows.
MetricValues computeMetrics(const std::vector<ResultRow>& rows);

} // namespace stagelab
