import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// The head tracker, for the experimenter (Start and Calibration pages): the UDP port it listens
// on, what arrives, the head as it turns, recentring, and "tracker lost" after 0.5 s of silence.
Card {
    id: panel
    required property HeadTrackerController tracker
    /// Whether the chosen experiment needs a tracker (its head-tracked or head-pointing blocks).
    property bool needed: false
    /// One row (the Calibration page, where the listener checks the gauge turns with the head):
    /// no port, no explanations.
    property bool compact: false

    ThemedText { text: qsTr("Head tracker"); font.bold: true; visible: !panel.compact }
    ThemedText {
        visible: !panel.compact
        width: parent.width
        muted: true
        font.pixelSize: Theme.smallFontSize
        text: panel.needed ? qsTr("This experiment renders for a tracked head or asks the listener to point with the nose: it needs a tracker sending OSC (/ypr, /quaternion, /SceneRotator/…, SALTE's /rendering/htrpy).")
                           : qsTr("Optional: with a tracker sending OSC, every trial records how the head moved.")
    }
    RowLayout {
        visible: !panel.compact
        width: parent.width
        spacing: Theme.spacing
        ThemedText { text: qsTr("UDP port") }
        TextField {
            id: portField
            objectName: "trackerPortField"
            text: panel.tracker.port.toString()
            validator: IntValidator { bottom: 1; top: 65535 }
            implicitWidth: 90
            color: Theme.text
            background: Rectangle { color: Theme.surfaceRaised; radius: 4; border.color: Theme.border }
            onAccepted: panel.tracker.listen(parseInt(text))
        }
        ThemedButton {
            objectName: "trackerListenButton"
            text: panel.tracker.listening ? qsTr("Stop") : qsTr("Listen")
            onClicked: panel.tracker.listening ? panel.tracker.stop() : panel.tracker.listen(parseInt(portField.text))
        }
        ThemedButton {
            objectName: "trackerRecenterButton"
            text: qsTr("Recenter")
            enabled: panel.tracker.receiving
            onClicked: panel.tracker.recenter()
        }
        Item { Layout.fillWidth: true }
    }
    RowLayout {
        visible: !panel.compact
        spacing: Theme.spacing
        ThemedText { text: qsTr("Invert"); muted: true; font.pixelSize: Theme.smallFontSize }
        Repeater {
            model: [{name: qsTr("yaw"), key: "invertYaw"}, {name: qsTr("pitch"), key: "invertPitch"}, {name: qsTr("roll"), key: "invertRoll"}]
            CheckBox {
                required property var modelData
                objectName: modelData.key + "Box"
                text: modelData.name
                checked: panel.tracker[modelData.key]
                onToggled: panel.tracker[modelData.key] = checked
                contentItem: ThemedText { text: parent.text; leftPadding: parent.indicator.width + 4; font.pixelSize: Theme.smallFontSize; verticalAlignment: Text.AlignVCenter }
            }
        }
        ThemedText { text: qsTr("Recenter: Ctrl+R, or /recenter"); muted: true; font.pixelSize: Theme.smallFontSize }
    }
    RowLayout {
        width: parent.width
        spacing: Theme.spacing * 2
        HeadGauge {
            objectName: "headGauge"
            Layout.preferredWidth: panel.compact ? 64 : 110
            Layout.preferredHeight: panel.compact ? 84 : 130
            yawDeg: panel.tracker.yawDeg
            pitchDeg: panel.tracker.pitchDeg
            rollDeg: panel.tracker.rollDeg
            live: panel.tracker.receiving
        }
        Column {
            Layout.fillWidth: true
            spacing: 6
            ThemedText {
                objectName: "trackerStatus"
                width: parent.width
                color: panel.tracker.error !== "" || panel.tracker.lost ? Theme.danger
                       : panel.tracker.receiving ? Theme.target : Theme.textMuted
                text: panel.tracker.error !== "" ? panel.tracker.error
                      : !panel.tracker.listening ? qsTr("Not listening.")
                      : panel.tracker.lost ? qsTr("Tracker lost: nothing on port %1 for 0.5 s.").arg(panel.tracker.port)
                      : qsTr("Receiving %1 orientations per second on port %2.").arg(panel.tracker.packetsPerSecond).arg(panel.tracker.port)
            }
            ThemedText {
                width: parent.width
                visible: panel.tracker.refused !== ""
                muted: true
                font.pixelSize: Theme.smallFontSize
                text: qsTr("Ignored: %1").arg(panel.tracker.refused)
            }
            ThemedText {
                width: parent.width
                muted: true
                font.pixelSize: Theme.smallFontSize
                text: qsTr("Turn your head to the left: the gauge's nose must turn left too. If it turns the other way, the tracker's yaw is inverted.")
            }
            ThemedButton {
                visible: panel.compact
                text: qsTr("Recenter")
                enabled: panel.tracker.receiving
                onClicked: panel.tracker.recenter()
            }
        }
    }
}
