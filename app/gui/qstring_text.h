#pragma once
/// Engine strings (UTF-8 std::string) as the QStrings QML shows.

#include <QString>

#include <string>

namespace stagelab::gui {

inline QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

} // namespace stagelab::gui
