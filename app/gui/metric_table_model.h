#pragma once
/// One kind's metrics per group as a table for QML: a row per group (its label, its trials, the
/// formatted values of the kind's table metrics); the columns and their titles come from the
/// engine's metric catalogue.

#include "gui/list_model.h"

#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <string>

namespace stagelab {
struct AnalysisResult;
}

class MetricTableModel : public ListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the controllers")
    /// "Great-circle error °", ... for the table's metric columns (tableMetrics(kind)).
    Q_PROPERTY(QStringList columnTitles READ columnTitles CONSTANT)
    /// The table by column, each a line per row: the labels, the trials, then a text per metric
    /// column. A view draws a column as one text, so a table of hundreds of groups costs the
    /// window a few items, not thousands.
    Q_PROPERTY(QStringList columnTexts READ columnTexts NOTIFY columnTextsChanged)

public:
    enum Role { LabelRole = Qt::UserRole + 1, TrialsRole, CellsRole };
    /// Who reads the table: researchers get the literature's metrics (tableMetrics), a listener
    /// the few of listenerMetrics in plain words.
    enum class Audience { Researcher, Listener };

    /// A table of the trials of `kind` ("localization" or "width", from an analysis grouped by
    /// kind), or of the answers of a sort ("distance", "externalization", "stage-map": from an
    /// analysis not grouped by kind, a row per group that has such answers).
    explicit MetricTableModel(const std::string& kind, Audience audience = Audience::Researcher,
                              QObject* parent = nullptr);

    /// Shows the groups of `result` whose "kind" level is this table's kind; for an answer
    /// table, the groups with answers of its sort (its trials column counts them).
    void setAnalysis(const stagelab::AnalysisResult& result);
    void clear();

    QStringList columnTitles() const { return m_columnTitles; }
    QStringList columnTexts() const { return m_columnTexts; }
    int count() const override { return int(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void columnTextsChanged();

private:
    struct Row
    {
        QString label;
        int trials = 0;
        QStringList cells;
    };
    void setRows(std::vector<Row> rows);

    std::string m_kind;
    std::string m_countMetric; ///< Answer tables: the metric that counts their answers.
    Audience m_audience;
    std::vector<std::string> m_metrics; // the columns
    QStringList m_columnTitles, m_columnTexts;
    std::vector<Row> m_rows;
};
