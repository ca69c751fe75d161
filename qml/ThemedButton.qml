import QtQuick
import QtQuick.Controls.Basic

// A button in the house theme: a primary (filled) or secondary (outlined) look, a visible
// focus ring, and Enter/Return activate it like Space.
Button {
    id: control
    property bool primary: false
    /// Enter/Return click the button; false makes them signal returnPressed() instead (a page
    /// that gives Enter its own meaning). Either way the key is taken here: passed on unaccepted,
    /// desktop themes that press buttons with Return (GNOME's) would click it after all.
    property bool returnClicks: true
    signal returnPressed()
    font.pixelSize: Theme.fontSize
    padding: 12
    // Disabled is unmistakable: faded and flat (WCAG exempts inactive controls from contrast).
    opacity: enabled ? 1 : 0.45
    leftPadding: 20
    rightPadding: 20
    function takeReturn() {
        if (!returnClicks)
            returnPressed();
        else if (enabled)
            clicked();
    }
    Keys.onReturnPressed: takeReturn()
    Keys.onEnterPressed: takeReturn()

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
        color: !control.enabled ? "transparent"
             : control.primary ? (control.down ? Qt.darker(Theme.accent, 1.2) : Theme.accent)
             : (control.down ? Theme.surface : Theme.surfaceRaised)
        readonly property bool focusShown: control.enabled && (control.visualFocus || control.activeFocus)
        border.width: focusShown ? 3 : 1
        border.color: focusShown ? Theme.focusRing : Theme.border
    }
}
