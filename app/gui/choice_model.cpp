#include "gui/choice_model.h"

ChoiceModel::ChoiceModel(QObject* parent) : ListModel(parent) {}

void ChoiceModel::setChoices(std::vector<Choice> choices)
{
    replaceRows(m_choices, std::move(choices));
}

QString ChoiceModel::valueAt(int row) const
{
    return row >= 0 && row < int(m_choices.size()) ? m_choices[size_t(row)].value : QString();
}

QVariant ChoiceModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_choices.size())) return {};
    const Choice& choice = m_choices[size_t(index.row())];
    switch (role) {
    case ValueRole:
        return choice.value;
    case NameRole:
        return choice.name;
    case IsDefaultRole:
        return choice.isDefault;
    default:
        return {};
    }
}

QHash<int, QByteArray> ChoiceModel::roleNames() const
{
    return {{ValueRole, "value"}, {NameRole, "name"}, {IsDefaultRole, "isDefault"}};
}
