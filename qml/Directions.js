// The one place where screen positions become directions and back (DESIGN.md §2): the pads show
// the listener from above with the nose pointing up the screen; directions are SOFA/AMT degrees
// (0 = front, +90 = LEFT, counter-clockwise seen from above; elevation +90 = up).
.pragma library

function wrap180(degrees) {
    var wrapped = ((degrees + 180) % 360 + 360) % 360 - 180;
    return wrapped === -180 ? 180 : wrapped;
}

function wrap360(degrees) {
    return ((degrees % 360) + 360) % 360;
}

// (dx, dy): the screen offset from the head's centre, y growing downwards.
function azimuthFromScreen(dx, dy) {
    return wrap180(Math.atan2(-dx, -dy) * 180 / Math.PI);
}

// The screen offset of a direction at `radius` pixels from the head's centre.
function screenFromAzimuth(azimuthDeg, radius) {
    var a = azimuthDeg * Math.PI / 180;
    return { x: -radius * Math.sin(a), y: -radius * Math.cos(a) };
}

// Canvas arc angle (radians, clockwise from +x) of an azimuth.
function canvasAngle(azimuthDeg) {
    return (-90 - azimuthDeg) * Math.PI / 180;
}

// Side view (listener facing right): (dx, dy) from the head's centre to an elevation.
function elevationFromSide(dx, dy) {
    var e = Math.atan2(-dy, Math.max(dx, 0)) * 180 / Math.PI;
    return Math.max(-90, Math.min(90, e));
}

function sideFromElevation(elevationDeg, radius) {
    var e = elevationDeg * Math.PI / 180;
    return { x: radius * Math.cos(e), y: -radius * Math.sin(e) };
}

// Width answers: the extent from the right edge counter-clockwise to the left edge, and its centre.
function widthDeg(leftEdgeDeg, rightEdgeDeg) {
    return wrap360(leftEdgeDeg - rightEdgeDeg);
}

function centreDeg(leftEdgeDeg, rightEdgeDeg) {
    return wrap180(rightEdgeDeg + widthDeg(leftEdgeDeg, rightEdgeDeg) / 2);
}

// Rounds an answer to 0.1 degree: finer than any pointer can place it.
function tidy(degrees) {
    return Math.round(degrees * 10) / 10;
}

// Floor plans (azimuth and distance): distance on a logarithmic scale from nearestM at
// innerFraction of the radius (just outside the drawn head) to farthestM at the ring, so every
// doubling of distance takes the same room.
var nearestM = 0.25;
var farthestM = 16;
var innerFraction = 0.2;

function radiusFromDistance(distanceM, radius) {
    var d = Math.max(nearestM, Math.min(farthestM, distanceM));
    var f = Math.log(d / nearestM) / Math.log(farthestM / nearestM);
    return radius * (innerFraction + (1 - innerFraction) * f);
}

function distanceFromRadius(r, radius) {
    var f = (r / radius - innerFraction) / (1 - innerFraction);
    f = Math.max(0, Math.min(1, f));
    return nearestM * Math.pow(farthestM / nearestM, f);
}

// Rounds a distance answer to 1 % of itself (two significant digits below 10 m): finer than
// anyone can tell distances apart.
function tidyDistance(distanceM) {
    return Number(distanceM.toPrecision(2));
}
