// The metric columns pages show, by kind (names as in engine/analysis/localization_metrics).
.pragma library

var localization = [
    { key: "greatCircleErrorDeg", title: "Great-circle error °" },
    { key: "azimuthErrorDeg", title: "|Azimuth error| °" },
    { key: "accL", title: "accL °" },
    { key: "precL", title: "precL °" },
    { key: "querr", title: "QE %" },
    { key: "rFBC", title: "Front-back %" }
];

var width = [
    { key: "perceivedWidthDeg", title: "Perceived width °" },
    { key: "widthErrorDeg", title: "Width error °" },
    { key: "absWidthErrorDeg", title: "|Width error| °" },
    { key: "centreErrorDeg", title: "Centre error °" }
];

function groupsOfKind(groups, kind) {
    return groups.filter(function (g) { return g.label.indexOf(kind) === 0; });
}
