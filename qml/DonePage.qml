import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Stagelab.Bridge

// The end: the listener's own answers against the targets, and the key numbers.
FocusScope {
    id: page
    required property SessionController session
    signal openResults()

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        // Shown whenever there is more below, so nothing is cut off unseen.
        ScrollBar.vertical.policy: contentHeight > height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
        ColumnLayout {
            width: parent.width
            spacing: 16
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                ThemedText { objectName: "doneTitle"; Layout.fillWidth: true; text: qsTr("Done — thank you!"); font.pixelSize: Theme.titleFontSize; font.bold: true }
                ThemedButton { objectName: "doneResultsButton"; text: qsTr("Open in the results browser"); onClicked: page.openResults() }
                ThemedButton { objectName: "newSessionButton"; primary: true; text: qsTr("New session"); onClicked: page.session.closeSession() }
            }
            ThemedText {
                Layout.fillWidth: true
                muted: true
                text: qsTr("All %1 answers are saved in %2.").arg(page.session.trialCount).arg(page.session.sessionFile)
            }
            ThemedText {
                objectName: "doneNotices"
                visible: page.session.doneNotices.length > 0
                Layout.fillWidth: true
                color: Theme.warning
                text: page.session.doneNotices.join("\n")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 24
                PolarPlot {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(280, page.height * 0.42)
                    visible: page.session.doneLocalization.count > 0
                    title: qsTr("Where you heard the sounds")
                    points: page.session.donePoints
                    kind: "localization"
                }
                PolarPlot {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(280, page.height * 0.42)
                    visible: page.session.doneWidth.count > 0
                    title: qsTr("How wide you heard them")
                    points: page.session.donePoints
                    kind: "width"
                }
            }
            Card {
                Layout.fillWidth: true
                visible: page.session.doneLocalization.count > 0
                ThemedText { text: qsTr("Where the sounds were"); font.bold: true }
                MetricTable { table: page.session.doneLocalization; firstColumnTitle: qsTr("Sounds") }
            }
            Card {
                Layout.fillWidth: true
                visible: page.session.doneWidth.count > 0
                ThemedText { text: qsTr("How wide they were"); font.bold: true }
                MetricTable { table: page.session.doneWidth; firstColumnTitle: qsTr("Sounds") }
            }
        }
    }
}
