import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// Shown over any page while the audio output has failed: what happened, that nothing answered is
// lost, and a way to continue on another (or the returned) device.
Rectangle {
    id: panel
    required property Bridge bridge
    readonly property SessionController session: bridge.session
    visible: session.audioError !== ""
    color: Qt.rgba(0, 0, 0, 0.7)
    MouseArea { anchors.fill: parent } // the page below waits
    // The panel takes the keyboard while it is up: Enter continues, nothing reaches the page below.
    onVisibleChanged: if (visible) { bridge.setup.refreshAudioDevices(); continueButton.forceActiveFocus(); }

    Card {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 680)
        ThemedText { text: qsTr("The sound stopped"); font.pixelSize: Theme.headingFontSize; font.bold: true; color: Theme.danger }
        ThemedText { objectName: "audioErrorText"; width: parent.width; text: panel.session.audioError }
        ThemedText {
            width: parent.width
            text: qsTr("Every answer given so far is saved. Reconnect the device (or choose another one) and continue: the current trial will play again from the start.")
        }
        RowLayout {
            width: parent.width
            ThemedComboBox {
                id: deviceBox
                objectName: "recoveryDeviceBox"
                Layout.fillWidth: true
                model: panel.bridge.setup.audioDevices
                textRole: "name"
                displayText: panel.bridge.setup.audioDevices.count === 0 ? qsTr("No audio output found") : currentText
            }
            ThemedButton { text: qsTr("Refresh"); onClicked: panel.bridge.setup.refreshAudioDevices() }
        }
        ThemedButton {
            id: continueButton
            objectName: "continueAudioButton"
            primary: true
            text: qsTr("Continue on this device")
            onClicked: panel.session.switchAudioDevice(panel.bridge.setup.audioDevices.valueAt(Math.max(0, deviceBox.currentIndex)))
        }
    }
}
