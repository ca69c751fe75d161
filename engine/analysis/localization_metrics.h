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
/// width metrics from the "width" rows with both edges; other rows are ignored.
MetricValues computeMetrics(std::span<const ResultRow* const> rows);

/// Convenience overload for a plain vector of rows.
MetricValues computeMetrics(const std::vector<ResultRow>& rows);

} // namespace stagelab
