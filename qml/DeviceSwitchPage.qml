import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// "Put on: <device>": the next trials play through another pair of headphones or IEMs.
FocusScope {
    id: page
    required property SessionController session
    required property CalibrationController calibration

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 760)
        spacing: 18
        ThemedText { text: qsTr("Put on: %1").arg(page.session.deviceName); objectName: "deviceSwitchTitle"; font.pixelSize: Theme.titleFontSize; font.bold: true; Layout.fillWidth: true }
        ThemedText {
            Layout.fillWidth: true
            text: qsTr("Change to this device now and seat it well (IEMs: the usual tips, fully inserted). The next trials play through it.")
        }
        ThemedText {
            Layout.fillWidth: true
            muted: true
            text: qsTr("Its level is matched to the other devices of the study. To set or check its volume, play the reference noise through it:")
        }
        DeviceCalibrationCard { Layout.fillWidth: true; calibration: page.calibration }
        ThemedButton {
            objectName: "confirmDeviceButton"
            primary: true
            focus: true
            text: qsTr("I am wearing it — continue")
            onClicked: page.calibration.confirmDeviceSwitch()
        }
    }
}
