#include "analysis/grouping.h"

#include "analysis/metric_catalogue.h"

#include "analysis/text_format.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
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

std::vector<RowGroup> groupRows(std::span<const ResultRow> rows,
                                const std::vector<std::string>& byFactors)
{
    struct Bucket
    {
        std::vector<std::string> levels;
        std::vector<const ResultRow*> rows;
    };
    std::vector<Bucket> buckets;
    std::unordered_map<std::string, size_t> index;
    std::string key;
    for (const ResultRow& row : rows) {
        key.clear();
        for (const std::string& factor : byFactors) {
            const auto found = row.factors.find(factor);
            key += found == row.factors.end() ? emptyLevel : found->second;
            key += keySeparator;
        }
        auto [position, inserted] = index.try_emplace(key, buckets.size());
        if (inserted) {
            Bucket bucket;
            for (const std::string& factor : byFactors) {
                const auto found = row.factors.find(factor);
                bucket.levels.push_back(found == row.factors.end() ? emptyLevel : found->second);
            }
            buckets.push_back(std::move(bucket));
        }
        buckets[position->second].rows.push_back(&row);
    }
    std::sort(buckets.begin(), buckets.end(),
              [](const Bucket& a, const Bucket& b) { return levelsLess(a.levels, b.levels); });

    std::vector<RowGroup> groups;
    groups.reserve(buckets.size());
    for (Bucket& bucket : buckets) {
        RowGroup group;
        for (size_t i = 0; i < byFactors.size(); ++i)
            group.keys[byFactors[i]] = bucket.levels[i];
        group.rows = std::move(bucket.rows);
        groups.push_back(std::move(group));
    }
    return groups;
}

AnalysisResult analyze(std::span<const ResultRow> rows, const std::vector<std::string>& byFactors)
{
    AnalysisResult result;
    result.byFactors = byFactors;
    for (RowGroup& group : groupRows(rows, byFactors)) {
        AnalysisGroup analysed;
        analysed.n = group.rows.size();
        analysed.metrics = computeMetrics(std::span<const ResultRow* const>(group.rows));
        analysed.keys = std::move(group.keys);
        result.groups.push_back(std::move(analysed));
    }
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
