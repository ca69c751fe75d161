#pragma once
/// Where the listener's head points (DESIGN.md §2 conventions: SOFA/AMT): yaw +90 = head turned
/// LEFT (counter-clockwise seen from above), pitch +90 = nose up, roll + = right ear down.
/// Degrees throughout.

#include <atomic>
#include <cstdint>

namespace stagelab {

struct HeadOrientation
{
    double yawDeg = 0.0, pitchDeg = 0.0, rollDeg = 0.0;
};

/// A head orientation from a quaternion (w, x, y, z) of the head in the world, axes x front,
/// y left, z up, rotation order yaw-pitch-roll (intrinsic z-y'-x''). Need not be normalised;
/// false for a zero or non-finite one.
bool orientationFromQuaternion(double w, double x, double y, double z, HeadOrientation& out);

/// The newest orientation, written by one thread (the tracker's) and read by any (the audio
/// thread each block) without a lock: a sequence lock over relaxed atomics. A read retries
/// only while a write is under way (three stores long), so it never waits on the writer's
/// scheduling.
class LatestOrientation
{
public:
    void write(const HeadOrientation& orientation, int64_t stampNs) noexcept;
    /// False until the first write. `stampNs` is the writer's clock at that write.
    bool read(HeadOrientation& orientation, int64_t& stampNs) const noexcept;

private:
    std::atomic<uint32_t> m_sequence{0};
    std::atomic<double> m_yaw{0.0}, m_pitch{0.0}, m_roll{0.0};
    std::atomic<int64_t> m_stamp{0};
};

} // namespace stagelab
