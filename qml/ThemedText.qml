import QtQuick

// Body text in the theme; wraps by default so nothing is clipped at small window sizes.
Text {
    property bool muted: false
    color: muted ? Theme.textMuted : Theme.text
    font.pixelSize: Theme.fontSize
    wrapMode: Text.Wrap
}
