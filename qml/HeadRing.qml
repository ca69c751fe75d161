import QtQuick
import "Directions.js" as Directions

// What both answer pads show under the answer: the listener seen from above (nose up, ears left
// and right), the ring of directions with a tick every 30 degrees, and Front, Left, Behind,
// Right outside it - clear of the ring, of the markers on it and of the pad's focus ring.
Item {
    id: ring
    property point centre
    property real radius
    /// Room a label keeps from the ring: a marker on the ring reaches 15 px out.
    readonly property real labelGap: 18
    anchors.fill: parent
    onRadiusChanged: canvas.requestPaint()
    onCentreChanged: canvas.requestPaint()

    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            const c = ring.centre, r = ring.radius;
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
    }

    Repeater {
        model: [{ text: qsTr("Front"), azimuth: 0 }, { text: qsTr("Left"), azimuth: 90 },
                { text: qsTr("Behind"), azimuth: 180 }, { text: qsTr("Right"), azimuth: -90 }]
        Text {
            required property var modelData
            // The label's near edge sits labelGap outside the ring, whatever its size.
            readonly property real reach: ring.radius + ring.labelGap
                                          + (modelData.azimuth % 180 === 0 ? height : width) / 2
            readonly property var at: Directions.screenFromAzimuth(modelData.azimuth, reach)
            objectName: "ringLabel" + modelData.text
            text: modelData.text
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            x: ring.centre.x + at.x - width / 2
            y: ring.centre.y + at.y - height / 2
        }
    }
}
