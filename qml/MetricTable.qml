import QtQuick
import QtQuick.Layouts

// Metrics per group as a table: one row per group (label, trials) and the chosen metric columns.
// `groups`: maps from analysis_variants (label, rows, metric values; undefined = not defined).
GridLayout {
    id: table
    property var groups: []
    /// [{key, title, decimals}]
    property var columnsShown: []
    columns: columnsShown.length + 2
    columnSpacing: 18
    rowSpacing: 6

    ThemedText { text: qsTr("Condition"); font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize }
    ThemedText { text: qsTr("Trials"); font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize }
    Repeater {
        model: table.columnsShown
        ThemedText { required property var modelData; text: modelData.title; font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize; Layout.alignment: Qt.AlignRight }
    }
    Repeater {
        model: table.groups
        delegate: Repeater {
            id: row
            required property var modelData
            readonly property var group: modelData
            model: [{ key: "label" }, { key: "rows" }].concat(table.columnsShown)
            ThemedText {
                required property var modelData
                required property int index
                readonly property var value: row.group[modelData.key]
                Layout.alignment: index < 1 ? Qt.AlignLeft : Qt.AlignRight
                wrapMode: Text.NoWrap
                font.pixelSize: Theme.smallFontSize
                text: value === undefined || value === null ? "–"
                      : index < 2 ? String(value) : Number(value).toFixed(modelData.decimals === undefined ? 1 : modelData.decimals)
            }
        }
    }
}
