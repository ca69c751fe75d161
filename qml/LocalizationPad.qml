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
    readonly property real radius: Math.min(width, height) / 2 - 34
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

    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            const c = pad.centre, r = pad.radius;
            ctx.lineWidth = 2;
            ctx.strokeStyle = Theme.border;
            ctx.fillStyle = Theme.surface;
            ctx.beginPath(); ctx.arc(c.x, c.y, r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
            // Ticks every 30 degrees, longer at the four cardinal directions.
            ctx.strokeStyle = Theme.textMuted;
            for (let a = 0; a < 360; a += 30) {
                const outer = Directions.screenFromAzimuth(a, r);
                const inner = Directions.screenFromAzimuth(a, r - (a % 90 === 0 ? 16 : 8));
                ctx.beginPath(); ctx.moveTo(c.x + inner.x, c.y + inner.y); ctx.lineTo(c.x + outer.x, c.y + outer.y); ctx.stroke();
            }
            // The head: nose up, ears left and right.
            const h = r * 0.16;
            ctx.fillStyle = Theme.surfaceRaised;
            ctx.strokeStyle = Theme.textMuted;
            ctx.beginPath(); ctx.moveTo(c.x - h * 0.35, c.y - h * 0.9); ctx.lineTo(c.x, c.y - h * 1.35);
            ctx.lineTo(c.x + h * 0.35, c.y - h * 0.9); ctx.fill(); ctx.stroke();
            ctx.beginPath(); ctx.ellipse(c.x - h * 1.2, c.y - h * 0.3, h * 0.4, h * 0.6); ctx.fill(); ctx.stroke();
            ctx.beginPath(); ctx.ellipse(c.x + h * 0.8, c.y - h * 0.3, h * 0.4, h * 0.6); ctx.fill(); ctx.stroke();
            ctx.beginPath(); ctx.arc(c.x, c.y, h, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
        }
        Connections {
            target: pad
            function onWidthChanged() { canvas.requestPaint(); }
            function onHeightChanged() { canvas.requestPaint(); }
        }
    }

    Repeater {
        model: [{ text: qsTr("Front"), azimuth: 0 }, { text: qsTr("Left"), azimuth: 90 },
                { text: qsTr("Behind"), azimuth: 180 }, { text: qsTr("Right"), azimuth: -90 }]
        Text {
            required property var modelData
            readonly property var at: Directions.screenFromAzimuth(modelData.azimuth, pad.radius + 18)
            text: modelData.text
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            x: pad.centre.x + at.x - width / 2
            y: pad.centre.y + at.y - height / 2
        }
    }

    DirectionMarker {
        visible: !isNaN(pad.feedbackAzimuthDeg)
        objectName: "feedbackMarker"
        colour: Theme.target
        hollow: true
        centre: pad.centre
        radius: pad.radius
        azimuthDeg: isNaN(pad.feedbackAzimuthDeg) ? 0 : pad.feedbackAzimuthDeg
    }
    DirectionMarker {
        visible: pad.hasAnswer
        objectName: "answerMarker"
        colour: Theme.response
        centre: pad.centre
        radius: pad.radius
        azimuthDeg: pad.azimuthDeg
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
