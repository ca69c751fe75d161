#include "gui/comparison_model.h"

#include "analysis/metric_catalogue.h"

#include "analysis/statistics.h"
#include "report/html.h"
#include "util/number_format.h"

#include <cmath>

using namespace stagelab;

namespace {
QString fixed(double value, int decimals)
{
    return std::isfinite(value) ? QString::fromStdString(formatNumberFixed(value, decimals))
                                : QStringLiteral("–");
}
} // namespace

ComparisonModel::Row ComparisonModel::rowFor(const Comparison& c, const QString& within,
                                             const QString& verdict)
{
    Row row;
    row.within = within;
    row.metric = QString::fromStdString(c.metric);
    row.pairs = QString::number(qulonglong(c.n));
    // Ratios and rank correlations live near 1: as many decimals as the metric's tables show.
    const int decimals = metricDecimals(c.metric);
    row.meanA = fixed(c.meanA, decimals);
    row.meanB = fixed(c.meanB, decimals);
    row.difference = fixed(c.meanDifference, decimals) + QStringLiteral(" [") +
                     fixed(c.ciLow, decimals) + QStringLiteral(", ") + fixed(c.ciHigh, decimals) +
                     QStringLiteral("]");
    row.p = std::isfinite(c.wilcoxonP) ? QString::fromStdString(formatP(c.wilcoxonP))
                                       : QStringLiteral("–");
    row.effect = fixed(c.rankBiserial, 2) + QStringLiteral(" / ") + fixed(c.cohenDz, 2);
    row.excludesZero = c.ciLow > 0 || c.ciHigh < 0;
    row.verdict = verdict;
    return row;
}

ComparisonModel::ComparisonModel(QObject* parent) : ListModel(parent) {}

void ComparisonModel::setRows(std::vector<Row> rows)
{
    replaceRows(m_rows, std::move(rows));
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size())) return {};
    const Row& row = m_rows[size_t(index.row())];
    switch (role) {
    case WithinRole:
        return row.within;
    case MetricRole:
        return row.metric;
    case PairsRole:
        return row.pairs;
    case MeanARole:
        return row.meanA;
    case MeanBRole:
        return row.meanB;
    case DifferenceRole:
        return row.difference;
    case PRole:
        return row.p;
    case EffectRole:
        return row.effect;
    case ExcludesZeroRole:
        return row.excludesZero;
    case VerdictRole:
        return row.verdict;
    default:
        return {};
    }
}

QHash<int, QByteArray> ComparisonModel::roleNames() const
{
    return {{WithinRole, "within"},
            {MetricRole, "metric"},
            {PairsRole, "pairs"},
            {MeanARole, "meanA"},
            {MeanBRole, "meanB"},
            {DifferenceRole, "difference"},
            {PRole, "p"},
            {EffectRole, "effect"},
            {ExcludesZeroRole, "excludesZero"},
            {VerdictRole, "verdict"}};
}
