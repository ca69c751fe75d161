#pragma once
/// Splitting trials into groups by factors and computing every metric per group, with writers
/// for JSON ("stagelab.analysis/1"), a fixed-width text table and tidy CSV.

#include "analysis/localization_metrics.h"
#include "analysis/result_row.h"

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace stagelab {

/// Rows that share one level of every grouping factor.
struct RowGroup
{
    /// Factor name -> level; a row without the factor has the empty level "".
    std::map<std::string, std::string> keys;
    /// The rows, in input order; they point into the caller's rows.
    std::vector<const ResultRow*> rows;
};

/// The metrics of one group.
struct AnalysisGroup
{
    /// Factor name -> level, as in RowGroup.
    std::map<std::string, std::string> keys;
    /// Number of rows in the group (all kinds, answered or not); metric "n" counts the answered
    /// localization trials and "nWidth" the answered width trials.
    std::size_t n = 0;
    /// Every metric of metricNames(); NaN where undefined.
    MetricValues metrics;
};

/// The result of analyze(): groups sorted by their levels in `byFactors` order.
struct AnalysisResult
{
    /// The grouping factors, in the order they sort and print.
    std::vector<std::string> byFactors;
    /// One entry per combination of levels that occurs in the rows.
    std::vector<AnalysisGroup> groups;
};

/// Groups `rows` by `byFactors` (none: one group of all rows), sorted by levels in factor order,
/// numbers numerically ("2" before "10").
std::vector<RowGroup> groupRows(std::span<const ResultRow> rows,
                                const std::vector<std::string>& byFactors);

/// Every metric for every group of `rows` by `byFactors`.
AnalysisResult analyze(std::span<const ResultRow> rows, const std::vector<std::string>& byFactors);

/// {"format":"stagelab.analysis/1","groups":[{"keys":{..},"n":N,"metrics":{..}}]}; NaN is null.
/// `indent` < 0 writes one line; no trailing newline.
std::string analysisToJson(const AnalysisResult& result, int indent = 2);

/// Fixed-width table: factor columns, "rows" (the group size), then `metrics` (empty: all; an
/// unknown name throws Error), 2 decimals, "-" for NaN.
std::string analysisToTable(const AnalysisResult& result,
                            const std::vector<std::string>& metrics = {});

/// CSV with a header: factor columns, "rows" (the group size), every metric; shortest exact
/// numbers, an empty cell for NaN.
std::string analysisToCsv(const AnalysisResult& result);

} // namespace stagelab
