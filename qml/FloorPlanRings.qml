import QtQuick
import "Directions.js" as Directions

// The floor plan's distance rings (0.25-16 m on the logarithmic scale of Directions.js) inside
// the head's direction ring, each labelled in metres along the front-right spoke, where no
// cardinal label or tick sits. Shared by the FloorPlanPad and the StageMapPad.
Item {
    id: plan
    required property point centre
    required property real radius
    readonly property var rings: [0.25, 0.5, 1, 2, 4, 8, 16]

    HeadRing { centre: plan.centre; radius: plan.radius }

    Canvas {
        id: ringCanvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            ctx.strokeStyle = Theme.border;
            ctx.setLineDash([4, 4]);
            for (const metres of plan.rings.slice(0, -1)) {
                ctx.beginPath();
                ctx.arc(plan.centre.x, plan.centre.y, Directions.radiusFromDistance(metres, plan.radius), 0, 2 * Math.PI);
                ctx.stroke();
            }
        }
        Connections {
            target: plan
            function onRadiusChanged() { ringCanvas.requestPaint(); }
            function onCentreChanged() { ringCanvas.requestPaint(); }
        }
    }
    Repeater {
        model: plan.rings
        Text {
            required property real modelData
            readonly property var at: Directions.screenFromAzimuth(-45, Directions.radiusFromDistance(modelData, plan.radius))
            objectName: "distanceLabel" + modelData
            text: (modelData < 1 ? modelData : Math.round(modelData)) + " m"
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            x: plan.centre.x + at.x + 3
            y: plan.centre.y + at.y - height
        }
    }
}
