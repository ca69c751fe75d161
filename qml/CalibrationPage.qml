import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// Before the first trial: set a comfortable level with the reference noise, and check that the
// left and right channels reach the left and right ears.
FocusScope {
    id: page
    required property SessionController session

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 760)
        spacing: 18

        ThemedText {
            text: page.session.calibrationDevice === "" ? qsTr("Calibration") : qsTr("Calibration: %1").arg(page.session.calibrationDevice)
            font.pixelSize: Theme.titleFontSize
            font.bold: true
        }
        ThemedText {
            Layout.fillWidth: true
            text: qsTr("Put the headphones on (left cup on the left ear). Play the reference noise — it is at the loudness every sound in this test will have (%1 LUFS) — and set the volume so it is clearly audible and comfortable, about as loud as a conversation.").arg(page.session.levelLufs)
        }
        DeviceCalibrationCard { Layout.fillWidth: true; session: page.session }
        Card {
            Layout.fillWidth: true
            ThemedText { text: qsTr("Left/right check"); font.bold: true }
            ThemedText { width: parent.width; muted: true; text: qsTr("A short noise plays in one ear. Which ear did the sound come from?") }
            RowLayout {
                spacing: Theme.spacing
                ThemedButton { objectName: "channelCheckButton"; text: qsTr("Play in one ear"); onClicked: page.session.playChannelCheck() }
                ThemedButton { objectName: "leftEarButton"; text: qsTr("Left ear"); enabled: page.session.channelCheckResult === "asked"; onClicked: page.session.answerChannelCheck("left") }
                ThemedButton { objectName: "rightEarButton"; text: qsTr("Right ear"); enabled: page.session.channelCheckResult === "asked"; onClicked: page.session.answerChannelCheck("right") }
            }
            ThemedText {
                width: parent.width
                visible: page.session.channelCheckResult === "correct" || page.session.channelCheckResult === "wrong"
                color: page.session.channelCheckResult === "correct" ? Theme.target : Theme.danger
                text: page.session.channelCheckResult === "correct"
                      ? qsTr("Correct: left and right are the right way round.")
                      : qsTr("That was the other ear. The headphones may be on the wrong way round, or the channels swapped. Check and try again.")
            }
        }
        ThemedButton {
            objectName: "finishCalibrationButton"
            primary: true
            text: qsTr("Continue")
            enabled: page.session.channelCheckResult === "correct"
            onClicked: page.session.finishCalibration()
        }
    }
}
