#include "analysis/grouping.h"

#include "analysis/metric_catalogue.h"

#include "analysis/text_format.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <future>
#include <thread>
#include <unordered_map>

namespace stagelab {

namespace {
const std::string emptyLevel;

// A separator that cannot occur in text read from CSV or JSON session files.
constexpr char keySeparator = '\x1f';

bool levelsLess(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (factorLevelLess(a[i], b[i])) return true;
        if (factorLevelLess(b[i], a[i])) return false;
    }
    return a.size() < b.size();
}

std::vector<std::string> metricsOrAll(const std::vector<std::string>& metrics)
{
    for (const std::string& name : metrics)
        if (!isMetricName(name)) throw Error("unknown metric '" + name + "'");
    return metrics.empty() ? metricNames() : metrics;
}
} // namespace

GroupIndex::GroupIndex(std::vector<std::string> byFactors) : m_byFactors(std::move(byFactors)) {}

size_t GroupIndex::groupOf(const ResultRow& row)
{
    // The row's levels into a list kept between rows (its strings keep their storage).
    m_rowLevels.resize(m_byFactors.size());
    for (size_t i = 0; i < m_byFactors.size(); ++i) {
        const auto found = row.factors.find(m_byFactors[i]);
        m_rowLevels[i] = found == row.factors.end() ? emptyLevel : found->second;
    }
    return groupOf(m_rowLevels);
}

size_t GroupIndex::groupOf(const std::vector<std::string>& levels)
{
    m_key.clear();
    for (const std::string& level : levels) {
        m_key += level;
        m_key += keySeparator;
    }
    auto [position, inserted] = m_index.try_emplace(m_key, m_levels.size());
    if (inserted) m_levels.push_back(levels);
    return position->second;
}

std::vector<size_t> GroupIndex::sortedGroups() const
{
    std::vector<size_t> order(m_levels.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return levelsLess(m_levels[a], m_levels[b]); });
    return order;
}

std::map<std::string, std::string> GroupIndex::keys(size_t group) const
{
    std::map<std::string, std::string> keys;
    for (size_t i = 0; i < m_byFactors.size(); ++i)
        keys[m_byFactors[i]] = m_levels[group][i];
    return keys;
}

std::vector<RowGroup> groupRows(std::span<const ResultRow> rows,
                                const std::vector<std::string>& byFactors)
{
    GroupIndex index(byFactors);
    std::vector<std::vector<const ResultRow*>> members;
    for (const ResultRow& row : rows) {
        const size_t group = index.groupOf(row);
        if (group == members.size()) members.emplace_back();
        members[group].push_back(&row);
    }
    std::vector<RowGroup> groups;
    groups.reserve(members.size());
    for (size_t group : index.sortedGroups())
        groups.push_back({index.keys(group), std::move(members[group])});
    return groups;
}

namespace {
AnalysisGroup analyseGroup(std::map<std::string, std::string> keys,
                           std::span<const ResultRow* const> rows)
{
    AnalysisGroup analysed;
    analysed.n = rows.size();
    analysed.metrics = computeMetrics(rows);
    analysed.keys = std::move(keys);
    return analysed;
}
} // namespace

AnalysisResult analyze(std::span<const ResultRow> rows, const std::vector<std::string>& byFactors)
{
    AnalysisResult result;
    result.byFactors = byFactors;
    for (RowGroup& group : groupRows(rows, byFactors))
        result.groups.push_back(analyseGroup(std::move(group.keys), group.rows));
    return result;
}

void GroupedRows::add(ResultRow& row)
{
    const size_t group = m_index.groupOf(row);
    if (group == m_rows.size()) m_rows.emplace_back();
    // The factors step aside while the rest is copied (moving a map is O(1)).
    std::map<std::string, std::string> factors = std::move(row.factors);
    row.factors.clear();
    m_rows[group].push_back(row);
    row.factors = std::move(factors);
}

void StreamingAnalysis::add(GroupedRows&& part)
{
    for (size_t group = 0; group < part.m_rows.size(); ++group) {
        const size_t into = m_rows.m_index.groupOf(part.m_index.levels(group));
        if (into == m_rows.m_rows.size()) m_rows.m_rows.emplace_back();
        std::vector<ResultRow>& rows = m_rows.m_rows[into];
        if (rows.empty()) {
            rows = std::move(part.m_rows[group]);
        } else {
            rows.insert(rows.end(), std::make_move_iterator(part.m_rows[group].begin()),
                        std::make_move_iterator(part.m_rows[group].end()));
        }
    }
}

