import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// The Stagelab window: a header with where the session stands, the page the session is on, the
// audio-failure panel over it, and a confirmation before closing mid-session.
ApplicationWindow {
    id: window
    required property Bridge bridge
    readonly property SessionController session: bridge.session
    property bool browsingResults: false
    property bool closeConfirmed: false

    width: 1280
    height: 800
    minimumWidth: 1024
    minimumHeight: 700
    visible: true
    title: session.sessionActive ? qsTr("Stagelab — %1").arg(session.experimentTitle) : qsTr("Stagelab")
    color: Theme.background
    font.pixelSize: Theme.fontSize
    // The Basic style draws its controls from the palette: give it the theme's colours.
    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.base: Theme.surfaceRaised
    palette.alternateBase: Theme.surface
    palette.text: Theme.text
    palette.button: Theme.surfaceRaised
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textMuted
    palette.light: Theme.border
    palette.midlight: Theme.border
    palette.mid: Theme.surfaceRaised
    palette.dark: Theme.textMuted
    palette.shadow: "#000000"

    Connections {
        target: window.session
        // Back from the audio-error panel: the page takes the keyboard again.
        function onAudioErrorChanged() { if (window.session.audioError === "" && pageLoader.item) pageLoader.item.forceActiveFocus(); }
    }

    onClosing: (close) => {
        if (session.sessionActive && !closeConfirmed) {
            close.accepted = false;
            closeDialog.open();
        }
    }

    header: Rectangle {
        height: 56
        color: Theme.surface
        border.color: Theme.border
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 20
            anchors.rightMargin: 20
            spacing: 16
            ThemedText { text: "Stagelab"; font.pixelSize: Theme.headingFontSize; font.bold: true; color: Theme.accent }
            ThemedText {
                objectName: "progressText"
                Layout.fillWidth: true
                muted: true
                elide: Text.ElideRight
                wrapMode: Text.NoWrap
                text: window.browsingResults ? qsTr("Results browser")
                      : session.page === SessionController.Trial
                        ? qsTr("Trial %1 of %2 · %3%4").arg(session.trialNumber).arg(session.trialCount).arg(session.blockName)
                                                       .arg(session.training ? qsTr(" (practice)") : "")
                      : session.page === SessionController.Instructions
                        ? qsTr("%1 of %2 trials done · next: %3").arg(session.trialNumber - 1).arg(session.trialCount).arg(session.blockName)
                      : session.sessionActive ? session.experimentTitle + " · " + session.participant : ""
            }
            ProgressBar {
                visible: session.sessionActive && !window.browsingResults
                Layout.preferredWidth: 220
                from: 0
                to: Math.max(1, session.trialCount)
                value: session.trialNumber - 1
            }
            ThemedText { visible: session.sessionActive; muted: true; font.pixelSize: Theme.smallFontSize; text: session.audioDeviceName }
        }
    }

    Loader {
        id: pageLoader
        anchors.fill: parent
        anchors.margins: 24
        focus: true
        sourceComponent: {
            if (window.browsingResults)
                return resultsPage;
            switch (window.session.page) {
            case SessionController.Calibration: return calibrationPage;
            case SessionController.Instructions: return instructionsPage;
            case SessionController.Trial: return trialPage;
            case SessionController.Break: return breakPage;
            case SessionController.DeviceSwitch: return deviceSwitchPage;
            case SessionController.Done: return donePage;
            default: return startPage;
            }
        }
        // A page may name the control that should take the keyboard first.
        onLoaded: (item.initialFocus ? item.initialFocus : item).forceActiveFocus()
    }

    Component { id: startPage; StartPage { bridge: window.bridge; onOpenResults: window.browsingResults = true } }
    Component { id: calibrationPage; CalibrationPage { calibration: window.bridge.calibration; tracker: window.bridge.tracker; notices: window.session.notices } }
    Component { id: instructionsPage; InstructionsPage { session: window.session } }
    Component { id: trialPage; TrialPage { session: window.session; tracker: window.bridge.tracker } }
    Component { id: breakPage; BreakPage { session: window.session } }
    Component { id: deviceSwitchPage; DeviceSwitchPage { session: window.session; calibration: window.bridge.calibration } }
    Component {
        id: donePage
        DonePage {
            session: window.session
            onOpenResults: { window.bridge.results.load(window.bridge.setup.resultsFolder); window.browsingResults = true; }
        }
    }
    Component {
        id: resultsPage
        ResultsPage { results: window.bridge.results; defaultFolder: window.bridge.setup.resultsFolder; onBack: window.browsingResults = false }
    }

    AudioErrorPanel { anchors.fill: parent; bridge: window.bridge; objectName: "audioErrorPanel" }
    TrackerLostPanel { anchors.fill: parent; bridge: window.bridge; objectName: "trackerLostPanel" }
    // The tracker's straight ahead, from any page (R alone plays a trial).
    Shortcut { sequence: "Ctrl+R"; context: Qt.ApplicationShortcut; onActivated: window.bridge.tracker.recenter() }

    ConfirmDialog {
        id: closeDialog
        objectName: "closeDialog"
        title: qsTr("Stop the session?")
        text: qsTr("Every answer so far is saved. The session can be resumed later from the Start page with the same participant id.")
        rejectText: qsTr("Keep going")
        acceptText: qsTr("Stop and close")
        onAccepted: { window.closeConfirmed = true; window.session.closeSession(); window.close(); }
    }
}
