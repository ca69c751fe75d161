import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// Shown at the start of each block: what this block asks, and how to answer.
FocusScope {
    id: page
    required property SessionController session
    readonly property bool widthBlock: session.responseMode === SessionController.WidthEdges

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 760)
        spacing: 18
        ThemedText { text: page.session.blockName; font.pixelSize: Theme.titleFontSize; font.bold: true; Layout.fillWidth: true }
        ThemedText {
            visible: page.session.training
            Layout.fillWidth: true
            color: Theme.target
            text: qsTr("Practice: after each answer you will see where the sound really was. These answers are kept apart from the test.")
        }
        ThemedText {
            Layout.fillWidth: true
            text: page.widthBlock
                  ? qsTr("Listen to each sound and mark how wide it is: drag out the two handles on the ring to its left and right edges. The shaded part is the width you give.")
                  : page.session.responseMode === SessionController.AzimuthElevation
                    ? qsTr("Listen to each sound and mark where it comes from: click the ring (seen from above, nose up) for the direction, and the arc on the right for the height.")
                    : qsTr("Listen to each sound and mark where it comes from: click the ring around the head (seen from above, nose up). Sounds may come from behind you.")
        }
        ThemedText {
            Layout.fillWidth: true
            muted: true
            text: qsTr("Keyboard: R plays (and replays) the sound; the arrow keys move your answer (Shift for fine steps)%1; Enter confirms.")
                  .arg(page.widthBlock ? qsTr("; Up/Down choose the left or right edge") : "")
        }
        // The experiment's words for the listener (its "instructions"; never its description,
        // which is the experimenter's).
        ThemedText { objectName: "listenerInstructions"; visible: page.session.instructions !== ""; Layout.fillWidth: true; text: page.session.instructions }
        ThemedButton {
            objectName: "beginBlockButton"
            primary: true
            text: qsTr("Begin")
            focus: true
            onClicked: page.session.beginBlock()
        }
    }
}
