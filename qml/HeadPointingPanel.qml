import QtQuick
import Stagelab.Bridge

// A head-pointing trial's "pad": the head as the tracker sees it. Before the sound the listener
// faces front (the trial plays only then); after it, turns the nose to where the sound was and
// confirms. After a practice answer the true direction is shown beside the answer.
FocusScope {
    id: panel
    required property SessionController session
    required property HeadTrackerController tracker
    property real feedbackAzimuthDeg: NaN
    implicitWidth: 320
    implicitHeight: 360

    Column {
        anchors.centerIn: parent
        spacing: 16
        HeadGauge {
            objectName: "headPointingGauge"
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(panel.width, panel.height - 80)
            height: width + 24
            yawDeg: panel.tracker.yawDeg
            pitchDeg: panel.tracker.pitchDeg
            rollDeg: panel.tracker.rollDeg
            live: panel.tracker.receiving
        }
        ThemedText {
            objectName: "headPointingStatus"
            anchors.horizontalCenter: parent.horizontalCenter
            width: panel.width
            horizontalAlignment: Text.AlignHCenter
            color: !panel.session.played && !panel.session.facingFront ? Theme.warning : Theme.text
            text: !isNaN(panel.feedbackAzimuthDeg)
                  ? qsTr("The sound was at %1°.").arg(Math.round(panel.feedbackAzimuthDeg))
                  : !panel.session.played
                  ? (panel.session.facingFront ? qsTr("Facing front: press Play (R).")
                                               : qsTr("Face straight ahead: the sound plays when you do."))
                  : qsTr("Turn your nose to where the sound was, then press Enter (or the tracker's button).")
        }
    }
}
