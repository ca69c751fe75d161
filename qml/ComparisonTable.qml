import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// Two levels of the browser's factor compared within participants: for each metric the mean
// difference B − A with its bootstrap 95 % interval, Wilcoxon p and effect sizes, overall and
// per model; above the table, the plain verdicts of the overall comparisons.
Card {
    id: card
    required property ResultsBrowser results

    RowLayout {
        spacing: Theme.spacing
        ThemedText { text: qsTr("Compare %1").arg(card.results.conditionFactor); font.bold: true }
        ThemedComboBox {
            objectName: "levelABox"
            model: card.results.levels
            currentIndex: Math.max(0, model.indexOf(card.results.levelA))
            onActivated: (index) => card.results.levelA = model[index]
        }
        ThemedText { text: qsTr("with") }
        ThemedComboBox {
            objectName: "levelBBox"
            model: card.results.levels
            currentIndex: Math.max(0, model.indexOf(card.results.levelB))
            onActivated: (index) => card.results.levelB = model[index]
        }
        ThemedText { muted: true; font.pixelSize: Theme.smallFontSize; text: qsTr("differences are B − A, within participants") }
    }
    ThemedText {
        visible: card.results.comparisons.count === 0
        width: parent.width
        muted: true
        text: card.results.levels.length < 2 ? qsTr("Only one level of %1 in these results: nothing to compare.").arg(card.results.conditionFactor)
              : card.results.levelA === card.results.levelB ? qsTr("Choose two different levels to compare.")
              : qsTr("No participant has both levels: nothing to pair.")
    }
    Repeater {
        model: card.results.verdicts
        ThemedText { required property string modelData; width: card.width - 2 * card.padding; text: "• " + modelData }
    }
    // A column per field, each a header over a text per row: Repeaters whose models change live
    // in Column positioners, never straight in a Layout (Qt 6.4's layouts can then read a freed
    // item: a crash seen in tst_gui_session).
    Row {
        objectName: "comparisonTable"
        visible: card.results.comparisons.count > 0
        spacing: 16
        Repeater {
            model: 8 // within, metric, pairs, mean A, mean B, difference, p, effect
            Column {
                id: column
                required property int index
                spacing: 4
                ThemedText {
                    text: [qsTr("Within"), qsTr("Metric"), qsTr("Pairs"), card.results.levelA, card.results.levelB,
                           qsTr("B − A [95 % CI]"), qsTr("Wilcoxon p"), qsTr("r / dz")][column.index]
                    wrapMode: Text.NoWrap
                    font.bold: true
                    muted: true
                    font.pixelSize: Theme.smallFontSize
                }
                Repeater {
                    model: card.results.comparisons
                    ThemedText {
                        required property string within
                        required property string metric
                        required property string pairs
                        required property string meanA
                        required property string meanB
                        required property string difference
                        required property string p
                        required property string effect
                        required property bool excludesZero
                        text: [within, metric, pairs, meanA, meanB, difference, p, effect][column.index]
                        wrapMode: Text.NoWrap
                        font.pixelSize: Theme.smallFontSize
                        color: column.index === 5 && excludesZero ? Theme.accent : Theme.text
                    }
                }
            }
        }
    }
}
