#include "gui/metric_table_model.h"

#include "analysis/grouping.h"
#include "analysis/metric_catalogue.h"
#include "util/number_format.h"

#include <cmath>

using namespace stagelab;

namespace {
/// A metric value for a table cell (metricDecimals: degrees one decimal, ratios and ratings
/// two, counts whole), an en dash where undefined.
QString cellText(const std::string& metric, double value)
{
    if (!std::isfinite(value)) return QStringLiteral("–");
    return QString::fromStdString(formatNumberFixed(value, metricDecimals(metric)));
}
} // namespace

MetricTableModel::MetricTableModel(const std::string& kind, Audience audience, QObject* parent)
    : ListModel(parent), m_kind(kind), m_audience(audience),
      m_metrics(audience == Audience::Listener ? listenerMetrics(kind) : tableMetrics(kind))
{
    m_countMetric = kind == "distance"          ? "nDistance"
                    : kind == "externalization" ? "nExternalization"
                    : kind == "stage-map"       ? "nStagePlacements"
                                                : "";
    for (const std::string& metric : m_metrics) {
        const MetricInfo& info = metricInfo(metric);
        const std::string& title = audience == Audience::Listener ? info.plainTitle : info.title;
        m_columnTitles.append(QString::fromStdString(title + " " + info.unit).trimmed());
    }
}

void MetricTableModel::setAnalysis(const AnalysisResult& result)
{
    std::vector<Row> rows;
    for (const AnalysisGroup& group : result.groups) {
        const auto kind = group.keys.find("kind");
        const bool byKind = kind != group.keys.end();
        if (byKind ? kind->second != m_kind : m_countMetric.empty()) continue;
        double answers = double(group.n);
        if (!byKind) {
            const auto count = group.metrics.find(m_countMetric);
            answers = count == group.metrics.end() ? 0.0 : count->second;
            if (!(answers > 0)) continue; // no answers of this sort in the group
        }
        Row row;
        QStringList levels;
        for (const std::string& factor : result.byFactors) {
            if (m_audience == Audience::Listener && factor == "kind") continue; // the table's own
            const std::string& level = group.keys.at(factor);
            levels.append(level.empty() ? QStringLiteral("–") : QString::fromStdString(level));
        }
        row.label = levels.join(QStringLiteral(" · "));
        row.trials = int(answers);
        for (const std::string& metric : m_metrics) {
            const auto value = group.metrics.find(metric);
            row.cells.append(cellText(metric, value == group.metrics.end() ? NAN : value->second));
        }
        rows.push_back(std::move(row));
    }
    if (m_audience == Audience::Listener && rows.size() == 1)
        rows.front().label = QStringLiteral("All your answers");
    setRows(std::move(rows));
}

void MetricTableModel::clear()
{
    setRows({});
}

void MetricTableModel::setRows(std::vector<Row> rows)
{
    QStringList labels, trials;
    std::vector<QStringList> metricColumns(m_metrics.size());
    // A line per row: a line break inside a level (an imported free-text factor) would shift
    // every row below it, so it is shown as a space.
    const auto line = [](QString text) { return text.replace(u'\n', u' '); };
    for (const Row& row : rows) {
        labels.append(line(row.label));
        trials.append(QString::number(row.trials));
        for (size_t c = 0; c < metricColumns.size() && c < size_t(row.cells.size()); ++c)
            metricColumns[c].append(line(row.cells[qsizetype(c)]));
    }
    QStringList columns{labels.join(u'\n'), trials.join(u'\n')};
    for (const QStringList& column : metricColumns)
        columns.append(column.join(u'\n'));
    replaceRows(m_rows, std::move(rows));
    if (columns != m_columnTexts) {
        m_columnTexts = std::move(columns);
        emit columnTextsChanged();
    }
}

QVariant MetricTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size())) return {};
    const Row& row = m_rows[size_t(index.row())];
    switch (role) {
    case LabelRole:
        return row.label;
    case TrialsRole:
        return row.trials;
    case CellsRole:
        return row.cells;
    default:
        return {};
    }
}

QHash<int, QByteArray> MetricTableModel::roleNames() const
{
    return {{LabelRole, "label"}, {TrialsRole, "trials"}, {CellsRole, "cells"}};
}
