#pragma once
/// Splitting trials into groups by factors and computing every metric per group, with writers
/// for JSON ("stagelab.analysis/1"), a fixed-width text table and tidy CSV.

#include "analysis/localization_metrics.h"
#include "analysis/result_row.h"

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
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

/// Which group a row belongs to by its levels of some factors; groups are numbered 0, 1, ... in
/// the order their first row comes.
class GroupIndex
{
public:
    explicit GroupIndex(std::vector<std::string> byFactors);
    /// The row's group, a new one (numbered groupCount() - 1) if no row had its levels before.
    std::size_t groupOf(const ResultRow& row);
    /// The group of these levels (in byFactors() order), a new one if none had them before.
    std::size_t groupOf(const std::vector<std::string>& levels);
    const std::vector<std::string>& levels(std::size_t group) const { return m_levels[group]; }
    std::size_t groupCount() const { return m_levels.size(); }
    /// The groups sorted by their levels in factor order, numbers numerically ("2" before "10").
    std::vector<std::size_t> sortedGroups() const;
    /// Factor name -> level of a group; a row without the factor has the empty level "".
    std::map<std::string, std::string> keys(std::size_t group) const;
    const std::vector<std::string>& byFactors() const { return m_byFactors; }

private:
    std::vector<std::string> m_byFactors;
    std::vector<std::vector<std::string>> m_levels; ///< Per group, in m_byFactors order.
    std::unordered_map<std::string, std::size_t> m_index;
    std::string m_key;                    ///< Reused for each row's key.
    std::vector<std::string> m_rowLevels; ///< Reused for each row's levels.
};

/// Groups `rows` by `byFactors` (none: one group of all rows), sorted by levels in factor order,
/// numbers numerically ("2" before "10").
std::vector<RowGroup> groupRows(std::span<const ResultRow> rows,
                                const std::vector<std::string>& byFactors);

/// Every metric for every group of `rows` by `byFactors`.
AnalysisResult analyze(std::span<const ResultRow> rows, const std::vector<std::string>& byFactors);

/// Rows of one part of a study (a session file) grouped by some factors and kept without their
/// factors, which no metric reads (they are most of a row's memory). Made on any thread;
/// StreamingAnalysis adds the parts up in order.
class GroupedRows
{
public:
    explicit GroupedRows(const std::vector<std::string>& byFactors) : m_index(byFactors) {}
    /// Keeps a copy of `row` without its factors (which it keeps).
    void add(ResultRow& row);

private:
    friend class StreamingAnalysis;
    GroupIndex m_index;
    std::vector<std::vector<ResultRow>> m_rows; ///< Per group, in the order added.
};

/// analyze() of rows that come a part at a time (a study too large to hold whole). result()
/// equals analyze() of all the rows added, in the order they were added.
class StreamingAnalysis
{
public:
    explicit StreamingAnalysis(const std::vector<std::string>& byFactors) : m_rows(byFactors) {}
    void add(GroupedRows&& part);
    AnalysisResult result() const;

private:
    GroupedRows m_rows;
};

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
