#pragma once
/// A list a person picks one entry from (audio outputs, headphone profiles): an id the engine
/// takes, a name people read, and whether it is the default.

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

class ChoiceModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the start setup")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { ValueRole = Qt::UserRole + 1, NameRole, IsDefaultRole };

    struct Choice
    {
        QString value; ///< What the engine is given ("pulse:1", a profile's path, "" = none).
        QString name;  ///< What people read.
        bool isDefault = false;
    };

    explicit ChoiceModel(QObject* parent = nullptr);
    void setChoices(std::vector<Choice> choices);

    /// The value of row `row`, or "" outside the list (QML: the ComboBox's current entry).
    Q_INVOKABLE QString valueAt(int row) const;

    int count() const { return int(m_choices.size()); }
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void countChanged();

private:
    std::vector<Choice> m_choices;
};
