import QtQuick
import "Directions.js" as Directions

// The listener seen from above, nose up: click or drag on the ring to say where the sound came
// from. azimuthDeg is SOFA (+90 = left). Keys: Left/Right turn the answer by 5 degrees (1 with
// Shift); the first key press places it in front.
FocusScope {
    id: pad
    property real azimuthDeg: 0
    property bool hasAnswer: false
    /// The true direction, shown after a training answer; NaN hides it.
    property real feedbackAzimuthDeg: NaN
    property bool enabledForInput: true
    // Room outside the ring for the direction labels (HeadRing) inside the focus ring.
    readonly property real radius: Math.min(width, height) / 2 - 64
    readonly property point centre: Qt.point(width / 2, height / 2)
    signal answerChanged()

    implicitWidth: 420
    implicitHeight: 420
    activeFocusOnTab: true

    function place(azimuth) {
        azimuthDeg = Directions.tidy(Directions.wrap180(azimuth));
        hasAnswer = true;
        answerChanged();
    }
    function clear() { hasAnswer = false; azimuthDeg = 0; }

    Keys.onPressed: (event) => {
        if (!enabledForInput)
            return;
        const step = (event.modifiers & Qt.ShiftModifier) ? 1 : 5;
        if (event.key === Qt.Key_Left) {
            place(hasAnswer ? azimuthDeg + step : 0);
            event.accepted = true;
        } else if (event.key === Qt.Key_Right) {
            place(hasAnswer ? azimuthDeg - step : 0);
            event.accepted = true;
        }
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width, parent.height)
        height: width
        radius: width / 2
        color: "transparent"
        border.width: pad.activeFocus ? 3 : 0
        border.color: Theme.focusRing
    }

    HeadRing { centre: pad.centre; radius: pad.radius }

    DirectionMarker {
        visible: pad.hasAnswer
        objectName: "answerMarker"
        colour: Theme.response
        centre: pad.centre
        radius: pad.radius
        azimuthDeg: pad.azimuthDeg
    }

    DirectionMarker {
        visible: !isNaN(pad.feedbackAzimuthDeg)
        objectName: "feedbackMarker"
        colour: Theme.target
        hollow: true
        size: 34 // around the answer's dot, so a correct answer shows both
        centre: pad.centre
        radius: pad.radius
        azimuthDeg: isNaN(pad.feedbackAzimuthDeg) ? 0 : pad.feedbackAzimuthDeg
    }
    MouseArea {
        anchors.fill: parent
        enabled: pad.enabledForInput
        function take(mouse) {
            const dx = mouse.x - pad.centre.x, dy = mouse.y - pad.centre.y;
            if (Math.hypot(dx, dy) < pad.radius * 0.1)
                return; // too close to the centre to mean a direction
            pad.place(Directions.azimuthFromScreen(dx, dy));
        }
        onPressed: (mouse) => { pad.forceActiveFocus(); take(mouse); }
        onPositionChanged: (mouse) => take(mouse)
    }
}
