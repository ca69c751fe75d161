#pragma once
/// What each metric is called and measured in: the one list that tables, plots, the study
/// report, exports and the GUI name metrics from (definitions: localization_metrics.cpp).

#include <string>
#include <vector>

namespace stagelab {

/// One metric as people see it.
struct MetricInfo
{
    std::string name;  ///< Key in MetricValues and in every output ("rmsL", "greatCircleErrorDeg").
    std::string kind;  ///< The trials it describes: "localization" or "width".
    std::string title; ///< Column heading, short ("|Azimuth error|"); the unit is not in it.
    std::string label; ///< Name in a sentence ("absolute azimuth error").
    std::string unit;  ///< "°", "%", or "" for counts.
    /// For a listener, in plain words ("Off by, on average"); "" for metrics only researchers
    /// are shown.
    std::string plainTitle = {};
};

/// Every metric, in the order writers present them: localization, width, distance,
/// externalization, stage maps, and then those added later (lateralScatterDeg), so that the
/// columns of earlier outputs keep their places.
const std::vector<MetricInfo>& metricCatalogue();

/// All metric names, in metricCatalogue() order.
const std::vector<std::string>& metricNames();

/// True if `name` is one of metricNames().
bool isMetricName(const std::string& name);

/// The metric called `name`; throws Error for an unknown name (listing the known ones).
const MetricInfo& metricInfo(const std::string& name);

/// Decimals a metric's values are shown with, everywhere: counts (n, nWidth, nDistance, ...)
/// 0; ratios, doublings, exponents, rank correlations and ratings 2; degrees and percentages 1.
int metricDecimals(const std::string& name);

/// True for the metrics that count answers (n, nWidth, nDistance, ...): sizes, not measures.
bool isCountMetric(const std::string& name);

/// The few metrics a results table shows for trials of `kind` ("localization", "width",
/// "externalization", "distance" - the distance answers of any kind - or "stage-map"; any other
/// kind has none), in column order.
const std::vector<std::string>& tableMetrics(const std::string& kind);

/// The metrics a listener is shown of their own session (the Done page), each with a
/// plainTitle: no analysis jargon.
const std::vector<std::string>& listenerMetrics(const std::string& kind);

} // namespace stagelab
