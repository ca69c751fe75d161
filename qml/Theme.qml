pragma Singleton
import QtQuick

// One theme for every page: a dark, low-glare palette for hour-long sessions. Text colours keep
// a contrast of at least 7:1 (primary) and 4.5:1 (muted) against the surfaces they sit on.
QtObject {
    readonly property color background: "#12151a"
    readonly property color surface: "#1b2028"
    readonly property color surfaceRaised: "#252c36"
    readonly property color border: "#3a4452"
    readonly property color text: "#eef1f5"
    readonly property color textMuted: "#a9b3c1"
    readonly property color accent: "#5cb8ff"
    readonly property color accentText: "#08121c"
    readonly property color response: "#5cb8ff"
    readonly property color target: "#7ee2a8"
    readonly property color danger: "#ff7b7b"
    readonly property color warning: "#ffcf66"
    readonly property color focusRing: "#ffd166"
    readonly property var series: ["#5cb8ff", "#ffa94d", "#c58cff", "#7ee2a8", "#ff7b7b", "#ffe066"]

    readonly property int spacing: 12
    readonly property int radius: 8
    readonly property int fontSize: 16
    readonly property int smallFontSize: 13
    readonly property int titleFontSize: 28
    readonly property int headingFontSize: 20
}
