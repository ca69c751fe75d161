import QtQuick
import "Directions.js" as Directions

// A dot on a pad's ring at a SOFA azimuth, with a spoke from the centre.
Item {
    id: marker
    property point centre
    property real radius
    property real azimuthDeg
    property color colour: Theme.response
    property bool hollow: false
    property real size: 22
    readonly property var at: Directions.screenFromAzimuth(azimuthDeg, radius)
    anchors.fill: parent

    Rectangle {
        // The spoke: a thin bar from the centre, rotated to the direction.
        width: 2
        height: marker.radius
        x: marker.centre.x - 1
        y: marker.centre.y - height
        color: marker.colour
        opacity: 0.6
        transformOrigin: Item.Bottom
        rotation: -marker.azimuthDeg
    }
    Rectangle {
        width: marker.size
        height: marker.size
        radius: marker.size / 2
        x: marker.centre.x + marker.at.x - width / 2
        y: marker.centre.y + marker.at.y - height / 2
        color: marker.hollow ? "transparent" : marker.colour
        border.width: 3
        border.color: marker.colour
    }
}
