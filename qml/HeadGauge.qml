import QtQuick

// The head from above, turned as the tracker says: the nose points along the yaw (+ = LEFT,
// counter-clockwise on screen), a tick marks straight ahead; pitch and roll as numbers below.
Item {
    id: gauge
    property real yawDeg: 0
    property real pitchDeg: 0
    property real rollDeg: 0
    property bool live: true
    implicitWidth: 120
    implicitHeight: 140

    Item {
        id: dial
        width: Math.min(gauge.width, gauge.height - 24)
        height: width
        anchors.horizontalCenter: parent.horizontalCenter
        Rectangle { // the room: straight ahead at the top
            anchors.fill: parent
            radius: width / 2
            color: "transparent"
            border.color: Theme.border
            border.width: 2
        }
        Rectangle {
            width: 2; height: 8; color: Theme.target
            anchors.horizontalCenter: parent.horizontalCenter
        }
        Item { // the head, turned: Qt's rotation is clockwise, a left turn counter-clockwise
            anchors.fill: parent
            rotation: -gauge.yawDeg
            Rectangle {
                width: parent.width * 0.42; height: width * 1.1; radius: width / 2
                anchors.centerIn: parent
                color: gauge.live ? Theme.surfaceRaised : Theme.surface
                border.color: gauge.live ? Theme.accent : Theme.border
                border.width: 2
            }
            Rectangle { // the nose, just in front of the head
                width: parent.width * 0.08; height: parent.height * 0.11; radius: width / 2
                color: gauge.live ? Theme.accent : Theme.border
                anchors.horizontalCenter: parent.horizontalCenter
                y: parent.height * 0.2
            }
            Repeater { // the ears, left and right
                model: [-1, 1]
                Rectangle {
                    required property int modelData
                    width: parent.width * 0.03; height: parent.height * 0.08; radius: width / 2
                    color: Theme.border
                    x: parent.width / 2 + modelData * parent.width * 0.22 - width / 2
                    y: parent.height / 2 - height / 2
                }
            }
        }
    }
    ThemedText {
        anchors.top: dial.bottom
        anchors.topMargin: 4
        anchors.horizontalCenter: parent.horizontalCenter
        width: gauge.width
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.smallFontSize
        muted: true
        text: qsTr("yaw %1°  pitch %2°  roll %3°").arg(gauge.yawDeg.toFixed(0)).arg(gauge.pitchDeg.toFixed(0)).arg(gauge.rollDeg.toFixed(0))
    }
}
