#include "spatial/direction.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stagelab {

namespace {
constexpr double degToRad = std::numbers::pi / 180.0;
constexpr double radToDeg = 180.0 / std::numbers::pi;

std::string formatAngle(double value)
{
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    return std::to_string(value);
}
} // namespace

void validateDirection(const Direction& direction, const std::string& what)
{
    if (!std::isfinite(direction.azimuthDeg) || std::abs(direction.azimuthDeg) > 360.0)
        throw Error(what + ": azimuth " + formatAngle(direction.azimuthDeg) +
                    " deg is not a finite angle in [-360, 360]");
    if (!std::isfinite(direction.elevationDeg) || std::abs(direction.elevationDeg) > 90.0)
        throw Error(what + ": elevation " + formatAngle(direction.elevationDeg) +
                    " deg is not a finite angle in [-90, 90]");
}

double wrapAzimuthDeg(double azimuthDeg) noexcept
{
    double wrapped = std::fmod(azimuthDeg, 360.0);
    if (wrapped < 0.0) wrapped += 360.0;
    return wrapped >= 360.0 ? 0.0 : wrapped;
}

double wrapDifferenceDeg(double differenceDeg) noexcept
{
    double wrapped = std::fmod(differenceDeg, 360.0);
    if (wrapped > 180.0)
        wrapped -= 360.0;
    else if (wrapped <= -180.0)
        wrapped += 360.0;
    return wrapped;
}

Vector3 toCartesian(const Direction& direction) noexcept
{
    const double azimuth = direction.azimuthDeg * degToRad;
    const double elevation = direction.elevationDeg * degToRad;
    return {std::cos(elevation) * std::cos(azimuth), std::cos(elevation) * std::sin(azimuth),
            std::sin(elevation)};
}

Direction toDirection(const Vector3& vector) noexcept
{
    const double horizontal = std::hypot(vector.x, vector.y);
    return {wrapAzimuthDeg(std::atan2(vector.y, vector.x) * radToDeg),
            std::atan2(vector.z, horizontal) * radToDeg};
}

double angleBetweenDeg(const Direction& a, const Direction& b) noexcept
{
    // atan2 of |u x v| and u . v stays accurate for tiny angles, where acos of the dot does not.
    const Vector3 u = toCartesian(a);
    const Vector3 v = toCartesian(b);
    const double cross =
        std::hypot(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x);
    return std::atan2(cross, u.x * v.x + u.y * v.y + u.z * v.z) * radToDeg;
}

double lateralAngleDeg(const Direction& direction) noexcept
{
    const double value =
        std::sin(direction.azimuthDeg * degToRad) * std::cos(direction.elevationDeg * degToRad);
    return std::asin(std::clamp(value, -1.0, 1.0)) * radToDeg;
}

double polarAngleDeg(const Direction& direction) noexcept
{
    const double azimuth = direction.azimuthDeg * degToRad;
    const double elevation = direction.elevationDeg * degToRad;
    double polar =
        std::atan2(std::sin(elevation), std::cos(azimuth) * std::cos(elevation)) * radToDeg;
    if (polar < -90.0) polar += 360.0;
    return polar;
}

} // namespace stagelab
