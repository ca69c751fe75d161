import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Dialogs
import QtQuick.Layouts
import Stagelab.Bridge

// The results browser: a results folder or study, per-condition tables, polar scatter and
// error-bar plots, exports (CSV, BIDS, summary JSON, plot images).
FocusScope {
    id: page
    required property ResultsBrowser results
    required property string defaultFolder
    property string message: ""
    signal back()

    Component.onCompleted: if (results.sessionCount === 0) results.load(defaultFolder)

    FolderDialog { id: openDialog; title: qsTr("Open a results folder"); onAccepted: page.results.load(page.localPath(selectedFolder)) }
    FolderDialog { id: exportDialog; property string format: "csv"; title: qsTr("Export into folder"); onAccepted: page.exportTo(format, page.localPath(selectedFolder)) }

    function localPath(url) { return decodeURIComponent(url.toString().replace(/^file:\/\//, "")); }
    // Exports run on the results browser's worker thread; it says when they are written.
    function exportTo(format, folder) {
        message = results.startExport(format, folder) ? "" : qsTr("Busy: try again when %1 is done").arg(results.activity);
    }
    Connections {
        target: page.results
        function onExportFinished(text, ok) { page.message = text; }
    }
    function savePlot(item, path) {
        item.grabToImage(function (image) { page.message = page.results.plotSaved(path, image.saveToFile(path)); });
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: 16
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                ThemedText { text: qsTr("Results"); font.pixelSize: Theme.titleFontSize; font.bold: true }
                TextField {
                    id: folderField
                    objectName: "resultsFolderField"
                    Layout.fillWidth: true
                    text: page.results.folder === "" ? page.defaultFolder : page.results.folder
                    font.pixelSize: Theme.smallFontSize
                    onAccepted: page.results.load(text)
                }
                ThemedButton { text: qsTr("Open"); objectName: "openFolderButton"; enabled: !page.results.busy; onClicked: page.results.load(folderField.text) }
                ThemedButton { text: qsTr("Browse…"); enabled: !page.results.busy; onClicked: openDialog.open() }
                ThemedButton { text: qsTr("Back"); objectName: "resultsBackButton"; onClicked: page.back() }
            }
            // Work that takes longer than 200 ms shows itself (a shorter one would only flicker).
            RowLayout {
                objectName: "resultsActivity"
                visible: page.results.busy && busyDelay.elapsed
                spacing: Theme.spacing
                BusyIndicator { running: parent.visible; implicitWidth: 32; implicitHeight: 32 }
                ThemedText { text: page.results.activity }
                Timer {
                    id: busyDelay
                    property bool elapsed: false
                    interval: 200
                    running: page.results.busy
                    onRunningChanged: if (running) elapsed = false // it stops itself once triggered
                    onTriggered: elapsed = true
                }
            }
            ThemedText {
                objectName: "resultsSummary"
                Layout.fillWidth: true
                text: page.results.loading ? page.results.activity
                      : page.results.errorMessage !== "" ? page.results.errorMessage
                      : qsTr("%1 sessions, %2 test trials, participants: %3").arg(page.results.sessionCount)
                        .arg(page.results.trialCount).arg(page.results.participants.join(", "))
                color: page.results.errorMessage !== "" ? Theme.danger : Theme.text
            }
            ThemedText { visible: page.results.warnings.length > 0; Layout.fillWidth: true; color: Theme.warning; text: page.results.warnings.join("\n") }
            RowLayout {
                spacing: Theme.spacing
                ThemedText { text: qsTr("Compare by") }
                ThemedComboBox {
                    model: ["model", "device", "stimulus", "participant"]
                    currentIndex: Math.max(0, model.indexOf(page.results.conditionFactor))
                    onActivated: (index) => page.results.conditionFactor = model[index]
                }
                ThemedText { text: qsTr("Error bars of") }
                ThemedComboBox {
                    implicitWidth: 260
                    model: page.results.errorBarMetricTitles
                    currentIndex: Math.max(0, page.results.errorBarMetrics.indexOf(page.results.errorBarMetric))
                    onActivated: (index) => page.results.errorBarMetric = page.results.errorBarMetrics[index]
                }
            }
            Card {
                Layout.fillWidth: true
                ThemedText { visible: page.results.localizationTable.count > 0; text: qsTr("Localization"); font.bold: true }
                MetricTable { visible: page.results.localizationTable.count > 0; objectName: "localizationTable"; table: page.results.localizationTable }
                ThemedText { visible: page.results.widthTable.count > 0; text: qsTr("Width"); font.bold: true }
                MetricTable { visible: page.results.widthTable.count > 0; table: page.results.widthTable }
                ThemedText { visible: page.results.distanceTable.count > 0; text: qsTr("Distance (log2 ratio errors in doublings; power law r′ = k·r^a)"); font.bold: true }
                MetricTable { visible: page.results.distanceTable.count > 0; objectName: "distanceTable"; table: page.results.distanceTable }
                ThemedText { visible: page.results.externalizationTable.count > 0; text: qsTr("Externalization (0 inside the head … 4 outside, far away)"); font.bold: true }
                MetricTable { visible: page.results.externalizationTable.count > 0; objectName: "externalizationTable"; table: page.results.externalizationTable }
                ThemedText { visible: page.results.stageMapTable.count > 0; text: qsTr("Stage maps (a row counts placed instruments)"); font.bold: true }
                MetricTable { visible: page.results.stageMapTable.count > 0; objectName: "stageMapTable"; table: page.results.stageMapTable }
            }
            ComparisonTable { Layout.fillWidth: true; results: page.results }
            RowLayout {
                Layout.fillWidth: true
                spacing: 24
                PolarPlot {
                    id: polar
                    Layout.fillWidth: true
                    Layout.preferredHeight: 420
                    title: page.results.answeredTrials > page.results.scatterPointCount
                           ? qsTr("Targets and responses (%L1 of %L2 answers, chosen at random)").arg(page.results.scatterPointCount).arg(page.results.answeredTrials)
                           : qsTr("Targets and responses")
                    scatterGroups: page.results.scatterGroups
                    colourBy: page.results.conditionFactor
                }
                ErrorBarPlot {
                    id: errorBars
                    Layout.fillWidth: true
                    Layout.preferredHeight: 420
                    title: qsTr("%1: mean over participants, bootstrap 95 % interval").arg(page.results.errorBarMetric)
                    unit: page.results.errorBarUnit
                    bars: page.results.errorBars
                }
            }
            RowLayout {
                spacing: Theme.spacing
                ThemedText { text: qsTr("Export") }
                ThemedButton { objectName: "exportCsvButton"; enabled: !page.results.busy; text: qsTr("CSV…"); onClicked: { exportDialog.format = "csv"; exportDialog.open(); } }
                ThemedButton { enabled: !page.results.busy; text: qsTr("BIDS…"); onClicked: { exportDialog.format = "bids"; exportDialog.open(); } }
                ThemedButton { enabled: !page.results.busy; text: qsTr("Summary JSON…"); onClicked: { exportDialog.format = "json"; exportDialog.open(); } }
                ThemedButton { text: qsTr("Plots as PNG"); onClicked: { page.savePlot(polar, page.results.folder + "/polar.png"); page.savePlot(errorBars, page.results.folder + "/error-bars.png"); } }
                ThemedButton { enabled: !page.results.busy; text: qsTr("Plots as SVG…"); onClicked: { exportDialog.format = "svg"; exportDialog.open(); } }
                ThemedButton { enabled: !page.results.busy; text: qsTr("Study report (HTML)…"); onClicked: { exportDialog.format = "report"; exportDialog.open(); } }
            }
            ThemedText { objectName: "resultsMessage"; Layout.fillWidth: true; text: page.message; color: Theme.accent }
        }
    }
}
