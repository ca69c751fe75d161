import QtQuick

// A raised panel that groups one thing on a page.
Rectangle {
    default property alias content: column.data
    property alias spacing: column.spacing
    property int padding: 20
    color: Theme.surface
    radius: Theme.radius
    border.color: Theme.border
    implicitWidth: column.implicitWidth + 2 * padding
    implicitHeight: column.implicitHeight + 2 * padding

    Column {
        id: column
        x: parent.padding
        y: parent.padding
        width: parent.width - 2 * parent.padding
        spacing: Theme.spacing
    }
}
