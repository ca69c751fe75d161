import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// A device's level calibration: the reference noise through the device's EQ, the volume, an
// optional SPL meter reading, and saving it with the device for this and later sessions.
Card {
    id: card
    required property SessionController session
    property bool showSave: session.calibrationDevice !== ""

    RowLayout {
        width: parent.width
        spacing: Theme.spacing
        ThemedButton {
            objectName: "referenceButton"
            text: card.session.referencePlaying ? qsTr("Stop reference") : qsTr("Play reference noise")
            onClicked: card.session.referencePlaying ? card.session.stopReference() : card.session.playReference()
        }
        ThemedButton { Layout.preferredWidth: 52; text: "−"; Accessible.name: qsTr("Quieter"); onClicked: card.session.gainDb = Math.max(-60, card.session.gainDb - 1) }
        Slider {
            objectName: "volumeSlider"
            Layout.fillWidth: true
            from: -60
            to: 12
            stepSize: 0.5
            value: card.session.gainDb
            onMoved: card.session.gainDb = value
        }
        ThemedButton { Layout.preferredWidth: 52; text: "+"; Accessible.name: qsTr("Louder"); onClicked: card.session.gainDb = Math.min(12, card.session.gainDb + 1) }
        ThemedText { text: (card.session.gainDb >= 0 ? "+" : "") + card.session.gainDb.toFixed(1) + " dB"; Layout.preferredWidth: 90 }
    }
    RowLayout {
        visible: card.showSave
        width: parent.width
        spacing: Theme.spacing
        ThemedText { text: qsTr("SPL meter (optional)") }
        TextField {
            id: splField
            objectName: "splField"
            Layout.preferredWidth: 110
            placeholderText: qsTr("dB SPL")
            validator: DoubleValidator { bottom: 0; top: 140 }
        }
        ThemedButton {
            objectName: "saveCalibrationButton"
            text: qsTr("Save for %1").arg(card.session.calibrationDevice)
            onClicked: card.session.saveDeviceCalibration(splField.text)
        }
    }
    ThemedText {
        visible: card.session.errorMessage !== ""
        width: parent.width
        color: Theme.danger
        text: card.session.errorMessage
    }
    ThemedText {
        visible: card.showSave
        objectName: "deviceCalibrationStatus"
        width: parent.width
        muted: true
        font.pixelSize: Theme.smallFontSize
        text: card.session.deviceCalibrationStatus
    }
}
