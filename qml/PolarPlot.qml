import QtQuick
import "Directions.js" as Directions

// Targets against responses seen from above (nose up, +90 = left). Localization trials: the
// target as a hollow ring on the outer circle, the response as a dot on the inner one, joined by
// a line. Width trials: the target's extent as an outer arc, the perceived extent as an inner one.
// Colours separate the levels of `colourBy` (e.g. "model" or "device").
Item {
    id: plot
    property var points: []
    property string kind: "localization"
    property string colourBy: "model"
    property string title: ""
    readonly property var levels: {
        const seen = [], known = new Set();
        for (const p of points)
            if (p.kind === kind && !known.has(p[colourBy])) {
                known.add(p[colourBy]);
                seen.push(p[colourBy]);
            }
        return seen.sort(); // in the order of the error bars and tables, so colours agree
    }
    implicitWidth: 360
    implicitHeight: 400
    onPointsChanged: canvas.requestPaint()
    onKindChanged: canvas.requestPaint()
    onColourByChanged: canvas.requestPaint()
    onWidthChanged: canvas.requestPaint()
    onHeightChanged: canvas.requestPaint()

    // The colour of each level, looked up once per point while painting.
    function colourMap() {
        const colours = {};
        for (let i = 0; i < levels.length; ++i)
            colours[levels[i]] = Theme.series[i % Theme.series.length];
        return colours;
    }

    Text {
        id: heading
        text: plot.title
        color: Theme.text
        font.pixelSize: Theme.fontSize
        font.bold: true
        visible: text.length > 0
    }
    Canvas {
        id: canvas
        // Thousands of answers take the rasterizer a few hundred milliseconds: on its own thread,
        // not the window's (the results browser never freezes while it draws).
        renderStrategy: Canvas.Threaded
        anchors { top: heading.visible ? heading.bottom : parent.top; left: parent.left; right: parent.right; bottom: legend.top }
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            const c = Qt.point(width / 2, height / 2);
            const outer = Math.min(width, height) / 2 - 30, inner = outer * 0.72;
            if (outer <= 0)
                return; // not laid out yet
            const colours = plot.colourMap();
            ctx.strokeStyle = Theme.border;
            ctx.lineWidth = 1;
            for (const r of [outer, inner, outer * 0.3]) { ctx.beginPath(); ctx.arc(c.x, c.y, r, 0, 2 * Math.PI); ctx.stroke(); }
            for (let a = 0; a < 360; a += 45) {
                const p = Directions.screenFromAzimuth(a, outer);
                ctx.beginPath(); ctx.moveTo(c.x, c.y); ctx.lineTo(c.x + p.x, c.y + p.y); ctx.stroke();
            }
            ctx.fillStyle = Theme.textMuted;
            ctx.font = Theme.smallFontSize + "px sans-serif";
            ctx.textAlign = "center";
            for (const label of [[0, "0°", 0, -4], [90, "+90° L", -24, 4], [180, "180°", 0, 14], [-90, "−90° R", 24, 4]]) {
                const p = Directions.screenFromAzimuth(label[0], outer + 12);
                ctx.fillText(label[1], c.x + p.x + label[2], c.y + p.y + label[3]);
            }
            let widthTrial = 0;
            for (const point of plot.points) {
                if (point.kind !== plot.kind)
                    continue;
                const colour = colours[point[plot.colourBy]] || Theme.series[0];
                ctx.strokeStyle = colour;
                ctx.fillStyle = colour;
                if (plot.kind === "width") {
                    const arc = (r, right, extent) => { ctx.beginPath(); ctx.arc(c.x, c.y, r, Directions.canvasAngle(right), Directions.canvasAngle(right + Math.max(extent, 1)), true); ctx.stroke(); };
                    // Trials on nested rings (targets outside, answers inside) so they do not hide each other.
                    const step = Math.min(5, outer * 0.25 / Math.max(1, plot.points.length));
                    ctx.lineWidth = Math.max(1.5, step * 0.7);
                    ctx.globalAlpha = 0.8;
                    arc(outer - widthTrial * step, point.targetAzimuthDeg - point.targetWidthDeg / 2, point.targetWidthDeg);
                    arc(inner - widthTrial * step, point.responseRightEdgeDeg, Directions.widthDeg(point.responseLeftEdgeDeg, point.responseRightEdgeDeg));
                    ++widthTrial;
                    continue;
                }
                const t = Directions.screenFromAzimuth(point.targetAzimuthDeg, outer);
                const r = Directions.screenFromAzimuth(point.responseAzimuthDeg, inner);
                ctx.globalAlpha = 0.35;
                ctx.lineWidth = 1;
                ctx.beginPath(); ctx.moveTo(c.x + t.x, c.y + t.y); ctx.lineTo(c.x + r.x, c.y + r.y); ctx.stroke();
                ctx.globalAlpha = 0.9;
                ctx.lineWidth = 2;
                ctx.beginPath(); ctx.arc(c.x + t.x, c.y + t.y, 6, 0, 2 * Math.PI); ctx.stroke();
                ctx.beginPath(); ctx.arc(c.x + r.x, c.y + r.y, 4, 0, 2 * Math.PI); ctx.fill();
            }
            ctx.globalAlpha = 1;
        }
    }
    Flow {
        id: legend
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        spacing: 14
        Text { text: plot.kind === "width" ? qsTr("outer: target extent · inner: perceived") : qsTr("○ target (outer) · ● response (inner)"); color: Theme.textMuted; font.pixelSize: Theme.smallFontSize }
        // One colour needs no key; past the theme's colours they repeat, and the key says so
        // rather than listing hundreds of levels.
        Repeater {
            model: plot.levels.length > 1 ? plot.levels.slice(0, Theme.series.length) : []
            Row {
                required property var modelData
                required property int index
                spacing: 4
                Rectangle { width: 12; height: 12; radius: 6; color: Theme.series[index % Theme.series.length]; anchors.verticalCenter: parent.verticalCenter }
                Text { text: modelData === "" ? "–" : modelData; color: Theme.text; font.pixelSize: Theme.smallFontSize }
            }
        }
        Text {
            visible: plot.levels.length > Theme.series.length
            text: qsTr("and %1 more %2 levels (the colours repeat)").arg(plot.levels.length - Theme.series.length).arg(plot.colourBy)
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
    }
}
