import QtQuick
import "Directions.js" as Directions

// The listener seen from above, nose up, with distance rings on a logarithmic scale (0.25-16 m,
// labelled in metres): click or drag to place where the sound is - its direction and how far.
// azimuthDeg is SOFA (+90 = left). Keys: Left/Right turn the answer by 5 degrees (1 with
// Shift), +/- (or Up/Down) move it a quarter of a doubling farther or nearer (with or without
// Shift, which "+" needs on many keyboards); the first key press places it in front at 2 m.
FocusScope {
    id: pad
    property real azimuthDeg: 0
    property real distanceM: 2
    property bool hasAnswer: false
    /// The true place, shown after a training answer; NaN hides it.
    property real feedbackAzimuthDeg: NaN
    property real feedbackDistanceM: NaN
    property bool enabledForInput: true
    readonly property real radius: Math.max(0, Math.min(width, height) / 2 - 64)
    readonly property point centre: Qt.point(width / 2, height / 2)
    signal answerChanged()

    implicitWidth: 420
    implicitHeight: 420
    activeFocusOnTab: true

    // A pointer's distance is rounded to 1 %; keyboard steps stay exact (rounding each step
    // would drift: four quarter doublings must make exactly one).
    function place(azimuth, distance, exact) {
        azimuthDeg = Directions.tidy(Directions.wrap180(azimuth));
        const clamped = Math.max(Directions.nearestM, Math.min(Directions.farthestM, distance));
        distanceM = exact ? clamped : Directions.tidyDistance(clamped);
        hasAnswer = true;
        answerChanged();
    }
    function clear() { hasAnswer = false; azimuthDeg = 0; distanceM = 2; }

    Keys.onPressed: (event) => {
        if (!enabledForInput)
            return;
        const step = (event.modifiers & Qt.ShiftModifier) ? 1 : 5;
        const factor = Math.pow(2, 1 / 4);
        const farther = [Qt.Key_Plus, Qt.Key_Equal, Qt.Key_Up].includes(event.key);
        const nearer = [Qt.Key_Minus, Qt.Key_Underscore, Qt.Key_Down].includes(event.key);
        if (!hasAnswer && (farther || nearer || event.key === Qt.Key_Left || event.key === Qt.Key_Right)) {
            place(0, 2, true);
            event.accepted = true;
        } else if (event.key === Qt.Key_Left) {
            place(azimuthDeg + step, distanceM, true);
            event.accepted = true;
        } else if (event.key === Qt.Key_Right) {
            place(azimuthDeg - step, distanceM, true);
            event.accepted = true;
        } else if (farther) {
            place(azimuthDeg, distanceM * factor, true);
            event.accepted = true;
        } else if (nearer) {
            place(azimuthDeg, distanceM / factor, true);
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

    FloorPlanRings {
        anchors.fill: parent
        centre: pad.centre
        radius: pad.radius
    }

    DirectionMarker {
        visible: pad.hasAnswer
        objectName: "answerMarker"
        colour: Theme.response
        centre: pad.centre
        radius: Directions.radiusFromDistance(pad.distanceM, pad.radius)
        azimuthDeg: pad.azimuthDeg
    }
    DirectionMarker {
        visible: !isNaN(pad.feedbackAzimuthDeg)
        objectName: "feedbackMarker"
        colour: Theme.target
        hollow: true
        size: 34
        centre: pad.centre
        radius: Directions.radiusFromDistance(isNaN(pad.feedbackDistanceM) ? 2 : pad.feedbackDistanceM, pad.radius)
        azimuthDeg: isNaN(pad.feedbackAzimuthDeg) ? 0 : pad.feedbackAzimuthDeg
    }
    MouseArea {
        anchors.fill: parent
        enabled: pad.enabledForInput
        function take(mouse) {
            const dx = mouse.x - pad.centre.x, dy = mouse.y - pad.centre.y;
            const r = Math.hypot(dx, dy);
            if (r < pad.radius * 0.1)
                return; // too close to the centre to mean a direction
            pad.place(Directions.azimuthFromScreen(dx, dy), Directions.distanceFromRadius(r, pad.radius), false);
        }
        onPressed: (mouse) => { pad.forceActiveFocus(); take(mouse); }
        onPositionChanged: (mouse) => take(mouse)
    }
}
