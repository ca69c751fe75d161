import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Dialogs
import QtQuick.Layouts
import Stagelab.Bridge

// Before a session: which experiment, who listens, through what. The experiment is checked as
// soon as it is chosen; an interrupted session of this participant is offered for resuming.
FocusScope {
    id: page
    required property Bridge bridge
    readonly property StartSetup setup: bridge.setup
    readonly property string participantProblem: setup.participantProblem(participantField.text)
    readonly property var resumable: participantProblem === "" ? setup.resumableSessions(participantField.text) : []
    /// Those of the chosen experiment: Enter resumes the newest of them, and only they make a
    /// new start ask first. Another experiment's session is offered, not defaulted to.
    readonly property var resumableHere: resumable.filter(s => s.experimentId === setup.experimentId)
    readonly property Item initialFocus: participantField
    signal openResults()

    function audioDeviceId() { return setup.audioDevices.valueAt(deviceBox.currentIndex); }
    function bufferFrames() { return parseInt(bufferBox.currentText); }
    /// Enter in the participant field: resume this participant's interrupted session if there is
    /// one (the usual reason to type an id that has one), else start.
    function startOrResume() {
        if (resumableHere.length > 0)
            resumeSession(resumableHere[0].sessionId);
        else
            startSession();
    }
    function resumeSession(sessionId) {
        bridge.session.resume(sessionId, participantField.text, audioDeviceId(), bufferFrames(), setup.resultsFolder);
    }
    /// The Start button: anew at once, or - with an interrupted session on offer - after asking.
    function requestStart() {
        if (!startButton.enabled)
            return;
        if (resumableHere.length > 0)
            startAnewDialog.open();
        else
            startSession();
    }
    function startSession() {
        if (!startButton.enabled)
            return;
        const profile = setup.experimentDevices === "" ? setup.deviceProfiles.valueAt(profileBox.currentIndex) : "";
        if (bridge.session.start(setup.experimentPath, participantField.text, audioDeviceId(), bufferFrames(),
                                 setup.hrtfPath, setup.resultsFolder, profile))
            page.startingExperiment = setup.experimentPath;
    }
    /// The experiment a start is opening (remembered once the session is open), or "".
    property string startingExperiment: ""
    Connections {
        target: page.bridge.session
        function onSessionOpened() {
            if (page.startingExperiment !== "")
                page.setup.rememberExperiment(page.startingExperiment);
            page.startingExperiment = "";
        }
        function onOpeningChanged() {
            if (!page.bridge.session.opening && page.bridge.session.errorMessage !== "")
                page.startingExperiment = "";
        }
    }

    FileDialog {
        id: experimentDialog
        title: qsTr("Choose an experiment file")
        nameFilters: [qsTr("Experiments (*.json)")]
        onAccepted: page.setup.experimentPath = page.setup.localPath(selectedFile)
    }
    FileDialog {
        id: hrtfDialog
        title: qsTr("Choose a SOFA HRTF file")
        nameFilters: [qsTr("SOFA files (*.sofa)")]
        onAccepted: page.setup.hrtfPath = page.setup.localPath(selectedFile)
    }

    ConfirmDialog {
        id: startAnewDialog
        objectName: "startAnewDialog"
        title: qsTr("Start a new session?")
        text: page.resumableHere.length === 0 ? ""
              : qsTr("%1 has an interrupted session of this experiment with %2 of %3 trials answered. A new session starts from the first trial; the interrupted one stays on disk and can still be resumed.")
                .arg(participantField.text).arg(page.resumableHere[0].answered).arg(page.resumableHere[0].planned)
        rejectText: qsTr("Go back")
        acceptText: qsTr("Start anew")
        onAccepted: page.startSession()
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        GridLayout {
            id: grid
            readonly property real cardWidth: columns === 2 ? (width - columnSpacing) / 2 : width
            width: parent.width
            columns: page.width > 1100 ? 2 : 1
            columnSpacing: 24
            rowSpacing: 16

            Card {
                Layout.preferredWidth: grid.cardWidth
                Layout.alignment: Qt.AlignTop
                ThemedText { text: qsTr("Experiment"); font.pixelSize: Theme.headingFontSize; font.bold: true }
                RowLayout {
                    width: parent.width
                    ThemedComboBox {
                        id: experimentBox
                        objectName: "experimentBox"
                        Layout.fillWidth: true
                        model: page.setup.recentExperiments
                        font.pixelSize: Theme.smallFontSize
                        currentIndex: Math.max(0, model.indexOf(page.setup.experimentPath))
                        onActivated: (index) => page.setup.experimentPath = model[index]
                        displayText: page.setup.experimentPath
                    }
                    ThemedButton { text: qsTr("Browse…"); onClicked: experimentDialog.open() }
                }
                ThemedText { text: page.setup.experimentTitle; font.bold: true; visible: page.setup.experimentValid; width: parent.width }
                ThemedText { text: page.setup.experimentSummary; muted: true; visible: page.setup.experimentValid; width: parent.width }
                ThemedText {
                    objectName: "experimentNotes"
                    visible: page.setup.experimentValid && text !== ""
                    width: parent.width
                    muted: true
                    font.pixelSize: Theme.smallFontSize
                    text: page.setup.experimentNotes
                }
                ThemedText {
                    objectName: "experimentErrors"
                    visible: !page.setup.experimentValid
                    width: parent.width
                    color: Theme.danger
                    text: qsTr("This experiment cannot run:") + "\n• " + page.setup.experimentErrors.join("\n• ")
                }
                ThemedText { text: qsTr("HRTF"); font.bold: true }
                RowLayout {
                    width: parent.width
                    ThemedText {
                        Layout.fillWidth: true
                        text: page.setup.hrtfError !== "" ? page.setup.hrtfError : page.setup.hrtfName
                        color: page.setup.hrtfError !== "" ? Theme.danger : Theme.text
                    }
                    ThemedButton { text: qsTr("Other SOFA…"); onClicked: hrtfDialog.open() }
                    ThemedButton { text: qsTr("Default"); visible: page.setup.hrtfPath !== ""; onClicked: page.setup.hrtfPath = "" }
                }
            }

            Card {
                Layout.preferredWidth: grid.cardWidth
                // Two columns: beside the Experiment card and the tracker panel below it.
                Layout.rowSpan: grid.columns === 2 ? 2 : 1
                Layout.alignment: Qt.AlignTop
                ThemedText { text: qsTr("Listener"); font.pixelSize: Theme.headingFontSize; font.bold: true }
                TextField {
                    id: participantField
                    objectName: "participantField"
                    width: parent.width
                    placeholderText: qsTr("Participant id, e.g. p01 (a pseudonym, not a name)")
                    font.pixelSize: Theme.fontSize
                    focus: true
                    Keys.onReturnPressed: page.startOrResume()
                    Keys.onEnterPressed: page.startOrResume()
                }
                ThemedText {
                    visible: participantField.text.length > 0 && page.participantProblem !== ""
                    text: page.participantProblem
                    color: Theme.warning
                    width: parent.width
                }
                Repeater {
                    model: page.resumable
                    RowLayout {
                        required property var modelData
                        width: parent.width
                        readonly property bool isDefault: page.resumableHere.length > 0
                                                          && modelData.sessionId === page.resumableHere[0].sessionId
                        ThemedText {
                            Layout.fillWidth: true
                            color: Theme.warning
                            text: qsTr("Interrupted session %1: %2 of %3 trials answered")
                                  .arg(modelData.sessionId).arg(modelData.answered).arg(modelData.planned)
                        }
                        ThemedButton {
                            objectName: "resumeButton"
                            enabled: !page.bridge.session.opening
                            primary: parent.isDefault // resuming it is what Enter does here
                            text: parent.isDefault ? qsTr("Resume (Enter)") : qsTr("Resume")
                            onClicked: page.resumeSession(modelData.sessionId)
                        }
                    }
                }
                ThemedText { text: qsTr("Audio output"); font.bold: true }
                RowLayout {
                    width: parent.width
                    ThemedComboBox {
                        id: deviceBox
                        objectName: "deviceBox"
                        Layout.fillWidth: true
                        model: page.setup.audioDevices
                        textRole: "name"
                        font.pixelSize: Theme.smallFontSize
                        displayText: page.setup.audioDevices.count === 0 ? qsTr("No audio output found") : currentText
                    }
                    ThemedComboBox {
                        id: bufferBox
                        model: ["64", "128", "256", "512", "1024"]
                        currentIndex: 1
                        font.pixelSize: Theme.smallFontSize
                        implicitWidth: 110
                    }
                    ThemedButton { text: qsTr("Refresh"); onClicked: page.setup.refreshAudioDevices() }
                }
                ThemedText { text: qsTr("Buffer in frames: smaller is more responsive, larger is safer on a busy computer."); muted: true; font.pixelSize: Theme.smallFontSize; width: parent.width }
                ThemedText { text: qsTr("Headphones"); font.bold: true }
                ThemedText {
                    visible: page.setup.experimentDevices !== ""
                    width: parent.width
                    text: qsTr("The experiment names its devices: %1. Their profiles, EQ and levels come from it.").arg(page.setup.experimentDevices)
                }
                ThemedComboBox {
                    id: profileBox
                    objectName: "profileBox"
                    visible: page.setup.experimentDevices === ""
                    width: parent.width
                    model: page.setup.deviceProfiles
                    textRole: "name"
                    font.pixelSize: Theme.smallFontSize
                }
                ThemedText { text: qsTr("Results go to %1").arg(page.setup.resultsFolder); muted: true; font.pixelSize: Theme.smallFontSize; width: parent.width }
                ThemedText {
                    objectName: "startError"
                    visible: page.bridge.session.errorMessage !== ""
                    text: page.bridge.session.errorMessage
                    color: Theme.danger
                    width: parent.width
                }
                // Opening takes a moment (the audio device, a first HRTF load at a new rate): after
                // 200 ms it says so, and the window goes on drawing meanwhile.
                RowLayout {
                    objectName: "openingProgress"
                    visible: openingShown.shown
                    spacing: Theme.spacing
                    BusyIndicator { running: parent.visible; Layout.preferredWidth: 28; Layout.preferredHeight: 28 }
                    ThemedText { text: qsTr("Opening the session…"); muted: true }
                    Timer {
                        id: openingShown
                        property bool shown: false
                        interval: 200
                        running: page.bridge.session.opening
                        onTriggered: shown = true
                        onRunningChanged: if (!running) shown = false
                    }
                }
                RowLayout {
                    spacing: Theme.spacing
                    ThemedButton {
                        id: startButton
                        objectName: "startButton"
                        primary: page.resumableHere.length === 0
                        text: page.resumableHere.length === 0 ? qsTr("Start session") : qsTr("Start a new session…")
                        enabled: page.setup.experimentValid && participantField.text.length > 0 && page.participantProblem === ""
                                 && page.setup.hrtfError === "" && !page.bridge.session.opening
                        onClicked: page.requestStart()
                    }
                    ThemedButton { objectName: "openResultsButton"; text: qsTr("Results browser"); onClicked: page.openResults() }
                }
            }
            HeadTrackerPanel {
                objectName: "startTrackerPanel"
                Layout.preferredWidth: grid.cardWidth
                Layout.alignment: Qt.AlignTop
                tracker: page.bridge.tracker
                needed: page.setup.experimentNeedsHeadTracker
            }
        }
    }
}