AnalysisResult StreamingAnalysis::result() const
{
    AnalysisResult result;
    result.byFactors = m_rows.m_index.byFactors();
    const std::vector<size_t> order = m_rows.m_index.sortedGroups();
    result.groups.resize(order.size());
    // Groups are independent: their metrics are computed on every core, each into its place.
    const auto analyseRange = [&](size_t first, size_t last) {
        for (size_t i = first; i < last; ++i) {
            const std::vector<ResultRow>& members = m_rows.m_rows[order[i]];
            std::vector<const ResultRow*> rows;
            rows.reserve(members.size());
            for (const ResultRow& row : members)
                rows.push_back(&row);
            result.groups[i] = analyseGroup(m_rows.m_index.keys(order[i]), rows);
        }
    };
    const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()),
                                            std::max<size_t>(order.size(), 1));
    std::vector<std::future<void>> parts;
    for (size_t t = 1; t < threads; ++t)
        parts.push_back(std::async(std::launch::async, analyseRange, t * order.size() / threads,
                                   (t + 1) * order.size() / threads));
    analyseRange(0, order.size() / threads);
    for (auto& part : parts)
        part.get();
    return result;
}

std::string analysisToJson(const AnalysisResult& result, int indent)
{
    // ordered_json keeps metrics in metricNames() order, which is how people read them.
    nlohmann::ordered_json groups = nlohmann::ordered_json::array();
    for (const AnalysisGroup& group : result.groups) {
        nlohmann::ordered_json keys = nlohmann::ordered_json::object();
        for (const std::string& factor : result.byFactors)
            keys[factor] = group.keys.at(factor);
        nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
        for (const std::string& name : metricNames()) {
            const auto found = group.metrics.find(name);
            const double value = found == group.metrics.end() ? NAN : found->second;
            metrics[name] = std::isfinite(value) ? nlohmann::ordered_json(value) : nullptr;
        }
        groups.push_back({{"keys", keys}, {"n", group.n}, {"metrics", metrics}});
    }
    const nlohmann::ordered_json document = {{"format", "stagelab.analysis/1"}, {"groups", groups}};
    return document.dump(indent);
}

std::string analysisToTable(const AnalysisResult& result, const std::vector<std::string>& metrics)
{
    const std::vector<std::string> columns = metricsOrAll(metrics);
    std::vector<std::string> header = result.byFactors;
    header.push_back("rows");
    header.insert(header.end(), columns.begin(), columns.end());
    std::vector<std::vector<std::string>> cells;
    for (const AnalysisGroup& group : result.groups) {
        std::vector<std::string> line;
        for (const std::string& factor : result.byFactors)
            line.push_back(group.keys.at(factor));
        line.push_back(std::to_string(group.n));
        for (const std::string& name : columns) {
            const double value = group.metrics.count(name) ? group.metrics.at(name) : NAN;
            // Counts are whole numbers; angles and percentages read well with two decimals.
            line.push_back(formatNumberFixed(value, isCountMetric(name) ? 0 : 2));
        }
        cells.push_back(std::move(line));
    }
    return renderTextTable(header, cells, result.byFactors.size());
}

std::string analysisToCsv(const AnalysisResult& result)
{
    std::string out;
    auto appendLine = [&out](const std::vector<std::string>& fields) {
        for (size_t i = 0; i < fields.size(); ++i)
            out += (i ? "," : "") + csvField(fields[i]);
        out += '\n';
    };
    std::vector<std::string> header = result.byFactors;
    header.push_back("rows");
    header.insert(header.end(), metricNames().begin(), metricNames().end());
    appendLine(header);
    for (const AnalysisGroup& group : result.groups) {
        std::vector<std::string> fields;
        for (const std::string& factor : result.byFactors)
            fields.push_back(group.keys.at(factor));
        fields.push_back(std::to_string(group.n));
        for (const std::string& name : metricNames())
            fields.push_back(
                formatNumberExact(group.metrics.count(name) ? group.metrics.at(name) : NAN));
        appendLine(fields);
    }
    return out;
}

} // namespace stagelab
