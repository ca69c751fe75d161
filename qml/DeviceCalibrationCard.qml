import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// A device's level calibration: the reference noise through the device's EQ, the volume, an
// optional SPL meter reading, and saving it with the device for this and later sessions.
Card {
    id: card
    required property CalibrationController calibration
    property bool showSave: calibration.device !== ""

    RowLayout {
        width: parent.width
        spacing: Theme.spacing
        ThemedButton {
            objectName: "referenceButton"
            text: card.calibration.referencePlaying ? qsTr("Stop reference") : qsTr("Play reference noise")
            onClicked: card.calibration.referencePlaying ? card.calibration.stopReference() : card.calibration.playReference()
        }
        ThemedButton { Layout.preferredWidth: 52; text: "−"; Accessible.name: qsTr("Quieter"); onClicked: card.calibration.gainDb = Math.max(card.calibration.minimumGainDb, card.calibration.gainDb - 1) }
        Slider {
            objectName: "volumeSlider"
            Layout.fillWidth: true
            from: card.calibration.minimumGainDb
            to: card.calibration.maximumGainDb
            stepSize: 0.5
            value: card.calibration.gainDb
            onMoved: card.calibration.gainDb = value
        }
        ThemedButton { Layout.preferredWidth: 52; text: "+"; Accessible.name: qsTr("Louder"); onClicked: card.calibration.gainDb = Math.min(card.calibration.maximumGainDb, card.calibration.gainDb + 1) }
        ThemedText { text: (card.calibration.gainDb >= 0 ? "+" : "") + card.calibration.gainDb.toFixed(1) + " dB"; Layout.preferredWidth: 90 }
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
            text: qsTr("Save for %1").arg(card.calibration.device)
            onClicked: card.calibration.saveDeviceCalibration(splField.text)
        }
    }
    ThemedText {
        visible: card.calibration.errorMessage !== ""
        width: parent.width
        color: Theme.danger
        text: card.calibration.errorMessage
    }
    ThemedText {
        visible: card.showSave
        objectName: "deviceCalibrationStatus"
        width: parent.width
        muted: true
        font.pixelSize: Theme.smallFontSize
        text: card.calibration.deviceStatus
    }
}
