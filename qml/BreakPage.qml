import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// A rest between trials; the experiment may ask for a minimum length.
FocusScope {
    id: page
    required property SessionController session
    property int elapsedS: 0
    readonly property int remainingS: Math.max(0, Math.ceil(session.breakMinimumS) - elapsedS)

    Timer { interval: 1000; running: true; repeat: true; onTriggered: page.elapsedS += 1 }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 640)
        spacing: 18
        ThemedText { text: qsTr("Take a break"); font.pixelSize: Theme.titleFontSize; font.bold: true }
        ThemedText {
            Layout.fillWidth: true
            text: qsTr("%1 of %2 trials done. Rest your ears; you may take the headphones off.").arg(page.session.trialNumber - 1).arg(page.session.trialCount)
        }
        ThemedText {
            objectName: "breakTimer"
            text: page.remainingS > 0 ? qsTr("You can go on in %1 s").arg(page.remainingS)
                                      : qsTr("Break: %1:%2").arg(Math.floor(page.elapsedS / 60)).arg(("0" + page.elapsedS % 60).slice(-2))
            font.pixelSize: Theme.headingFontSize
            color: Theme.accent
        }
        ThemedButton {
            objectName: "endBreakButton"
            primary: true
            focus: true
            text: qsTr("Continue")
            enabled: page.remainingS === 0
            onClicked: page.session.endBreak()
        }
    }
}
