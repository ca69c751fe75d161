import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// Metrics per group as a table: one row per group (its label, its trials) and the table's metric
// columns, titled and formatted by the engine (MetricTableModel).
GridLayout {
    id: grid
    required property MetricTableModel table
    property string firstColumnTitle: qsTr("Condition")
    columns: table.columnTitles.length + 2
    columnSpacing: 18
    rowSpacing: 6

    ThemedText { text: grid.firstColumnTitle; font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize }
    ThemedText { text: qsTr("Trials"); font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize }
    Repeater {
        model: grid.table.columnTitles
        ThemedText { required property string modelData; text: modelData; font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize; Layout.alignment: Qt.AlignRight }
    }
    Repeater {
        model: grid.table
        delegate: Repeater {
            required property string label
            required property int trials
            required property var cells
            model: [label, String(trials)].concat(cells)
            ThemedText {
                required property string modelData
                required property int index
                Layout.alignment: index < 1 ? Qt.AlignLeft : Qt.AlignRight
                wrapMode: Text.NoWrap
                font.pixelSize: Theme.smallFontSize
                text: modelData
            }
        }
    }
}
