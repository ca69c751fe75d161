import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A question in the house style: a title, an explanation, and two themed buttons - the safe
// choice (which has the keyboard, so Enter never does the drastic thing by accident) and the
// one that acts. accepted() means the listener chose to act.
Dialog {
    id: dialog
    property string text
    property string acceptText: qsTr("OK")
    property string rejectText: qsTr("Cancel")
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 560, 560)
    padding: 24
    onOpened: rejectButton.forceActiveFocus()

    background: Rectangle {
        color: Theme.surface
        radius: Theme.radius
        border.color: Theme.border
        border.width: 2
    }
    header: ThemedText {
        text: dialog.title
        wrapMode: Text.NoWrap
        padding: 24
        bottomPadding: 0
        font.pixelSize: Theme.headingFontSize
        font.bold: true
    }
    contentItem: ThemedText { text: dialog.text }
    footer: RowLayout {
        spacing: Theme.spacing
        Item { Layout.fillWidth: true }
        ThemedButton {
            id: rejectButton
            objectName: dialog.objectName + "Reject"
            text: dialog.rejectText
            onClicked: dialog.reject()
        }
        ThemedButton {
            objectName: dialog.objectName + "Accept"
            primary: true
            text: dialog.acceptText
            onClicked: dialog.accept()
        }
        Item { Layout.preferredWidth: 12 }
    }
}
