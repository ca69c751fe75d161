import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// Before the first trial: set a comfortable level with the reference noise, and check that the
// left and right channels reach the left and right ears.
FocusScope {
    id: page
    required property CalibrationController calibration
    required property HeadTrackerController tracker
    /// What opening the session found (a resume, a repaired line): for the experimenter, who
    /// sets up this page with the listener.
    property var notices: []

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 760)
        spacing: 18

        ThemedText {
            text: page.calibration.device === "" ? qsTr("Calibration") : qsTr("Calibration: %1").arg(page.calibration.device)
            font.pixelSize: Theme.titleFontSize
            font.bold: true
        }
        ThemedText {
            Layout.fillWidth: true
            text: qsTr("Put the headphones on (left cup on the left ear). Play the reference noise — it is at the loudness every sound in this test will have (%1 LUFS) — and set the volume so it is clearly audible and comfortable, about as loud as a conversation.").arg(page.calibration.levelLufs)
        }
        ThemedText {
            objectName: "sessionNotices"
            visible: page.notices.length > 0
            Layout.fillWidth: true
            muted: true
            font.pixelSize: Theme.smallFontSize
            text: page.notices.join("\n")
        }
        DeviceCalibrationCard { Layout.fillWidth: true; calibration: page.calibration }
        // Only where a tracker is on: put on the headphones with it, check it turns the right way.
        HeadTrackerPanel { objectName: "calibrationTrackerPanel"; Layout.fillWidth: true; tracker: page.tracker; compact: true; visible: page.tracker.listening }
        Card {
            Layout.fillWidth: true
            ThemedText { text: qsTr("Left/right check"); font.bold: true }
            ThemedText { width: parent.width; muted: true; text: qsTr("A short noise plays in one ear. Which ear did the sound come from?") }
            RowLayout {
                spacing: Theme.spacing
                ThemedButton { objectName: "channelCheckButton"; text: qsTr("Play in one ear"); onClicked: page.calibration.playChannelCheck() }
                ThemedButton { objectName: "leftEarButton"; text: qsTr("Left ear"); enabled: page.calibration.channelCheck === CalibrationController.Asked; onClicked: page.calibration.answerChannelCheck(CalibrationController.Left) }
                ThemedButton { objectName: "rightEarButton"; text: qsTr("Right ear"); enabled: page.calibration.channelCheck === CalibrationController.Asked; onClicked: page.calibration.answerChannelCheck(CalibrationController.Right) }
            }
            // Always there (empty until an answer), so the page does not shift when it appears.
            ThemedText {
                objectName: "channelCheckVerdict"
                width: parent.width
                height: Math.max(implicitHeight, 2 * Theme.fontSize * 1.4)
                color: page.calibration.channelCheck === CalibrationController.Correct ? Theme.target : Theme.danger
                text: page.calibration.channelCheck === CalibrationController.Correct
                      ? qsTr("Correct: left and right are the right way round.")
                      : page.calibration.channelCheck !== CalibrationController.Wrong ? ""
                      : qsTr("That was the other ear. The headphones may be on the wrong way round, or the channels swapped. Check and try again.")
            }
        }
        RowLayout {
            spacing: Theme.spacing
            ThemedButton {
                objectName: "finishCalibrationButton"
                primary: true
                text: qsTr("Continue")
                enabled: page.calibration.channelCheck === CalibrationController.Correct
                onClicked: page.calibration.finishCalibration()
            }
            ThemedText {
                objectName: "finishCalibrationReason"
                Layout.fillWidth: true
                muted: true
                text: page.calibration.channelCheck === CalibrationController.Correct ? ""
                      : qsTr("Continue opens once the left/right check has been answered correctly.")
            }
        }
    }
}
