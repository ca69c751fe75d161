#pragma once
/// Directions in the SOFA/AMT convention: azimuth 0 = front, +90 = LEFT (counter-clockwise seen
/// from above), elevation +90 = up. Cartesian: x front, y left, z up.

#include <string>

namespace stagelab {

/// A direction on the unit sphere around the listener's head, in degrees.
struct Direction
{
    double azimuthDeg = 0.0;
    double elevationDeg = 0.0;
};

/// A vector in head coordinates (x front, y left, z up).
struct Vector3
{
    double x = 0.0, y = 0.0, z = 0.0;
};

/// Throws Error naming `what` if an angle is NaN/infinite, the azimuth is outside [-360, 360]
/// or the elevation outside [-90, 90].
void validateDirection(const Direction& direction, const std::string& what);

/// Azimuth wrapped to [0, 360).
double wrapAzimuthDeg(double azimuthDeg) noexcept;
/// An angle difference wrapped to (-180, 180].
double wrapDifferenceDeg(double differenceDeg) noexcept;

Vector3 toCartesian(const Direction& direction) noexcept;
Direction toDirection(const Vector3& vector) noexcept;
/// Great-circle angle between two directions, degrees in [0, 180].
double angleBetweenDeg(const Direction& a, const Direction& b) noexcept;

/// AMT lateral angle: asin(sin(az) cos(el)), degrees in [-90, 90] (+ = left).
double lateralAngleDeg(const Direction& direction) noexcept;
/// AMT polar angle: atan2(sin(el), cos(az) cos(el)) mapped to [-90, 270).
double polarAngleDeg(const Direction& direction) noexcept;

} // namespace stagelab
