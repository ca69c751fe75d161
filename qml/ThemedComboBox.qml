import QtQuick
import QtQuick.Controls.Basic

// A drop-down in the house theme. The Basic style's own list draws the highlighted entry as
// dark text on grey (1.9:1); here it is the accent with its own text colour (8.9:1), and
// every other entry the theme's text on a raised surface (11.9:1) - the theme's >= 4.5:1.
ComboBox {
    id: control
    font.pixelSize: Theme.smallFontSize

    delegate: ItemDelegate {
        id: entry
        required property int index
        required property var model
        width: ListView.view ? ListView.view.width : implicitWidth
        highlighted: control.highlightedIndex === index
        font: control.font
        contentItem: Text {
            objectName: "comboEntryText"
            text: control.textRole ? entry.model[control.textRole] : entry.model.modelData
            color: entry.highlighted ? Theme.accentText : Theme.text
            font: control.font
            elide: Text.ElideRight
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            objectName: "comboEntryBackground"
            color: entry.highlighted ? Theme.accent : Theme.surfaceRaised
        }
    }
    popup.background: Rectangle {
        color: Theme.surfaceRaised
        border.color: Theme.border
        radius: 4
    }
}
