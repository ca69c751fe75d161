import QtQuick
import QtQuick.Layouts

// Where the sound is, on the five-point externalization scale (0 "inside my head, at the
// centre" ... 4 "outside, far away, at the sound's place"; the anchors come from the engine):
// click a line or type its number.
FocusScope {
    id: ratingScale
    property int rating: -1
    readonly property bool hasAnswer: rating >= 0
    property bool enabledForInput: true
    property var anchorsText: []
    signal answerChanged()

    implicitWidth: 360
    implicitHeight: column.implicitHeight
    activeFocusOnTab: true

    function choose(value) {
        if (!enabledForInput || value < 0 || value >= anchorsText.length)
            return;
        rating = value;
        answerChanged();
    }
    function clear() { rating = -1; }

    Keys.onPressed: (event) => {
        const value = event.key - Qt.Key_0;
        if (value >= 0 && value < anchorsText.length) {
            choose(value);
            event.accepted = true;
        } else if (event.key === Qt.Key_Up && rating > 0) {
            choose(rating - 1);
            event.accepted = true;
        } else if (event.key === Qt.Key_Down) {
            choose(Math.min(anchorsText.length - 1, rating + 1));
            event.accepted = true;
        }
    }

    Rectangle {
        anchors.fill: parent
        anchors.margins: -6
        color: "transparent"
        radius: 8
        border.width: ratingScale.activeFocus ? 3 : 0
        border.color: Theme.focusRing
    }

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 6
        ThemedText {
            Layout.fillWidth: true
            text: qsTr("Where was the sound?")
            font.bold: true
        }
        Repeater {
            model: ratingScale.anchorsText
            Rectangle {
                required property int index
                required property string modelData
                objectName: "rating" + index
                Layout.fillWidth: true
                implicitHeight: label.implicitHeight + 16
                radius: 6
                color: ratingScale.rating === index ? Theme.response : Theme.surface
                border.width: 1
                border.color: Theme.border
                ThemedText {
                    id: label
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.leftMargin: 10
                    text: index + "  " + modelData
                    color: ratingScale.rating === index ? Theme.accentText : Theme.text
                    wrapMode: Text.WordWrap
                }
                MouseArea {
                    anchors.fill: parent
                    enabled: ratingScale.enabledForInput
                    onClicked: { ratingScale.forceActiveFocus(); ratingScale.choose(index); }
                }
            }
        }
    }
}
