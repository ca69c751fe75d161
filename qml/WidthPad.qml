import QtQuick
import "Directions.js" as Directions

// How wide is the sound? Two handles on the ring mark its left and right edges; the span
// between them (counter-clockwise from the right edge to the left edge) is shaded. The first
// press places both edges there; dragging then pulls out the edge in the direction moved; a
// later press grabs the nearer edge. Keys: Left/Right move the active edge by 5 degrees (1 with
// Shift), Up/Down switch between the left and right edge.
FocusScope {
    id: pad
    property real leftEdgeDeg: 0
    property real rightEdgeDeg: 0
    property bool hasAnswer: false
    property string activeEdge: "left"
    readonly property real widthDeg: Directions.widthDeg(leftEdgeDeg, rightEdgeDeg)
    readonly property real centreDeg: Directions.centreDeg(leftEdgeDeg, rightEdgeDeg)
    /// The true source after a training answer (centre and width); NaN hides it.
    property real feedbackCentreDeg: NaN
    property real feedbackWidthDeg: NaN
    property bool enabledForInput: true
    // Room outside the ring for the direction labels (HeadRing) inside the focus ring.
    readonly property real radius: Math.min(width, height) / 2 - 64
    /// A span centred behind the head: seen by the listener, its counter-clockwise end is then on
    /// their right. The handles are labelled by the side of the listener they are on.
    readonly property bool behind: hasAnswer && Math.abs(centreDeg) > 90
    /// The edge ("left" or "right", as recorded) the listener knows as their left one.
    readonly property string listenersLeftEdge: behind ? "right" : "left"
    readonly property point centre: Qt.point(width / 2, height / 2)

    implicitWidth: 420
    implicitHeight: 420
    activeFocusOnTab: true
    onLeftEdgeDegChanged: canvas.requestPaint()
    onRightEdgeDegChanged: canvas.requestPaint()
    onHasAnswerChanged: canvas.requestPaint()
    onFeedbackCentreDegChanged: canvas.requestPaint()
    onWidthChanged: canvas.requestPaint()
    onHeightChanged: canvas.requestPaint()

    // Sets one edge and returns the edge that was set: an edge dragged across the other one
    // becomes the other edge (the two swap names), so the span never flips to the rest of the
    // circle - a 5-degree move must not turn a narrow source into one 355 degrees wide.
    function setEdge(edge, azimuth) {
        const value = Directions.tidy(Directions.wrap180(azimuth));
        const before = hasAnswer ? widthDeg : 0;
        const left = edge === "left" ? value : leftEdgeDeg;
        const right = edge === "left" ? rightEdgeDeg : value;
        if (hasAnswer && Math.abs(Directions.widthDeg(left, right) - before) > 180) {
            if (edge === "left") { // the left edge went clockwise past the right one
                leftEdgeDeg = rightEdgeDeg;
                rightEdgeDeg = value;
                edge = "right";
            } else {               // the right edge went counter-clockwise past the left one
                rightEdgeDeg = leftEdgeDeg;
                leftEdgeDeg = value;
                edge = "left";
            }
            activeEdge = edge;
        } else if (edge === "left") {
            leftEdgeDeg = value;
        } else {
            rightEdgeDeg = value;
        }
        hasAnswer = true;
        return edge;
    }
    function clear() { hasAnswer = false; leftEdgeDeg = 0; rightEdgeDeg = 0; activeEdge = "left"; }

    Keys.onPressed: (event) => {
        if (!enabledForInput)
            return;
        const step = (event.modifiers & Qt.ShiftModifier) ? 1 : 5;
        if (event.key === Qt.Key_Up || event.key === Qt.Key_Down) {
            // Up is the edge labelled L, on the listener's left, wherever the sound is.
            const listenersRight = listenersLeftEdge === "left" ? "right" : "left";
            activeEdge = event.key === Qt.Key_Up ? listenersLeftEdge : listenersRight;
            event.accepted = true;
        } else if (event.key === Qt.Key_Left || event.key === Qt.Key_Right) {
            if (!hasAnswer) {
                setEdge("left", 0);
                setEdge("right", 0);
            } else {
                const current = activeEdge === "left" ? leftEdgeDeg : rightEdgeDeg;
                activeEdge = setEdge(activeEdge, current + (event.key === Qt.Key_Left ? step : -step));
            }
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

    Canvas {
        id: canvas
        anchors.fill: parent
        function span(ctx, c, r, rightDeg, extentDeg, colour, lineWidth) {
            ctx.strokeStyle = colour;
            ctx.lineWidth = lineWidth;
            ctx.beginPath();
            ctx.arc(c.x, c.y, r, Directions.canvasAngle(rightDeg), Directions.canvasAngle(rightDeg + extentDeg), true);
            ctx.stroke();
        }
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            const c = pad.centre, r = pad.radius;
            if (!isNaN(pad.feedbackCentreDeg))
                span(ctx, c, r + 10, pad.feedbackCentreDeg - pad.feedbackWidthDeg / 2, Math.max(pad.feedbackWidthDeg, 1),
                     Theme.target, 6);
            if (pad.hasAnswer) {
                // The shaded span: a wedge from the centre, and a bold arc on the ring.
                ctx.fillStyle = Qt.rgba(Theme.response.r, Theme.response.g, Theme.response.b, 0.22);
                ctx.beginPath(); ctx.moveTo(c.x, c.y);
                ctx.arc(c.x, c.y, r, Directions.canvasAngle(pad.rightEdgeDeg),
                        Directions.canvasAngle(pad.rightEdgeDeg + pad.widthDeg), true);
                ctx.closePath(); ctx.fill();
                span(ctx, c, r, pad.rightEdgeDeg, Math.max(pad.widthDeg, 0.5), Theme.response, 8);
            }
        }
    }

    Repeater {
        model: [{ edge: "left" }, { edge: "right" }]
        Rectangle {
            required property var modelData
            readonly property real azimuth: modelData.edge === "left" ? pad.leftEdgeDeg : pad.rightEdgeDeg
            readonly property var at: Directions.screenFromAzimuth(azimuth, pad.radius)
            objectName: modelData.edge + "Handle"
            readonly property string label: modelData.edge === pad.listenersLeftEdge ? "L" : "R"
            visible: pad.hasAnswer
            width: 30
            height: 30
            radius: 15
            x: pad.centre.x + at.x - width / 2
            y: pad.centre.y + at.y - height / 2
            color: Theme.response
            border.width: pad.activeEdge === modelData.edge ? 4 : 1
            border.color: pad.activeEdge === modelData.edge ? Theme.focusRing : Theme.accentText
            Text {
                anchors.centerIn: parent
                text: parent.label
                color: Theme.accentText
                font.pixelSize: Theme.smallFontSize
                font.bold: true
            }
        }
    }

    MouseArea {
        id: area
        anchors.fill: parent
        enabled: pad.enabledForInput
        property string dragging: ""   // the edge being dragged; "?" until the first move decides
        property real pressAzimuth: 0
        function azimuthAt(mouse) {
            return Directions.azimuthFromScreen(mouse.x - pad.centre.x, mouse.y - pad.centre.y);
        }
        onPressed: (mouse) => {
            pad.forceActiveFocus();
            pressAzimuth = azimuthAt(mouse);
            if (!pad.hasAnswer) {
                pad.setEdge("left", pressAzimuth);
                pad.setEdge("right", pressAzimuth);
                dragging = "?";
                return;
            }
            const toLeft = Math.abs(Directions.wrap180(pressAzimuth - pad.leftEdgeDeg));
            const toRight = Math.abs(Directions.wrap180(pressAzimuth - pad.rightEdgeDeg));
            dragging = toLeft <= toRight ? "left" : "right";
            pad.activeEdge = dragging;
            dragging = pad.setEdge(dragging, pressAzimuth);
        }
        onPositionChanged: (mouse) => {
            const azimuth = azimuthAt(mouse);
            if (dragging === "?") {
                const moved = Directions.wrap180(azimuth - pressAzimuth);
                if (Math.abs(moved) < 1)
                    return;
                dragging = moved > 0 ? "left" : "right"; // counter-clockwise is towards the left
                pad.activeEdge = dragging;
            }
            dragging = pad.setEdge(dragging, azimuth);
        }
        onReleased: dragging = ""
    }
}
