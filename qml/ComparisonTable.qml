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
                                             : qsTr("No participant has both levels: nothing to pair.")
    }
    Repeater {
        model: card.results.verdicts
        ThemedText { required property string modelData; width: card.width - 2 * card.padding; text: "• " + modelData }
    }
    GridLayout {
        objectName: "comparisonTable"
        visible: card.results.comparisons.count > 0
        columns: 8
        columnSpacing: 16
        rowSpacing: 4
        Repeater {
            model: [qsTr("Within"), qsTr("Metric"), qsTr("Pairs"), card.results.levelA, card.results.levelB,
                    qsTr("B − A [95 % CI]"), qsTr("Wilcoxon p"), qsTr("r / dz")]
            ThemedText { required property var modelData; text: modelData; font.bold: true; muted: true; font.pixelSize: Theme.smallFontSize }
        }
        Repeater {
            model: card.results.comparisons
            delegate: Repeater {
                required property string within
                required property string metric
                required property string pairs
                required property string meanA
                required property string meanB
                required property string difference
                required property string p
                required property string effect
                required property bool excludesZero
                id: row
                model: [within, metric, pairs, meanA, meanB, difference, p, effect]
                ThemedText {
                    required property string modelData
                    required property int index
                    text: modelData
                    wrapMode: Text.NoWrap
                    font.pixelSize: Theme.smallFontSize
                    color: index === 5 && row.excludesZero ? Theme.accent : Theme.text
                }
            }
        }
    }
}
