#pragma once
/// Within-participant comparisons of two levels as a table for QML: a row per metric and
/// within-group (overall, then per model), its numbers formatted for people.

#include "gui/list_model.h"

#include <QtQml/qqmlregistration.h>

#include <vector>

namespace stagelab {
struct Comparison;
}

class ComparisonModel : public ListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the results browser")

public:
    enum Role {
        WithinRole = Qt::UserRole + 1, ///< "all" or the model compared within.
        MetricRole,
        PairsRole,
        MeanARole,
        MeanBRole,
        DifferenceRole, ///< "B - A [low, high]".
        PRole,
        EffectRole,       ///< "r / dz".
        ExcludesZeroRole, ///< The interval lies on one side of 0.
        VerdictRole,
    };

    /// One row of the table, as it is shown.
    struct Row
    {
        QString within, metric, pairs, meanA, meanB, difference, p, effect, verdict;
        bool excludesZero = false;
    };
    /// A row for `comparison` within `within`, with the verdict sentence already made.
    static Row rowFor(const stagelab::Comparison& comparison, const QString& within,
                      const QString& verdict);

    explicit ComparisonModel(QObject* parent = nullptr);
    void setRows(std::vector<Row> rows);
    const std::vector<Row>& rows() const { return m_rows; }

    int count() const override { return int(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<Row> m_rows;
};
