import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge
import "Directions.js" as Directions

// One trial: play the sound, answer on the pad, confirm. Localization blocks show the
// LocalizationPad (and the ElevationArc when the block asks for height, the FloorPlanPad when it
// asks for distance), width blocks the WidthPad, externalization blocks the scale alone; a block
// that also asks for externalization shows the scale beside its pad, stage maps the StageMapPad.
// After a practice answer the true source is shown until the listener continues.
FocusScope {
    id: page
    required property SessionController session
    required property HeadTrackerController tracker
    readonly property bool headPointing: session.responseMode === SessionController.HeadPointing
    readonly property bool widthTrial: session.responseMode === SessionController.WidthEdges
    readonly property bool askElevation: session.responseMode === SessionController.AzimuthElevation
    readonly property bool distanceTrial: session.responseMode === SessionController.AzimuthDistance
    readonly property bool ratingOnly: session.responseMode === SessionController.Externalization
    readonly property bool stageMap: session.responseMode === SessionController.StageMap
    readonly property bool askRating: ratingOnly || session.askExternalization
    readonly property bool showingFeedback: session.showingFeedback
    readonly property bool padAnswered: ratingOnly || headPointing ? true
                                        : stageMap ? stageMapPad.allPlaced
                                        : widthTrial ? widthPad.hasAnswer
                                        : distanceTrial ? floorPlanPad.hasAnswer
                                        : localizationPad.hasAnswer && (!askElevation || elevationArc.hasAnswer)
    readonly property bool answered: padAnswered && (!askRating || externalizationScale.hasAnswer)
    readonly property bool canConfirm: session.canAnswer && answered
    readonly property Item pad: ratingOnly ? externalizationScale
                                : headPointing ? headPointingPanel
                                : stageMap ? stageMapPad
                                : widthTrial ? widthPad
                                : distanceTrial ? floorPlanPad : localizationPad
    /// Room the pad leaves beside it: the elevation arc, or the scale.
    readonly property real besidePad: (askElevation ? 216 : 0) + (askRating && !ratingOnly ? 336 : 0)
    /// Never so small that the ring cannot be answered on (its labels take 64 px a side).
    readonly property real padSize: Math.max(280, Math.min(height - 48, width * 0.6 - besidePad))
    /// After a practice answer: how far the answer was from the truth (NaN otherwise).
    readonly property real feedbackErrorDeg: {
        if (!showingFeedback)
            return NaN;
        const truth = session.feedbackTarget;
        if (ratingOnly || stageMap || headPointing)
            return NaN;
        if (widthTrial)
            return Math.abs(widthPad.widthDeg - truth.widthDeg);
        const azimuth = distanceTrial ? floorPlanPad.azimuthDeg : localizationPad.azimuthDeg;
        return Math.abs(Directions.wrap180(azimuth - truth.azimuthDeg));
    }
    /// Within this many degrees a practice answer is called correct: about the blur of
    /// localization in front (Blauert: 4-10 deg), generous enough for the sides.
    readonly property real correctWithinDeg: 10

    /// A button that became disabled drops the keyboard (Qt leaves it on the page itself): the pad
    /// takes it back, so the arrow keys keep working. Focus rightly elsewhere (the audio-error
    /// panel, a dialog) stays where it is.
    function reclaimFocus() {
        const focused = page.Window.activeFocusItem;
        if (focused === page || focused === null)
            page.pad.forceActiveFocus();
    }
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
        const rating = askRating ? externalizationScale.rating : -1;
        if (headPointing)
            session.answerWithHead();
        else if (ratingOnly)
            session.answerExternalization(rating);
        else if (stageMap)
            session.answerStageMap(stageMapPad.placements());
        else if (widthTrial)
            session.answerWidth(widthPad.leftEdgeDeg, widthPad.rightEdgeDeg, rating);
        else if (distanceTrial)
            session.answerDistance(floorPlanPad.azimuthDeg, floorPlanPad.distanceM, rating);
        else
            session.answerDirection(localizationPad.azimuthDeg, askElevation ? elevationArc.elevationDeg : NaN, rating);
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
            floorPlanPad.clear();
            stageMapPad.clear();
            externalizationScale.clear();
            page.pad.forceActiveFocus();
        }
    }
    Component.onCompleted: pad.forceActiveFocus()

    Keys.onPressed: (event) => {
        // Digits rate the sound from any pad (only digits: the pads keep their arrows).
        const digit = event.key - Qt.Key_0;
        if (page.askRating && digit >= 0 && digit <= 9) {
            externalizationScale.choose(digit);
            event.accepted = true;
            return;
        }
        if (event.key === Qt.Key_R || event.key === Qt.Key_Space) {
            page.playOrReplay();
            event.accepted = true;
        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            // Enter confirms wherever the focus is (the Play button passes it on).
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
                    visible: !page.widthTrial && !page.distanceTrial && !page.ratingOnly && !page.stageMap && !page.headPointing
                    Layout.preferredWidth: page.padSize
                    Layout.preferredHeight: Layout.preferredWidth
                    enabledForInput: !page.showingFeedback
                    feedbackAzimuthDeg: page.showingFeedback ? page.session.feedbackTarget.azimuthDeg : NaN
                    // Up/Down set the height from the ring too.
                    Keys.forwardTo: [elevationArc, page]
                }
                FloorPlanPad {
                    id: floorPlanPad
                    objectName: "floorPlanPad"
                    visible: page.distanceTrial
                    Layout.preferredWidth: page.padSize
                    Layout.preferredHeight: Layout.preferredWidth
                    enabledForInput: !page.showingFeedback
                    feedbackAzimuthDeg: page.showingFeedback ? page.session.feedbackTarget.azimuthDeg : NaN
                    feedbackDistanceM: page.showingFeedback ? page.session.feedbackTarget.distanceM : NaN
                    Keys.forwardTo: [page]
                }
                HeadPointingPanel {
                    id: headPointingPanel
                    objectName: "headPointingPanel"
                    visible: page.headPointing
                    Layout.preferredWidth: page.padSize
                    Layout.preferredHeight: page.padSize
                    session: page.session
                    tracker: page.tracker
                    feedbackAzimuthDeg: page.showingFeedback ? page.session.feedbackTarget.azimuthDeg : NaN
                    Keys.forwardTo: [page]
                }
                StageMapPad {
                    id: stageMapPad
                    objectName: "stageMapPad"
                    visible: page.stageMap
                    Layout.preferredWidth: page.padSize
                    Layout.preferredHeight: page.padSize
                    instruments: page.stageMap ? page.session.instruments : []
                    enabledForInput: !page.showingFeedback
                    feedbackPlaces: page.showingFeedback && page.session.feedbackTarget.instruments
                                    ? page.session.feedbackTarget.instruments : []
                    soloReady: page.session.canSolo && !page.session.playing
                    onSoloRequested: (index) => page.session.playSolo(index)
                    Keys.forwardTo: [page]
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
                    Layout.preferredWidth: page.padSize
                    Layout.preferredHeight: Layout.preferredWidth
                    enabledForInput: !page.showingFeedback
                    feedbackCentreDeg: page.showingFeedback ? page.session.feedbackTarget.azimuthDeg : NaN
                    feedbackWidthDeg: page.showingFeedback ? page.session.feedbackTarget.widthDeg : NaN
                    Keys.forwardTo: [page]
                }
                ExternalizationScale {
                    id: externalizationScale
                    objectName: "externalizationScale"
                    visible: page.askRating
                    Layout.preferredWidth: 320
                    Layout.alignment: Qt.AlignVCenter
                    anchorsText: page.session.externalizationAnchors
                    enabledForInput: page.askRating && !page.showingFeedback
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
                text: page.widthTrial ? qsTr("How wide is the sound?")
                      : page.distanceTrial ? qsTr("Where is the sound, and how far?")
                      : page.stageMap ? qsTr("Where does each instrument stand?")
                      : page.ratingOnly ? qsTr("Is the sound inside your head or outside it?")
                      : page.headPointing ? qsTr("Point your nose at the sound")
                      : qsTr("Where does the sound come from?")
                font.pixelSize: Theme.headingFontSize
                font.bold: true
            }
            ThemedText {
                Layout.fillWidth: true
                muted: true
                text: (page.widthTrial ? qsTr("Click the ring at one edge of the sound and drag to its other edge.")
                       : page.distanceTrial ? qsTr("Click where you heard it: the direction, and its distance on the rings.")
                       : page.stageMap ? qsTr("Drag each instrument onto the plan where you hear it. Rest the pointer on one (or press S) to hear it alone.")
                       : page.ratingOnly ? qsTr("Choose the line that says where you heard it.")
                       : page.headPointing ? qsTr("Face front to start the sound; then turn until your nose points where you heard it.")
                       : qsTr("Click the ring where you heard it."))
                      + (page.askRating && !page.ratingOnly ? " " + qsTr("Then choose where it was on the scale.") : "")
            }
            // The buttons take the keyboard only by Tab: a click leaves it on the pad, so the
            // keys keep doing what the page says. Enter on Play confirms, as everywhere here.
            // While the sound plays, a gently pulsing dot says so (the sound may be quiet). Its
            // room is always kept, so nothing moves when it appears.
            Item {
                Layout.fillWidth: true
                Layout.preferredHeight: 12
                Rectangle {
                    objectName: "playingIndicator"
                    anchors.centerIn: parent
                    width: 12
                    height: 12
                    radius: 6
                    color: Theme.accent
                    visible: page.session.playing
                    SequentialAnimation on opacity {
                        running: page.session.playing
                        loops: Animation.Infinite
                        NumberAnimation { from: 1; to: 0.3; duration: 450; easing.type: Easing.InOutQuad }
                        NumberAnimation { from: 0.3; to: 1; duration: 450; easing.type: Easing.InOutQuad }
                    }
                }
            }
            ThemedButton {
                objectName: "playButton"
                Layout.fillWidth: true
                focusPolicy: Qt.TabFocus
                returnClicks: false
                enabled: page.session.canPlay
                text: page.session.playing ? qsTr("Playing…")
                      : !page.session.played ? qsTr("Play (R)")
                      : qsTr("Replay (R) — %1 left").arg(page.session.replaysLeft)
                onClicked: page.playOrReplay()
                onReturnPressed: page.confirm()
                onEnabledChanged: if (!enabled) Qt.callLater(page.reclaimFocus)
            }
            ThemedButton {
                objectName: "confirmButton"
                Layout.fillWidth: true
                focusPolicy: Qt.TabFocus
                primary: true
                enabled: page.canConfirm || page.showingFeedback
                text: page.showingFeedback ? qsTr("Next (Enter)") : qsTr("Confirm (Enter)")
                onClicked: page.confirm()
                onEnabledChanged: if (!enabled) Qt.callLater(page.reclaimFocus)
            }
            // One line of guidance whose room never changes, so the buttons never move.
            ThemedText {
                objectName: "trialHint"
                Layout.fillWidth: true
                Layout.preferredHeight: 3 * Theme.fontSize * 1.4
                verticalAlignment: Text.AlignTop
                color: page.showingFeedback ? Theme.target : Theme.textMuted
                text: {
                    if (page.showingFeedback) {
                        const truth = page.session.feedbackTarget;
                        const off = Math.round(page.feedbackErrorDeg);
                        if (page.ratingOnly)
                            return qsTr("There is no right or wrong here: say what you heard.");
                        if (page.headPointing)
                            return qsTr("The sound was at %1°.").arg(Math.round(truth.azimuthDeg));
                        if (page.stageMap)
                            return qsTr("Green rings show where the instruments stood, numbered as the tokens.");
                        if (page.widthTrial)
                            return (page.feedbackErrorDeg <= page.correctWithinDeg ? qsTr("Correct! ") : "")
                                   + qsTr("Green shows the true width (%1°); yours was %2°.").arg(Math.round(truth.widthDeg)).arg(Math.round(widthPad.widthDeg));
                        if (page.distanceTrial)
                            return qsTr("Green shows the true place (%1 m); yours (blue) is %2° off, at %3 m.")
                                   .arg(Number(truth.distanceM.toPrecision(2))).arg(off)
                                   .arg(Number(floorPlanPad.distanceM.toPrecision(2)));
                        return page.feedbackErrorDeg <= page.correctWithinDeg
                               ? qsTr("Correct! Your answer (blue) is %1° from the true direction (green ring).").arg(off)
                               : qsTr("Your answer (blue) is %1° from the true direction (green ring).").arg(off);
                    }
                    if (!page.session.played)
                        return qsTr("Play the sound first.");
                    if (!page.session.canAnswer)
                        return page.session.answerAfterS >= page.session.soundDurationS
                               ? qsTr("Listen to the whole sound; you can confirm when it ends.")
                               : qsTr("Listen: you can confirm once %1 s of the sound have played.").arg(page.session.answerAfterS);
                    if (page.stageMap && !page.answered)
                        return qsTr("Place every instrument to confirm (%1 of %2 placed).").arg(stageMapPad.placedCount).arg(stageMapPad.instruments.length);
                    return page.answered ? qsTr("Confirm when you are sure.") : "";
                }
            }
            ThemedText {
                Layout.fillWidth: true
                muted: true
                font.pixelSize: Theme.smallFontSize
                text: (page.ratingOnly ? qsTr("Keys: 0-4 choose a line, ↑/↓ move between them.")
                       : page.headPointing ? qsTr("Keys: R plays (facing front), Enter confirms where your nose points.")
                       : page.widthTrial ? qsTr("Keys: ←/→ move the edge, ↑/↓ choose left or right edge, Shift for fine steps.")
                       : page.distanceTrial ? qsTr("Keys: ←/→ turn your answer (Shift: fine steps), +/− or ↑/↓ farther or nearer.")
                       : page.stageMap ? qsTr("Keys: 1-%1 choose an instrument, ←/→ turn it, +/− farther or nearer, S hear it alone, Delete back to the tray.").arg(stageMapPad.instruments.length)
                       : qsTr("Keys: ←/→ turn your answer, Shift for fine steps%1.").arg(page.askElevation ? qsTr("; click the arc for height (↑/↓ when it has focus)") : ""))
                      + (page.askRating && !page.ratingOnly ? " " + qsTr("0-4 choose where it was.") : "")
            }
        }
    }
}
