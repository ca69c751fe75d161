import QtQuick
import "Directions.js" as Directions

// Elevation, seen from the side (the listener faces right): click or drag on the arc from
// below (-90) through ear level (0) to above (+90). Keys: Up/Down by 5 degrees (1 with Shift).
FocusScope {
    id: arc
    property real elevationDeg: 0
    property bool hasAnswer: false
    property real feedbackElevationDeg: NaN
    property bool enabledForInput: true
    readonly property real radius: Math.min(width - 60, height / 2 - 24)
    readonly property point centre: Qt.point(30, height / 2)

    implicitWidth: 220
    implicitHeight: 420
    activeFocusOnTab: true
    onElevationDegChanged: canvas.requestPaint()
    onHasAnswerChanged: canvas.requestPaint()
    onFeedbackElevationDegChanged: canvas.requestPaint()

    function place(elevation) {
        elevationDeg = Directions.tidy(Math.max(-90, Math.min(90, elevation)));
        hasAnswer = true;
    }
    function clear() { hasAnswer = false; elevationDeg = 0; }

    Keys.onPressed: (event) => {
        if (!visible || !enabledForInput || (event.key !== Qt.Key_Up && event.key !== Qt.Key_Down))
            return;
        const step = (event.modifiers & Qt.ShiftModifier) ? 1 : 5;
        place(hasAnswer ? elevationDeg + (event.key === Qt.Key_Up ? step : -step) : 0);
        event.accepted = true;
    }

    Rectangle {
        anchors.fill: parent
        color: "transparent"
        radius: Theme.radius
        border.width: arc.activeFocus ? 3 : 0
        border.color: Theme.focusRing
    }

    Canvas {
        id: canvas
        anchors.fill: parent
        function dot(ctx, elevation, colour, hollow) {
            const p = Directions.sideFromElevation(elevation, arc.radius);
            ctx.beginPath();
            ctx.arc(arc.centre.x + p.x, arc.centre.y + p.y, 10, 0, 2 * Math.PI);
            ctx.lineWidth = 3;
            ctx.strokeStyle = colour;
            ctx.fillStyle = colour;
            if (hollow) ctx.stroke(); else ctx.fill();
        }
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            const c = arc.centre;
            ctx.lineWidth = 6;
            ctx.strokeStyle = Theme.border;
            ctx.beginPath(); ctx.arc(c.x, c.y, arc.radius, -Math.PI / 2, Math.PI / 2, false); ctx.stroke();
            ctx.fillStyle = Theme.surfaceRaised;
            ctx.beginPath(); ctx.arc(c.x, c.y, 16, 0, 2 * Math.PI); ctx.fill();
            ctx.strokeStyle = Theme.textMuted;
            ctx.lineWidth = 1;
            ctx.beginPath(); ctx.moveTo(c.x, c.y); ctx.lineTo(c.x + arc.radius, c.y); ctx.stroke();
            if (!isNaN(arc.feedbackElevationDeg))
                dot(ctx, arc.feedbackElevationDeg, Theme.target, true);
            if (arc.hasAnswer)
                dot(ctx, arc.elevationDeg, Theme.response, false);
        }
    }
    Text { text: qsTr("Above"); color: Theme.textMuted; font.pixelSize: Theme.smallFontSize; x: arc.centre.x; y: arc.centre.y - arc.radius - 22 }
    Text { text: qsTr("Ear level"); color: Theme.textMuted; font.pixelSize: Theme.smallFontSize; x: arc.centre.x + arc.radius - width; y: arc.centre.y + 4 }
    Text { text: qsTr("Below"); color: Theme.textMuted; font.pixelSize: Theme.smallFontSize; x: arc.centre.x; y: arc.centre.y + arc.radius + 4 }

    MouseArea {
        anchors.fill: parent
        enabled: arc.enabledForInput
        function take(mouse) { arc.place(Directions.elevationFromSide(mouse.x - arc.centre.x, mouse.y - arc.centre.y)); }
        onPressed: (mouse) => { arc.forceActiveFocus(); take(mouse); }
        onPositionChanged: (mouse) => take(mouse)
    }
}
