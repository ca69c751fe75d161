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

HeadRotation::HeadRotation(const HeadOrientation& head) noexcept
{
    constexpr double toRad = std::numbers::pi / 180.0;
    m_cy = std::cos(head.yawDeg * toRad), m_sy = std::sin(head.yawDeg * toRad);
    m_cp = std::cos(head.pitchDeg * toRad), m_sp = std::sin(head.pitchDeg * toRad);
    m_cr = std::cos(head.rollDeg * toRad), m_sr = std::sin(head.rollDeg * toRad);
}

void HeadRotation::toHead(const double world[3], double out[3]) const noexcept
{
    // Undo yaw (Rz(-yaw)), then pitch (nose up is Ry(-pitch): undone by Ry(pitch)), then roll
    // (Rx(-roll)): R^T = Rx(roll)^T Ry(-pitch)^T Rz(yaw)^T.
    const double x1 = m_cy * world[0] + m_sy * world[1];
    const double y1 = -m_sy * world[0] + m_cy * world[1];
    const double z1 = world[2];
    const double x2 = m_cp * x1 + m_sp * z1;
    const double z2 = -m_sp * x1 + m_cp * z1;
    out[0] = x2;
    out[1] = m_cr * y1 + m_sr * z2;
    out[2] = -m_sr * y1 + m_cr * z2;
}

void toHeadCoordinates(const HeadOrientation& head, const double world[3], double out[3]) noexcept
{
    HeadRotation(head).toHead(world, out);
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
