#pragma once
/// What every list model of the bridge shares: a `count` property QML binds to, and rows that
/// are replaced as a whole (a reset, then countChanged if the number changed).

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

class ListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    using QAbstractListModel::QAbstractListModel;

    /// The number of rows.
    virtual int count() const = 0;
    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : count();
    }

signals:
    void countChanged();

protected:
    /// Replaces `rows` by `replacement`, telling the views.
    template <typename Row> void replaceRows(std::vector<Row>& rows, std::vector<Row> replacement)
    {
        const bool countChanges = replacement.size() != rows.size();
        beginResetModel();
        rows = std::move(replacement);
        endResetModel();
        if (countChanges) emit countChanged();
    }
};
