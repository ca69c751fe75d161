import QtQuick
import "Directions.js" as Directions

// An ensemble's stage seen from above (the FloorPlanPad's plan: the listener in the centre, nose
// up, distance rings 0.25-16 m): a labelled token per instrument waits in the tray below; drag
// each onto the plan where you hear it (or choose one and click the plan). Hovering a token
// plays its instrument alone. Keys: 1-8 choose an instrument, ←/→ turn it (Shift: fine steps),
// +/− or ↑/↓ move it farther or nearer (the first key puts it in front at 2 m), S plays it
// alone, Delete sends it back to the tray. Azimuths are SOFA (+90 = left).
FocusScope {
    id: pad
    /// The instruments' names, in the trial's order.
    property var instruments: []
    /// Per instrument: null until placed, then {azimuthDeg, distanceM}.
    property var places: []
    /// The instrument the keys move.
    property int selected: 0
    property bool enabledForInput: true
    /// Hovering may play an instrument alone now (the ensemble heard, nothing playing: a hover
    /// on the way to a token must not cut a replay short).
    property bool soloReady: true
    /// After a training answer, the true places ({azimuthDeg, distanceM} per instrument).
    property var feedbackPlaces: []
    readonly property int placedCount: places.filter(place => place !== null).length
    readonly property bool allPlaced: instruments.length > 0 && placedCount === instruments.length
    readonly property int trayColumns: Math.max(1, Math.min(instruments.length, 4))
    readonly property real tokenHeight: 34
    readonly property real trayHeight: Math.ceil(instruments.length / trayColumns) * (tokenHeight + 8) + 8
    readonly property real planSize: Math.max(0, Math.min(width, height - trayHeight))
    readonly property real radius: Math.max(0, planSize / 2 - 64)
    readonly property point centre: Qt.point(width / 2, planSize / 2)
    readonly property real tokenWidth: Math.min(132, (width - 8 * (trayColumns + 1)) / trayColumns)
    /// The listener asks to hear instrument `index` alone.
    signal soloRequested(int index)
    signal answerChanged()

    implicitWidth: 460
    implicitHeight: 460 + trayHeight
    activeFocusOnTab: true

    function clear() {
        places = instruments.map(() => null);
        selected = 0;
    }
    // A new list of instruments starts empty; the same list again (the binding re-evaluated as
    // the page shows a practice answer's true places) keeps what the listener placed.
    property string shownInstruments: ""
    onInstrumentsChanged: {
        const names = JSON.stringify(instruments);
        if (names !== shownInstruments) {
            shownInstruments = names;
            clear();
        }
    }

    // As on the FloorPlanPad: a pointer's distance is rounded to 1 %, keyboard steps are exact.
    function place(index, azimuth, distance, exact) {
        const clamped = Math.max(Directions.nearestM, Math.min(Directions.farthestM, distance));
        const copy = places.slice();
        copy[index] = { azimuthDeg: Directions.tidy(Directions.wrap180(azimuth)),
                        distanceM: exact ? clamped : Directions.tidyDistance(clamped) };
        places = copy;
        selected = index;
        answerChanged();
    }
    function unplace(index) {
        const copy = places.slice();
        copy[index] = null;
        places = copy;
        answerChanged();
    }
    /// Places instrument `index` at (x, y) of the pad; false (and back to the tray) when the
    /// point is off the plan or on the head.
    function placeAt(index, x, y) {
        const dx = x - centre.x, dy = y - centre.y;
        const r = Math.hypot(dx, dy);
        if (r > radius + 24 || r < radius * 0.1) {
            unplace(index);
            return false;
        }
        place(index, Directions.azimuthFromScreen(dx, dy), Directions.distanceFromRadius(Math.min(r, radius), radius), false);
        return true;
    }
    /// The answer as the session records it: per instrument {azimuthDeg, distanceM}.
    function placements() {
        return places.map(place => ({ azimuthDeg: place.azimuthDeg, distanceM: place.distanceM }));
    }
    /// Where instrument `index` sits now: its place on the plan, or its slot in the tray
    /// (the token's centre, in pad coordinates).
    function tokenCentre(index) {
        const place = places[index];
        if (place) {
            const at = Directions.screenFromAzimuth(place.azimuthDeg, Directions.radiusFromDistance(place.distanceM, radius));
            return Qt.point(centre.x + at.x, centre.y + at.y);
        }
        const column = index % trayColumns, row = Math.floor(index / trayColumns);
        const rowWidth = trayColumns * tokenWidth + (trayColumns - 1) * 8;
        return Qt.point((width - rowWidth) / 2 + column * (tokenWidth + 8) + tokenWidth / 2,
                        planSize + 8 + row * (tokenHeight + 8) + tokenHeight / 2);
    }

    Keys.onPressed: (event) => {
        if (!enabledForInput || instruments.length === 0)
            return;
        const digit = event.key - Qt.Key_1;
        if (digit >= 0 && digit < instruments.length && event.key <= Qt.Key_9) {
            selected = digit;
            event.accepted = true;
            return;
        }
        const place = places[selected];
        const step = (event.modifiers & Qt.ShiftModifier) ? 1 : 5;
        const factor = Math.pow(2, 1 / 4);
        const farther = [Qt.Key_Plus, Qt.Key_Equal, Qt.Key_Up].includes(event.key);
        const nearer = [Qt.Key_Minus, Qt.Key_Underscore, Qt.Key_Down].includes(event.key);
        const turn = event.key === Qt.Key_Left ? step : event.key === Qt.Key_Right ? -step : 0;
        if (event.key === Qt.Key_S) {
            soloRequested(selected);
        } else if (event.key === Qt.Key_Delete || event.key === Qt.Key_Backspace) {
            unplace(selected);
        } else if (!place && (farther || nearer || turn !== 0)) {
            pad.place(selected, 0, 2, true);
        } else if (turn !== 0) {
            pad.place(selected, place.azimuthDeg + turn, place.distanceM, true);
        } else if (farther || nearer) {
            pad.place(selected, place.azimuthDeg, farther ? place.distanceM * factor : place.distanceM / factor, true);
        } else {
            return;
        }
        event.accepted = true;
    }

    Rectangle {
        x: pad.centre.x - width / 2
        y: 0
        width: pad.planSize
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
    // A click on the plan places the chosen instrument there.
    MouseArea {
        objectName: "stagePlan"
        x: pad.centre.x - pad.planSize / 2
        width: pad.planSize
        height: pad.planSize
        enabled: pad.enabledForInput
        onPressed: (mouse) => {
            pad.forceActiveFocus();
            const at = mapToItem(pad, mouse.x, mouse.y);
            pad.placeAt(pad.selected, at.x, at.y);
        }
    }
    // The true places after a training answer: hollow rings numbered like the tokens.
    Repeater {
        model: pad.feedbackPlaces
        Rectangle {
            required property var modelData
            required property int index
            readonly property var at: Directions.screenFromAzimuth(modelData.azimuthDeg, Directions.radiusFromDistance(modelData.distanceM, pad.radius))
            objectName: "feedbackPlace" + index
            width: 30
            height: 30
            radius: 15
            x: pad.centre.x + at.x - width / 2
            y: pad.centre.y + at.y - height / 2
            color: "transparent"
            border.width: 3
            border.color: Theme.target
            Text {
                anchors.centerIn: parent
                text: index + 1
                color: Theme.target
                font.bold: true
                font.pixelSize: Theme.smallFontSize
            }
        }
    }
    Repeater {
        id: tokens
        model: pad.instruments
        Rectangle {
            id: token
            required property string modelData
            required property int index
            readonly property point home: pad.tokenCentre(index)
            readonly property bool chosen: pad.selected === index
            // On the plan a token is a numbered dot at its place, its name beside it, so it
            // covers little of the rings; in the tray and while dragged, a labelled pill.
            readonly property bool onPlan: pad.places[index] !== null && pad.places[index] !== undefined && !grip.drag.active
            objectName: "token" + index
            width: onPlan ? pad.tokenHeight - 6 : pad.tokenWidth
            height: onPlan ? pad.tokenHeight - 6 : pad.tokenHeight
            radius: height / 2
            x: home.x - width / 2
            y: home.y - height / 2
            z: grip.drag.active ? 3 : chosen ? 2 : 1
            color: pad.places[index] ? Theme.response : Theme.surfaceRaised
            border.width: chosen ? 3 : 1
            border.color: chosen ? Theme.focusRing : Theme.border
            opacity: pad.enabledForInput || pad.places[index] ? 1 : 0.6
            Text {
                anchors.centerIn: parent
                visible: token.onPlan
                text: token.index + 1
                font.bold: true
                font.pixelSize: Theme.smallFontSize
                color: Theme.accentText
            }
            Text {
                objectName: "tokenLabel" + token.index
                visible: token.onPlan
                anchors.left: parent.right
                anchors.leftMargin: 4
                anchors.verticalCenter: parent.verticalCenter
                text: token.modelData
                font.pixelSize: Theme.smallFontSize
                color: Theme.text
                style: Text.Outline
                styleColor: Theme.background
            }
            Row {
                anchors.centerIn: parent
                visible: !token.onPlan
                width: parent.width - 16
                spacing: 6
                Text {
                    id: number
                    text: token.index + 1
                    font.bold: true
                    font.pixelSize: Theme.smallFontSize
                    color: pad.places[token.index] ? Theme.accentText : Theme.textMuted
                }
                Text {
                    width: parent.width - number.width - 6
                    text: token.modelData
                    elide: Text.ElideRight
                    font.pixelSize: Theme.smallFontSize
                    color: pad.places[token.index] ? Theme.accentText : Theme.text
                }
            }
            // Hovering a token a moment plays its instrument alone.
            Timer {
                id: hoverSolo
                interval: 500
                onTriggered: if (grip.containsMouse && !grip.pressed && pad.soloReady) pad.soloRequested(token.index)
            }
            MouseArea {
                id: grip
                anchors.fill: parent
                enabled: pad.enabledForInput
                hoverEnabled: true
                drag.target: token
                onContainsMouseChanged: if (containsMouse) hoverSolo.restart(); else hoverSolo.stop()
                onPressed: {
                    pad.forceActiveFocus();
                    pad.selected = token.index;
                }
                function rebind() {
                    // Back on its binding: on the plan where it was placed, or in the tray.
                    token.x = Qt.binding(() => token.home.x - token.width / 2);
                    token.y = Qt.binding(() => token.home.y - token.height / 2);
                }
                onCanceled: rebind() // the grab taken away mid-drag: the token goes home
                onReleased: (mouse) => {
                    // Moved more than a click's jitter: a drop where the pointer is (the token
                    // trails it by the drag threshold, then settles there).
                    const moved = Math.hypot(token.x + token.width / 2 - token.home.x,
                                             token.y + token.height / 2 - token.home.y) > 4;
                    const at = grip.mapToItem(pad, mouse.x, mouse.y);
                    if (grip.drag.active || moved)
                        pad.placeAt(token.index, at.x, at.y);
                    rebind();
                }
            }
        }
    }
}
