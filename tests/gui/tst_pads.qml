import QtQuick
import QtTest
import Stagelab

// The response pads turn screen positions into SOFA directions (+90 = LEFT) - DESIGN.md §2 says
// the GUI converts in one place and tests it. The expected angles below are worked out by hand
// from pixel offsets, not with the GUI's own conversion code.
Item {
    id: root
    width: 500
    height: 500

    LocalizationPad { id: pad; width: 400; height: 400 }
    WidthPad { id: widthPad; width: 400; height: 400; visible: false }
    ElevationArc { id: arc; width: 200; height: 400; visible: false }
    FloorPlanPad { id: floorPlan; width: 400; height: 400; visible: false }
    // Four tokens make one tray row (34 px + 2 x 8 px): the plan above is 400 px, as the
    // FloorPlanPad's, so the same hand-worked radii hold.
    StageMapPad {
        id: stage
        width: 400
        height: 450
        visible: false
        instruments: ["violin", "piano", "bass", "trumpet"]
    }
    SignalSpy { id: soloSpy; target: stage; signalName: "soloRequested" }
    ExternalizationScale {
        id: ratingScale
        width: 360
        visible: false
        anchorsText: ["inside my head, at the centre", "inside my head, near one ear",
                      "at the edge of my head", "outside my head, close by",
                      "outside, far away, at the sound's place"]
    }

    // Positions are within 0.5 px of the intended angle at radius 120 px: 0.25 deg, plus the
    // pad's rounding to 0.1 deg.
    readonly property real tolerance: 0.5

    function near(azimuth, expected) {
        var difference = ((azimuth - expected) % 360 + 540) % 360 - 180;
        return Math.abs(difference) <= tolerance;
    }

    TestCase {
        name: "LocalizationPad"
        when: windowShown

        function init() { pad.clear(); pad.visible = true; widthPad.visible = false; arc.visible = false; floorPlan.visible = false; ratingScale.visible = false; }

        function test_labels_are_clear_of_ring_markers_and_focus_ring() {
            // A marker on the ring reaches 17 px out (the truth ring is 34 px across); the focus
            // ring is 3 px wide at the pad's edge. Every label must lie between the two.
            const centre = Qt.point(pad.width / 2, pad.height / 2);
            for (const name of ["Front", "Left", "Behind", "Right"]) {
                const label = findChild(pad, "ringLabel" + name);
                verify(label, name);
                const p = label.mapToItem(pad, 0, 0);
                const corners = [[p.x, p.y], [p.x + label.width, p.y], [p.x, p.y + label.height],
                                 [p.x + label.width, p.y + label.height]];
                // Nearest point of the label's box to the centre, and its farthest corner.
                const nx = Math.max(p.x, Math.min(centre.x, p.x + label.width));
                const ny = Math.max(p.y, Math.min(centre.y, p.y + label.height));
                const nearest = Math.hypot(nx - centre.x, ny - centre.y);
                const farthest = Math.max(...corners.map(c => Math.hypot(c[0] - centre.x, c[1] - centre.y)));
                verify(nearest >= pad.radius + 17, name + " reaches in to " + nearest + ", ring at " + pad.radius);
                verify(farthest <= Math.min(pad.width, pad.height) / 2 - 3, name + " reaches out to " + farthest);
            }
        }

        function test_click_data() {
            // (dx, dy): offset from the pad's centre in pixels, screen y down, nose up.
            return [
                { tag: "front", dx: 0, dy: -120, azimuth: 0 },
                { tag: "front-left quadrant", dx: -60, dy: -103.923, azimuth: 30 },     // sin30=0.5, cos30=0.866
                { tag: "left", dx: -120, dy: 0, azimuth: 90 },
                { tag: "back-left quadrant", dx: -103.923, dy: 60, azimuth: 120 },
                { tag: "behind", dx: 0, dy: 120, azimuth: 180 },
                { tag: "back-right quadrant", dx: 60, dy: 103.923, azimuth: -150 },
                { tag: "right", dx: 120, dy: 0, azimuth: -90 },
                { tag: "front-right quadrant", dx: 103.923, dy: -60, azimuth: -60 },
            ];
        }
        function test_click(data) {
            mouseClick(pad, pad.width / 2 + data.dx, pad.height / 2 + data.dy);
            verify(pad.hasAnswer);
            verify(near(pad.azimuthDeg, data.azimuth), "clicked " + data.tag + ": got " + pad.azimuthDeg + ", want " + data.azimuth);
        }

        function test_drag_follows_the_pointer() {
            mousePress(pad, pad.width / 2, pad.height / 2 - 120);           // front
            mouseMove(pad, pad.width / 2 - 120, pad.height / 2, 0, Qt.LeftButton); // to the left
            mouseRelease(pad, pad.width / 2 - 120, pad.height / 2);
            verify(near(pad.azimuthDeg, 90), "dragged to the left: " + pad.azimuthDeg);
        }

        function test_keyboard() {
            pad.forceActiveFocus();
            keyClick(Qt.Key_Left);            // the first key places the answer in front
            compare(pad.azimuthDeg, 0);
            keyClick(Qt.Key_Left);            // left is counter-clockwise: +5
            keyClick(Qt.Key_Left, Qt.ShiftModifier);
            compare(pad.azimuthDeg, 6);
            for (var i = 0; i < 4; ++i)
                keyClick(Qt.Key_Right);
            compare(pad.azimuthDeg, -14);
        }

        function test_keyboard_wraps_behind() {
            pad.forceActiveFocus();
            pad.place(175);
            keyClick(Qt.Key_Left);
            compare(pad.azimuthDeg, 180);
            keyClick(Qt.Key_Left);
            compare(pad.azimuthDeg, -175);
        }
    }

    TestCase {
        name: "WidthPad"
        when: windowShown

        function init() { widthPad.clear(); widthPad.visible = true; pad.visible = false; arc.visible = false; floorPlan.visible = false; ratingScale.visible = false; }
        function at(azimuth) {
            var a = azimuth * Math.PI / 180;   // SOFA: +90 is screen-left, 0 is up
            return { x: widthPad.width / 2 - 120 * Math.sin(a), y: widthPad.height / 2 - 120 * Math.cos(a) };
        }
        function drag(from, to) {
            var a = at(from), b = at(to);
            mousePress(widthPad, a.x, a.y);
            // Through the middle so the handle follows the ring, not a chord.
            mouseMove(widthPad, at((from + to) / 2).x, at((from + to) / 2).y, 0, Qt.LeftButton);
            mouseMove(widthPad, b.x, b.y, 0, Qt.LeftButton);
            mouseRelease(widthPad, b.x, b.y);
        }

        function test_drag_out_both_edges() {
            drag(0, 30);    // first press places both edges in front; moving left pulls the left edge
            verify(near(widthPad.leftEdgeDeg, 30), "left edge " + widthPad.leftEdgeDeg);
            verify(near(widthPad.rightEdgeDeg, 0), "right edge " + widthPad.rightEdgeDeg);
            drag(0, -30);   // grabs the nearer (right) edge
            verify(near(widthPad.rightEdgeDeg, -30), "right edge " + widthPad.rightEdgeDeg);
            verify(near(widthPad.widthDeg, 60), "width " + widthPad.widthDeg);
            verify(near(widthPad.centreDeg, 0), "centre " + widthPad.centreDeg);
        }

        function test_off_centre_source_on_the_right() {
            drag(-40, -20);  // moving towards the left from -40: the left edge goes to -20
            drag(-40, -80);  // the right edge out to -80
            verify(near(widthPad.widthDeg, 60), "width " + widthPad.widthDeg);
            verify(near(widthPad.centreDeg, -50), "centre " + widthPad.centreDeg);
        }

        function test_span_across_the_back() {
            // From 170 to 190 (= -170) is counter-clockwise, so the dragged edge is the
            // counter-clockwise end: the "left" edge in the analysis' definition (result_row.h),
            // although behind the head it lies on the listener's right.
            drag(170, 190);
            verify(near(widthPad.leftEdgeDeg, -170), "left edge " + widthPad.leftEdgeDeg);
            verify(near(widthPad.rightEdgeDeg, 170), "right edge " + widthPad.rightEdgeDeg);
            verify(near(widthPad.widthDeg, 20), "width " + widthPad.widthDeg);
            verify(near(widthPad.centreDeg, 180), "centre " + widthPad.centreDeg);
            // The handles are labelled by the listener's sides: the recorded "left" edge,
            // behind the head on the listener's right, reads R; Up takes the one marked L.
            compare(findChild(widthPad, "leftHandle").label, "R");
            compare(findChild(widthPad, "rightHandle").label, "L");
            widthPad.forceActiveFocus();
            keyClick(Qt.Key_Up);
            compare(widthPad.activeEdge, "right");
        }

        function test_handles_in_front_read_as_seen() {
            drag(0, 30);
            drag(0, -30);
            compare(findChild(widthPad, "leftHandle").label, "L");
            compare(findChild(widthPad, "rightHandle").label, "R");
        }

        function test_edges_never_cross() {
            // Regression: moving the left edge clockwise past the right one used to give a
            // source 355 degrees wide; the edges swap names instead.
            widthPad.forceActiveFocus();
            keyClick(Qt.Key_Left);               // both edges in front, the left one active
            keyClick(Qt.Key_Right);              // the active edge moves to -5: it is now the right edge
            compare(widthPad.widthDeg, 5);
            compare(widthPad.rightEdgeDeg, -5);
            compare(widthPad.leftEdgeDeg, 0);
            compare(widthPad.activeEdge, "right");
            drag(20, 40);                        // a mouse drag of the left edge ...
            drag(20, -30);                       // ... back across the right edge at -5
            verify(near(widthPad.widthDeg, 25), "width " + widthPad.widthDeg);
            verify(near(widthPad.centreDeg, -17.5), "centre " + widthPad.centreDeg);
        }

        function test_keyboard() {
            widthPad.forceActiveFocus();
            keyClick(Qt.Key_Left);               // places both edges in front
            verify(widthPad.hasAnswer);
            keyClick(Qt.Key_Up);                 // the left edge
            keyClick(Qt.Key_Left);
            keyClick(Qt.Key_Left);
            keyClick(Qt.Key_Down);               // the right edge
            for (var i = 0; i < 4; ++i)
                keyClick(Qt.Key_Right);
            compare(widthPad.leftEdgeDeg, 10);
            compare(widthPad.rightEdgeDeg, -20);
            compare(widthPad.widthDeg, 30);
            compare(widthPad.centreDeg, -5);
        }
    }

    TestCase {
        name: "ElevationArc"
        when: windowShown

        function init() { arc.clear(); arc.visible = true; pad.visible = false; widthPad.visible = false; floorPlan.visible = false; ratingScale.visible = false; }

        function test_click_data() {
            return [
                { tag: "ear level", dx: 120, dy: 0, elevation: 0 },
                { tag: "above", dx: 60, dy: -103.923, elevation: 60 },
                { tag: "below", dx: 103.923, dy: 60, elevation: -30 },
            ];
        }
        function test_click(data) {
            mouseClick(arc, arc.centre.x + data.dx, arc.centre.y + data.dy);
            verify(Math.abs(arc.elevationDeg - data.elevation) <= 0.5, data.tag + ": " + arc.elevationDeg);
        }
        function test_keyboard() {
            arc.forceActiveFocus();
            keyClick(Qt.Key_Up);
            keyClick(Qt.Key_Up);
            keyClick(Qt.Key_Up, Qt.ShiftModifier);
            compare(arc.elevationDeg, 6);
        }
    }

    TestCase {
        name: "FloorPlanPad"
        when: windowShown

        function init() {
            floorPlan.clear(); floorPlan.visible = true;
            pad.visible = false; widthPad.visible = false; arc.visible = false; ratingScale.visible = false;
        }

        // The scale as documented, worked out by hand: the pad's ring is 136 px from its centre
        // (400 / 2 - 64); 0.25 m lies at 20 % of it and 16 m on it, six doublings apart, so a
        // distance d sits at 136 * (0.2 + 0.8 * log2(d / 0.25) / 6) px: 0.5 m at 45.33 px, 2 m at
        // 81.60 px, 8 m at 117.87 px. Half a pixel there is under 2 % of distance; the pad
        // rounds to 1 %: 3 % tolerance.
        function test_click_data() {
            const rows = [];
            const radii = [{ metres: 0.5, px: 45.333 }, { metres: 2, px: 81.6 }, { metres: 8, px: 117.867 }];
            // One direction in each quadrant: front-left 30, back-left 120, back-right -150,
            // front-right -60 (sin 30 = 0.5, cos 30 = 0.866).
            const quadrants = [{ tag: "front-left", sx: -0.5, sy: -0.866, azimuth: 30 },
                               { tag: "back-left", sx: -0.866, sy: 0.5, azimuth: 120 },
                               { tag: "back-right", sx: 0.5, sy: 0.866, azimuth: -150 },
                               { tag: "front-right", sx: 0.866, sy: -0.5, azimuth: -60 }];
            for (const q of quadrants)
                for (const r of radii)
                    rows.push({ tag: q.tag + " " + r.metres + " m", dx: q.sx * r.px, dy: q.sy * r.px,
                                azimuth: q.azimuth, metres: r.metres });
            return rows;
        }
        function test_click(data) {
            mouseClick(floorPlan, floorPlan.width / 2 + data.dx, floorPlan.height / 2 + data.dy);
            verify(floorPlan.hasAnswer);
            verify(near(floorPlan.azimuthDeg, data.azimuth), data.tag + ": azimuth " + floorPlan.azimuthDeg);
            verify(Math.abs(floorPlan.distanceM / data.metres - 1) < 0.03, data.tag + ": distance " + floorPlan.distanceM);
        }

        function test_keyboard() {
            floorPlan.forceActiveFocus();
            keyClick(Qt.Key_Plus);           // the first key places the answer in front at 2 m
            verify(floorPlan.hasAnswer);
            compare(floorPlan.azimuthDeg, 0);
            compare(floorPlan.distanceM, 2);
            for (let i = 0; i < 4; ++i)      // four quarter doublings: 4 m
                keyClick(Qt.Key_Plus);
            verify(Math.abs(floorPlan.distanceM - 4) < 0.05, "after four +: " + floorPlan.distanceM);
            keyClick(Qt.Key_Minus);
            keyClick(Qt.Key_Minus);          // half a doubling nearer: 4 / sqrt 2
            verify(Math.abs(floorPlan.distanceM - 2.83) < 0.05, "after two -: " + floorPlan.distanceM);
            keyClick(Qt.Key_Left);           // Left turns towards the left (+ azimuth)
            compare(floorPlan.azimuthDeg, 5);
            for (let i = 0; i < 40; ++i)     // never nearer than the nearest ring
                keyClick(Qt.Key_Minus);
            compare(floorPlan.distanceM, 0.25);
        }

        function test_answer_marker_sits_at_the_distance() {
            mouseClick(floorPlan, floorPlan.width / 2, floorPlan.height / 2 - 81.6); // 2 m ahead
            const marker = findChild(floorPlan, "answerMarker");
            verify(Math.abs(marker.radius - 81.6) < 1.5, "marker at " + marker.radius + " px");
        }
    }

    TestCase {
        name: "StageMapPad"
        when: windowShown

        function init() {
            stage.clear(); stage.visible = true; soloSpy.clear();
            pad.visible = false; widthPad.visible = false; arc.visible = false; floorPlan.visible = false; ratingScale.visible = false;
        }
        function cleanup() { stage.visible = false; }

        // Drags a token by its middle to (x, y) of the pad, in steps (past the drag threshold).
        function dragToken(index, x, y) {
            const token = findChild(stage, "token" + index);
            verify(token, "token " + index);
            const from = token.mapToItem(stage, token.width / 2, token.height / 2);
            mousePress(stage, from.x, from.y);
            for (let step = 1; step <= 10; ++step)
                mouseMove(stage, from.x + (x - from.x) * step / 10, from.y + (y - from.y) * step / 10);
            mouseRelease(stage, x, y);
            return token;
        }

        // As the FloorPlanPad's: the plan's ring is 136 px from its centre (200, 200); 0.5 m
        // lies 45.33 px out, 2 m 81.60 px, 8 m 117.87 px (3 % distance tolerance: half a pixel
        // plus the pad's 1 % rounding). Each quadrant, each distance, a different token.
        function test_drag_data() {
            const rows = [];
            const radii = [{ metres: 0.5, px: 45.333 }, { metres: 2, px: 81.6 }, { metres: 8, px: 117.867 }];
            const quadrants = [{ tag: "front-left", sx: -0.5, sy: -0.866, azimuth: 30 },
                               { tag: "back-left", sx: -0.866, sy: 0.5, azimuth: 120 },
                               { tag: "back-right", sx: 0.5, sy: 0.866, azimuth: -150 },
                               { tag: "front-right", sx: 0.866, sy: -0.5, azimuth: -60 }];
            for (let q = 0; q < quadrants.length; ++q)
                for (const r of radii)
                    rows.push({ tag: quadrants[q].tag + " " + r.metres + " m", token: q,
                                x: 200 + quadrants[q].sx * r.px, y: 200 + quadrants[q].sy * r.px,
                                azimuth: quadrants[q].azimuth, metres: r.metres });
            return rows;
        }
        function test_drag(data) {
            const token = dragToken(data.token, data.x, data.y);
            const place = stage.places[data.token];
            verify(place, data.tag + ": not placed");
            verify(near(place.azimuthDeg, data.azimuth), data.tag + ": azimuth " + place.azimuthDeg);
            verify(Math.abs(place.distanceM / data.metres - 1) < 0.03, data.tag + ": distance " + place.distanceM);
            // The token now sits where it was dropped (its binding restored to its place).
            const centre = token.mapToItem(stage, token.width / 2, token.height / 2);
            verify(Math.hypot(centre.x - data.x, centre.y - data.y) < 1.5, data.tag + ": token at " + centre.x + "," + centre.y);
            compare(stage.placedCount, 1);
        }

        function test_drop_off_the_plan_goes_back_to_the_tray() {
            dragToken(1, 200, 200 - 81.6);           // placed, 2 m ahead
            verify(stage.places[1]);
            const token = dragToken(1, 395, 5);      // the corner, beyond the ring
            compare(stage.places[1], null);
            const home = stage.tokenCentre(1);
            verify(home.y > 400, "back in the tray below the plan: " + home.y);
            const centre = token.mapToItem(stage, token.width / 2, token.height / 2);
            verify(Math.hypot(centre.x - home.x, centre.y - home.y) < 1, "token at " + centre.x + "," + centre.y);
        }

        function test_keyboard() {
            stage.forceActiveFocus();
            keyClick(Qt.Key_2);                      // the second instrument
            compare(stage.selected, 1);
            keyClick(Qt.Key_Left);                   // the first key puts it in front at 2 m
            compare(stage.places[1].azimuthDeg, 0);
            compare(stage.places[1].distanceM, 2);
            keyClick(Qt.Key_Left);                   // Left turns it left (+ azimuth)
            keyClick(Qt.Key_Left, Qt.ShiftModifier); // Shift: 1 degree
            compare(stage.places[1].azimuthDeg, 6);
            for (let i = 0; i < 4; ++i)              // four quarter doublings: 4 m
                keyClick(Qt.Key_Plus);
            verify(Math.abs(stage.places[1].distanceM - 4) < 1e-9, "after four +: " + stage.places[1].distanceM);
            keyClick(Qt.Key_4);
            keyClick(Qt.Key_Right);
            keyClick(Qt.Key_Right);
            compare(stage.places[3].azimuthDeg, -5);
            compare(stage.places[1].azimuthDeg, 6); // the others stay where they are
            keyClick(Qt.Key_S);                      // hear the chosen one alone
            compare(soloSpy.count, 1);
            compare(soloSpy.signalArguments[0][0], 3);
            keyClick(Qt.Key_Delete);                 // back to the tray
            compare(stage.places[3], null);
            keyClick(Qt.Key_9);                      // no ninth instrument: nothing changes
            compare(stage.selected, 3);
        }

        function test_complete_only_when_every_token_is_placed() {
            stage.forceActiveFocus();
            verify(!stage.allPlaced);
            // Choose each by its key and click the plan: three placed is not enough.
            const spots = [[200, 120], [120, 200], [280, 200], [200, 280]];
            for (let i = 0; i < 4; ++i) {
                verify(!stage.allPlaced, "complete after " + i);
                keyClick(Qt.Key_1 + i);
                mouseClick(stage, spots[i][0], spots[i][1]);
                compare(stage.placedCount, i + 1);
            }
            verify(stage.allPlaced);
            const answer = stage.placements();
            compare(answer.length, 4);
            verify(near(answer[1].azimuthDeg, 90) && near(answer[2].azimuthDeg, -90), JSON.stringify(answer));
            keyClick(Qt.Key_3);
            keyClick(Qt.Key_Backspace);
            verify(!stage.allPlaced);
        }

        function test_hovering_a_token_plays_it_alone() {
            const token = findChild(stage, "token2");
            mouseMove(token, token.width / 2, token.height / 2);
            tryCompare(soloSpy, "count", 1, 2000);
            compare(soloSpy.signalArguments[0][0], 2);
            mouseMove(stage, 5, 5);                  // leaving it plays nothing more
            wait(700);
            compare(soloSpy.count, 1);
        }
    }

    TestCase {
        name: "ExternalizationScale"
        when: windowShown

        function init() {
            ratingScale.clear(); ratingScale.visible = true;
            pad.visible = false; widthPad.visible = false; arc.visible = false; floorPlan.visible = false;
        }

        function test_click_each_line() {
            verify(!ratingScale.hasAnswer);
            for (let i = 0; i < 5; ++i) {
                const line = findChild(ratingScale, "rating" + i);
                verify(line, "line " + i);
                mouseClick(line, line.width / 2, line.height / 2);
                compare(ratingScale.rating, i);
            }
        }

        function test_number_keys_and_arrows() {
            ratingScale.forceActiveFocus();
            keyClick(Qt.Key_3);
            compare(ratingScale.rating, 3);
            keyClick(Qt.Key_Up);
            compare(ratingScale.rating, 2);
            keyClick(Qt.Key_Down);
            keyClick(Qt.Key_Down);
            keyClick(Qt.Key_Down);           // stops at the last line
            compare(ratingScale.rating, 4);
            keyClick(Qt.Key_7);              // not on the scale: nothing changes
            compare(ratingScale.rating, 4);
            keyClick(Qt.Key_0);
            compare(ratingScale.rating, 0);
        }
    }
}
