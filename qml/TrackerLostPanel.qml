import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// Over a trial that needs the head tracker while it has none (or it fell silent): what happened,
// that nothing answered is lost, and that the trial plays again from its start once it is back.
Rectangle {
    id: panel
    required property Bridge bridge
    readonly property SessionController session: bridge.session
    visible: session.trackerProblem !== "" && session.audioError === ""
    color: Qt.rgba(0, 0, 0, 0.7)
    MouseArea { anchors.fill: parent } // the page below waits

    Card {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 680)
        ThemedText { text: qsTr("Waiting for the head tracker"); font.pixelSize: Theme.headingFontSize; font.bold: true; color: Theme.warning }
        ThemedText { objectName: "trackerProblemText"; width: parent.width; text: panel.session.trackerProblem }
        ThemedText {
            width: parent.width
            text: qsTr("Every answer given so far is saved. Check the tracker (its battery, its connection, the port): the trial continues on its own as soon as orientations arrive again, and plays again from the start.")
        }
        HeadTrackerPanel { width: parent.width; tracker: panel.bridge.tracker; needed: true }
    }
}
