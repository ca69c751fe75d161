import QtQuick
import Stagelab.Bridge

// Metrics per group as a table: one row per group (its label, its trials) and the table's metric
// columns, titled and formatted by the engine (MetricTableModel). Each column is a header over one
// text with a line per row (lines of one font line up across columns), so that a table of
// hundreds of groups (by participant, say) is built and dropped without the window missing a
// frame. The columns are made once and only their texts change: a Repeater whose items come and
// go straight inside a Qt 6.4 Layout can leave it reading a freed item.
Row {
    id: grid
    required property MetricTableModel table
    property string firstColumnTitle: qsTr("Condition")
    spacing: 18

    Repeater {
        model: grid.table.columnTitles.length + 2 // label, trials, the metrics (fixed per table)
        Column {
            id: column
            required property int index
            readonly property bool numbers: index > 0
            spacing: 6
            ThemedText {
                anchors.right: column.numbers ? parent.right : undefined
                text: column.index === 0 ? grid.firstColumnTitle : column.index === 1 ? qsTr("Trials") : grid.table.columnTitles[column.index - 2]
                wrapMode: Text.NoWrap
                font.bold: true
                muted: true
                font.pixelSize: Theme.smallFontSize
            }
            ThemedText {
                anchors.right: column.numbers ? parent.right : undefined
                horizontalAlignment: column.numbers ? Text.AlignRight : Text.AlignLeft
                wrapMode: Text.NoWrap
                textFormat: Text.PlainText
                lineHeight: 1.35 // the rows' spacing, as 6 px between rows were
                font.pixelSize: Theme.smallFontSize
                text: grid.table.columnTexts[column.index] ?? ""
            }
        }
    }
}
