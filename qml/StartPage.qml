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
    readonly property Item initialFocus: participantField
    signal openResults()

    function audioDeviceId() { return setup.audioDevices.valueAt(deviceBox.currentIndex); }
    function bufferFrames() { return parseInt(bufferBox.currentText); }
    function startSession() {
        if (!startButton.enabled)
            return;
        const profile = setup.experimentDevices === "" ? setup.deviceProfiles.valueAt(profileBox.currentIndex) : "";
        if (bridge.session.start(setup.experimentPath, participantField.text, audioDeviceId(), bufferFrames(),
                                 setup.hrtfPath, setup.resultsFolder, profile))
            setup.rememberExperiment(setup.experimentPath);
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
                    ComboBox {
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
                Layout.alignment: Qt.AlignTop
                ThemedText { text: qsTr("Listener"); font.pixelSize: Theme.headingFontSize; font.bold: true }
                TextField {
                    id: participantField
                    objectName: "participantField"
                    width: parent.width
                    placeholderText: qsTr("Participant id, e.g. p01 (a pseudonym, not a name)")
                    font.pixelSize: Theme.fontSize
                    focus: true
                    Keys.onReturnPressed: page.startSession()
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
                        ThemedText {
                            Layout.fillWidth: true
                            color: Theme.warning
                            text: qsTr("Interrupted session %1: %2 of %3 trials answered")
                                  .arg(modelData.sessionId).arg(modelData.answered).arg(modelData.planned)
                        }
                        ThemedButton {
                            objectName: "resumeButton"
                            text: qsTr("Resume")
                            onClicked: page.bridge.session.resume(modelData.sessionId, participantField.text,
                                                                  page.audioDeviceId(), page.bufferFrames(), page.setup.resultsFolder)
                        }
                    }
                }
                ThemedText { text: qsTr("Audio output"); font.bold: true }
                RowLayout {
                    width: parent.width
                    ComboBox {
                        id: deviceBox
                        objectName: "deviceBox"
                        Layout.fillWidth: true
                        model: page.setup.audioDevices
                        textRole: "name"
                        font.pixelSize: Theme.smallFontSize
                        displayText: page.setup.audioDevices.count === 0 ? qsTr("No audio output found") : currentText
                    }
                    ComboBox {
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
                ComboBox {
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
                RowLayout {
                    spacing: Theme.spacing
                    ThemedButton {
                        id: startButton
                        objectName: "startButton"
                        primary: true
                        text: qsTr("Start session")
                        enabled: page.setup.experimentValid && participantField.text.length > 0 && page.participantProblem === ""
                                 && page.setup.hrtfError === ""
                        onClicked: page.startSession()
                    }
                    ThemedButton { objectName: "openResultsButton"; text: qsTr("Results browser"); onClicked: page.openResults() }
                }
            }
        }
    }
}
