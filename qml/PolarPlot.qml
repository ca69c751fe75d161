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
    // The answers already grouped (the results browser does it off the window's thread):
    // [{level, unit}] as `groups` below without their colours; null = group `points` here.
    property var scatterGroups: null
    readonly property var levels: {
        if (scatterGroups !== null)
            return scatterGroups.map(g => g.level);
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
    // Localization answers grouped by colour, as unit vectors (x, y pairs: target, response),
    // made when the answers or their colouring change, not at every paint: a paint then draws
    // the lines, rings and dots of a few dozen answers of one colour as three paths (thousands
    // of answers in a few milliseconds of the window's thread).
    readonly property var groups: {
        if (kind === "width")
            return [];
        const colours = colourMap();
        if (scatterGroups !== null)
            return scatterGroups.map(g => ({ colour: colours[g.level], unit: g.unit }));
        const byColour = {}, order = [];
        for (const p of points) {
            if (p.kind !== kind)
                continue;
            const colour = colours[p[colourBy]] || Theme.series[0];
            let group = byColour[colour];
            if (!group) {
                group = byColour[colour] = { colour: colour, unit: [] };
                order.push(group);
            }
            const t = Directions.screenFromAzimuth(p.targetAzimuthDeg, 1);
            const r = Directions.screenFromAzimuth(p.responseAzimuthDeg, 1);
            group.unit.push(t.x, t.y, r.x, r.y);
        }
        return order;
    }
    onGroupsChanged: canvas.requestPaint()
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
            if (plot.kind !== "width") {
                // A few dozen answers of each colour in turn, so that no colour lies all on top.
                const chunk = 4 * 48;
                const longest = Math.max(0, ...plot.groups.map(g => g.unit.length));
                for (let start = 0; start < longest; start += chunk) {
                    for (const group of plot.groups) {
                        const u = group.unit, end = Math.min(u.length, start + chunk);
                        if (start >= end)
                            continue;
                        ctx.strokeStyle = group.colour;
                        ctx.fillStyle = group.colour;
                        ctx.globalAlpha = 0.35;
                        ctx.lineWidth = 1;
                        ctx.beginPath();
                        for (let i = start; i < end; i += 4) {
                            ctx.moveTo(c.x + outer * u[i], c.y + outer * u[i + 1]);
                            ctx.lineTo(c.x + inner * u[i + 2], c.y + inner * u[i + 3]);
                        }
                        ctx.stroke();
                        ctx.globalAlpha = 0.9;
                        ctx.lineWidth = 2;
                        ctx.beginPath();
                        for (let i = start; i < end; i += 4) {
                            const x = c.x + outer * u[i], y = c.y + outer * u[i + 1];
                            ctx.moveTo(x + 6, y);
                            ctx.arc(x, y, 6, 0, 2 * Math.PI);
                        }
                        ctx.stroke();
                        ctx.beginPath();
                        for (let i = start; i < end; i += 4) {
                            const x = c.x + inner * u[i + 2], y = c.y + inner * u[i + 3];
                            ctx.moveTo(x + 4, y);
                            ctx.arc(x, y, 4, 0, 2 * Math.PI);
                        }
                        ctx.fill();
                    }
                }
            }
            let widthTrial = 0;
            for (const point of plot.kind === "width" ? plot.points : []) {
                if (point.kind !== plot.kind)
                    continue;
                const colour = colours[point[plot.colourBy]] || Theme.series[0];
                ctx.strokeStyle = colour;
                // Trials on nested rings (targets outside, answers inside) so they do not hide each other.
                const arc = (r, right, extent) => { ctx.beginPath(); ctx.arc(c.x, c.y, r, Directions.canvasAngle(right), Directions.canvasAngle(right + Math.max(extent, 1)), true); ctx.stroke(); };
                const step = Math.min(5, outer * 0.25 / Math.max(1, plot.points.length));
                ctx.lineWidth = Math.max(1.5, step * 0.7);
                ctx.globalAlpha = 0.8;
                arc(outer - widthTrial * step, point.targetAzimuthDeg - point.targetWidthDeg / 2, point.targetWidthDeg);
                arc(inner - widthTrial * step, point.responseRightEdgeDeg, Directions.widthDeg(point.responseLeftEdgeDeg, point.responseRightEdgeDeg));
                ++widthTrial;
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
