#pragma once
/// A list a person picks one entry from (audio outputs, headphone profiles): an id the engine
/// takes, a name people read, and whether it is the default.

#include "gui/list_model.h"

#include <QtQml/qqmlregistration.h>

#include <vector>

class ChoiceModel : public ListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the start setup")

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

    int count() const override { return int(m_choices.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<Choice> m_choices;
};
