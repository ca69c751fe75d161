#include "tracking/head_orientation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stagelab {

bool orientationFromQuaternion(double w, double x, double y, double z, HeadOrientation& out)
{
    const double norm = std::sqrt(w * w + x * x + y * y + z * z);
    if (!std::isfinite(norm) || norm < 1e-9) return false;
    w /= norm, x /= norm, y /= norm, z /= norm;
    constexpr double toDeg = 180.0 / std::numbers::pi;
    out.yawDeg = std::atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z)) * toDeg;
    // About +y (left): a positive angle tips the nose down, so nose-up pitch is its negative.
    out.pitchDeg = -std::asin(std::clamp(2 * (w * y - x * z), -1.0, 1.0)) * toDeg;
    out.rollDeg = std::atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y)) * toDeg;
    return true;
}

void toHeadCoordinates(const HeadOrientation& head, const double world[3], double out[3]) noexcept
{
    constexpr double toRad = std::numbers::pi / 180.0;
    const double cy = std::cos(head.yawDeg * toRad), sy = std::sin(head.yawDeg * toRad);
    const double cp = std::cos(head.pitchDeg * toRad), sp = std::sin(head.pitchDeg * toRad);
    const double cr = std::cos(head.rollDeg * toRad), sr = std::sin(head.rollDeg * toRad);
    // Undo yaw (Rz(-yaw)), then pitch (nose up is Ry(-pitch): undone by Ry(pitch)), then roll
    // (Rx(-roll)): R^T = Rx(roll)^T Ry(-pitch)^T Rz(yaw)^T.
    const double x1 = cy * world[0] + sy * world[1];
    const double y1 = -sy * world[0] + cy * world[1];
    const double z1 = world[2];
    const double x2 = cp * x1 + sp * z1;
    const double z2 = -sp * x1 + cp * z1;
    out[0] = x2;
    out[1] = cr * y1 + sr * z2;
    out[2] = -sr * y1 + cr * z2;
}

void LatestOrientation::write(const HeadOrientation& orientation, int64_t stampNs) noexcept
{
    const uint64_t sequence = m_sequence.load(std::memory_order_relaxed);
    m_sequence.store(sequence + 1, std::memory_order_relaxed); // odd: a write is under way
    std::atomic_thread_fence(std::memory_order_release);
    m_yaw.store(orientation.yawDeg, std::memory_order_relaxed);
    m_pitch.store(orientation.pitchDeg, std::memory_order_relaxed);
    m_roll.store(orientation.rollDeg, std::memory_order_relaxed);
    m_stamp.store(stampNs, std::memory_order_relaxed);
    m_sequence.store(sequence + 2, std::memory_order_release);
}

bool LatestOrientation::read(HeadOrientation& orientation, int64_t& stampNs) const noexcept
{
    // A write is four relaxed stores: 16 tries outlast it unless its thread was paused.
    for (int attempt = 0; attempt < 16; ++attempt) {
        const uint64_t before = m_sequence.load(std::memory_order_acquire);
        if (before == 0) return false;
        if (before & 1u) continue; // a write is under way
        // Into locals: a read that gives up leaves the caller's copy as it was.
        const HeadOrientation read{m_yaw.load(std::memory_order_relaxed),
                                   m_pitch.load(std::memory_order_relaxed),
                                   m_roll.load(std::memory_order_relaxed)};
        const int64_t stamp = m_stamp.load(std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (m_sequence.load(std::memory_order_relaxed) == before) {
            orientation = read;
            stampNs = stamp;
            return true;
        }
    }
    return false;
}

} // namespace stagelab
