import QtQuick
import QtQuick.Layouts
import Stagelab.Bridge

// Metrics per group as a table: one row per group (its label, its trials) and the table's metric
// columns, titled and formatted by the engine (MetricTableModel). Each column is one text with a
// line per row (lines of one font line up across columns), so that a table of hundreds of groups
// (by participant, say) is built and dropped without the window missing a frame.
GridLayout {
    id: grid
    required property MetricTableModel table
    property string firstColumnTitle: qsTr("Condition")
    columns: table.columnTitles.length + 2
    columnSpacing: 18
    rowSpacing: 6

    ThemedText { text: grid.firstColumnTitle; font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize }
    ThemedText { text: qsTr("Trials"); font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize; Layout.alignment: Qt.AlignRight }
    Repeater {
        model: grid.table.columnTitles
        ThemedText { required property string modelData; text: modelData; font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize; Layout.alignment: Qt.AlignRight }
    }
    Repeater {
        model: grid.table.columnTexts
        ThemedText {
            required property string modelData
            required property int index
            Layout.alignment: (index < 1 ? Qt.AlignLeft : Qt.AlignRight) | Qt.AlignTop
            horizontalAlignment: index < 1 ? Text.AlignLeft : Text.AlignRight
            wrapMode: Text.NoWrap
            textFormat: Text.PlainText
            lineHeight: 1.35 // the rows' spacing, as 6 px between rows were
            font.pixelSize: Theme.smallFontSize
            text: modelData
        }
    }
}
