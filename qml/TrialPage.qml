import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// One trial: play the sound, answer on the pad, confirm. Localization blocks show the
// LocalizationPad (and the ElevationArc when the block asks for height), width blocks the
// WidthPad. After a practice answer the true source is shown until the listener continues.
FocusScope {
    id: page
    required property SessionController session
    readonly property bool widthTrial: session.responseMode === SessionController.WidthEdges
    readonly property bool askElevation: session.responseMode === SessionController.AzimuthElevation
    readonly property bool showingFeedback: session.showingFeedback
    readonly property bool answered: widthTrial ? widthPad.hasAnswer
                                                : localizationPad.hasAnswer && (!askElevation || elevationArc.hasAnswer)
    readonly property bool canConfirm: session.canAnswer && answered

    function playOrReplay() {
        if (session.canPlay)
            session.play();
    }
    function confirm() {
        if (showingFeedback) {
            session.continueAfterFeedback();
            return;
        }
        if (!canConfirm)
            return;
        if (widthTrial)
            session.answerWidth(widthPad.leftEdgeDeg, widthPad.rightEdgeDeg);
        else
            session.answerDirection(localizationPad.azimuthDeg, askElevation ? elevationArc.elevationDeg : NaN);
    }
    // A new trial starts with empty pads, the focus on the pad in use.
    Connections {
        target: page.session
        function onTrialChanged() {
            if (page.showingFeedback)
                return;
            localizationPad.clear();
            elevationArc.clear();
            widthPad.clear();
            (page.widthTrial ? widthPad : localizationPad).forceActiveFocus();
        }
    }
    Component.onCompleted: (widthTrial ? widthPad : localizationPad).forceActiveFocus()

    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_R || event.key === Qt.Key_Space) {
            page.playOrReplay();
            event.accepted = true;
        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            page.confirm();
            event.accepted = true;
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 32

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            RowLayout {
                anchors.centerIn: parent
                height: parent.height
                spacing: 16
                LocalizationPad {
                    id: localizationPad
                    objectName: "localizationPad"
                    visible: !page.widthTrial
                    Layout.preferredWidth: Math.min(page.height - 48, page.width * 0.6 - (page.askElevation ? 216 : 0))
                    Layout.preferredHeight: Layout.preferredWidth
                    enabledForInput: !page.showingFeedback
                    feedbackAzimuthDeg: page.showingFeedback ? page.session.feedbackTarget.azimuthDeg : NaN
                    Keys.forwardTo: [elevationArc, page] // Up/Down set the height from the ring too
                }
                ElevationArc {
                    id: elevationArc
                    objectName: "elevationArc"
                    visible: page.askElevation
                    Layout.preferredWidth: 200
                    Layout.preferredHeight: localizationPad.Layout.preferredHeight
                    enabledForInput: !page.showingFeedback
                    feedbackElevationDeg: page.showingFeedback ? page.session.feedbackTarget.elevationDeg : NaN
                    Keys.forwardTo: [page]
                }
                WidthPad {
                    id: widthPad
                    objectName: "widthPad"
                    visible: page.widthTrial
                    Layout.preferredWidth: Math.min(page.height - 48, page.width * 0.6 - (page.askElevation ? 216 : 0))
                    Layout.preferredHeight: Layout.preferredWidth
                    enabledForInput: !page.showingFeedback
                    feedbackCentreDeg: page.showingFeedback ? page.session.feedbackTarget.azimuthDeg : NaN
                    feedbackWidthDeg: page.showingFeedback ? page.session.feedbackTarget.widthDeg : NaN
                    Keys.forwardTo: [page]
                }
            }
        }

        ColumnLayout {
            Layout.preferredWidth: 320
            Layout.maximumWidth: 360
            Layout.alignment: Qt.AlignVCenter
            spacing: 16
            ThemedText {
                Layout.fillWidth: true
                text: page.widthTrial ? qsTr("How wide is the sound?") : qsTr("Where does the sound come from?")
                font.pixelSize: Theme.headingFontSize
                font.bold: true
            }
            ThemedText {
                Layout.fillWidth: true
                muted: true
                text: page.widthTrial ? qsTr("Drag the handles to its left and right edges.")
                                      : qsTr("Click the ring where you heard it.")
            }
            ThemedButton {
                objectName: "playButton"
                Layout.fillWidth: true
                enabled: page.session.canPlay
                text: page.session.playing ? qsTr("Playing…")
                      : !page.session.played ? qsTr("Play (R)")
                      : qsTr("Replay (R) — %1 left").arg(page.session.replaysLeft)
                onClicked: page.playOrReplay()
            }
            ThemedButton {
                objectName: "confirmButton"
                Layout.fillWidth: true
                primary: true
                enabled: page.canConfirm || page.showingFeedback
                text: page.showingFeedback ? qsTr("Next (Enter)") : qsTr("Confirm (Enter)")
                onClicked: page.confirm()
            }
            ThemedText {
                Layout.fillWidth: true
                visible: page.showingFeedback
                color: Theme.target
                objectName: "feedbackText"
                text: qsTr("Green shows where the sound really was; blue is your answer.")
            }
            ThemedText {
                Layout.fillWidth: true
                visible: !page.session.played && !page.showingFeedback
                muted: true
                text: qsTr("Play the sound first; you can answer while it plays.")
            }
            ThemedText {
                Layout.fillWidth: true
                muted: true
                font.pixelSize: Theme.smallFontSize
                text: page.widthTrial ? qsTr("Keys: ←/→ move the edge, ↑/↓ choose left or right edge, Shift for fine steps.")
                                      : qsTr("Keys: ←/→ turn your answer, Shift for fine steps%1.").arg(page.askElevation ? qsTr("; click the arc for height (↑/↓ when it has focus)") : "")
            }
        }
    }
}
