import QtQuick

// One metric per condition: the mean over participants (dot) with its bootstrap 95 % interval
// (whiskers), conditions side by side. `bars`: [{label, mean, low, high, participants}].
Item {
    id: plot
    property var bars: []
    property string title: ""
    property string unit: "°"
    implicitWidth: 420
    implicitHeight: 300
    onBarsChanged: canvas.requestPaint()
    onWidthChanged: canvas.requestPaint()
    onHeightChanged: canvas.requestPaint()

    Text { id: heading; text: plot.title; color: Theme.text; font.pixelSize: Theme.fontSize; font.bold: true }
    Canvas {
        id: canvas
        renderStrategy: Canvas.Threaded // a bar per participant can be hundreds
        anchors { top: heading.bottom; left: parent.left; right: parent.right; bottom: parent.bottom; topMargin: 8 }
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            const left = 56, bottom = height - 40, top = 10, right = width - 10;
            let high = 0, low = 0;
            for (const b of plot.bars) { high = Math.max(high, b.high, b.mean); low = Math.min(low, b.low, b.mean); }
            if (high === low) high = low + 1;
            const span = high - low;
            const y = (v) => bottom - (v - low) / (span * 1.1) * (bottom - top);
            ctx.strokeStyle = Theme.border;
            ctx.fillStyle = Theme.textMuted;
            ctx.font = Theme.smallFontSize + "px sans-serif";
            ctx.lineWidth = 1;
            ctx.textAlign = "right";
            for (let i = 0; i <= 4; ++i) {
                const v = low + span * 1.1 * i / 4;
                ctx.beginPath(); ctx.moveTo(left, y(v)); ctx.lineTo(right, y(v)); ctx.stroke();
                ctx.fillText(v.toFixed(1) + plot.unit, left - 6, y(v) + 4);
            }
            const bars = plot.bars, n = bars.length;
            // Hundreds of bars (one per participant) get narrower whiskers and dots, and a label
            // every so many bars, so that labels never run into each other.
            const slot = (right - left) / Math.max(1, n);
            const whisker = Math.min(10, slot * 0.3), dot = Math.max(1.5, Math.min(6, slot * 0.3));
            const labelEvery = Math.max(1, Math.ceil(110 / slot));
            ctx.textAlign = "center";
            for (let i = 0; i < n; ++i) {
                const b = bars[i];
                const x = left + slot * (i + 0.5);
                const colour = Theme.series[i % Theme.series.length];
                ctx.strokeStyle = colour;
                ctx.fillStyle = colour;
                ctx.lineWidth = 2;
                ctx.beginPath(); ctx.moveTo(x, y(b.low)); ctx.lineTo(x, y(b.high));
                ctx.moveTo(x - whisker, y(b.low)); ctx.lineTo(x + whisker, y(b.low));
                ctx.moveTo(x - whisker, y(b.high)); ctx.lineTo(x + whisker, y(b.high)); ctx.stroke();
                ctx.beginPath(); ctx.arc(x, y(b.mean), dot, 0, 2 * Math.PI); ctx.fill();
                if (i % labelEvery !== 0)
                    continue;
                ctx.fillStyle = Theme.text;
                ctx.fillText(b.label + " (n=" + b.participants + ")", x, bottom + 22);
            }
        }
    }
}
