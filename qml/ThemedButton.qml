import QtQuick
import QtQuick.Controls.Basic

// A button in the house theme: a primary (filled) or secondary (outlined) look, a visible
// focus ring, and Enter/Return activate it like Space.
Button {
    id: control
    property bool primary: false
    font.pixelSize: Theme.fontSize
    padding: 12
    leftPadding: 20
    rightPadding: 20
    Keys.onReturnPressed: if (enabled) clicked()
    Keys.onEnterPressed: if (enabled) clicked()

    contentItem: Text {
        text: control.text
        font: control.font
        color: !control.enabled ? Theme.textMuted : control.primary ? Theme.accentText : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        implicitWidth: 120
        implicitHeight: 44
        radius: Theme.radius
        color: !control.enabled ? Theme.surface
             : control.primary ? (control.down ? Qt.darker(Theme.accent, 1.2) : Theme.accent)
             : (control.down ? Theme.surface : Theme.surfaceRaised)
        border.width: control.visualFocus || control.activeFocus ? 3 : 1
        border.color: control.visualFocus || control.activeFocus ? Theme.focusRing : Theme.border
    }
}
