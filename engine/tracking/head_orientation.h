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

/// One orientation as it arrived, stamped with the steady clock (OscHeadTracker::nowNs()).
struct HeadSample
{
    int64_t stampNs = 0;
    HeadOrientation orientation;
};

/// The inverse of a head's rotation Rz(yaw) Ry(-pitch) Rx(roll), made once for many directions
/// (a scene's voices, every block).
class HeadRotation
{
public:
    explicit HeadRotation(const HeadOrientation& head) noexcept;
    /// `worldDirection` (x front, y left, z up, in the room) as the head hears it.
    void toHead(const double worldDirection[3], double headDirection[3]) const noexcept;

private:
    double m_cy, m_sy, m_cp, m_sp, m_cr, m_sr;
};

/// `worldDirection` (x front, y left, z up, in the room) as the head oriented so hears it: the
/// inverse of the head's rotation Rz(yaw) Ry(-pitch) Rx(roll) applied to it.
void toHeadCoordinates(const HeadOrientation& head, const double worldDirection[3],
                       double headDirection[3]) noexcept;

/// A head orientation from a quaternion (w, x, y, z) of the head in the world, axes x front,
/// y left, z up, rotation order yaw-pitch-roll (intrinsic z-y'-x''). Need not be normalised;
/// false for a zero or non-finite one.
bool orientationFromQuaternion(double w, double x, double y, double z, HeadOrientation& out);

/// The newest orientation, written by one thread (the tracker's) and read by any (the audio
/// thread each block) without a lock: a sequence lock over relaxed atomics. A read that meets
/// a write under way tries again a few times and then gives up (false), so the audio thread
/// never waits for a writer the scheduler has paused mid-write: it keeps what it had.
class LatestOrientation
{
public:
    void write(const HeadOrientation& orientation, int64_t stampNs) noexcept;
    /// False until the first write, or when writes kept overlapping this read. `stampNs` is the
    /// writer's clock at the write read.
    bool read(HeadOrientation& orientation, int64_t& stampNs) const noexcept;

private:
    std::atomic<uint64_t> m_sequence{0}; ///< 64 bits: never wraps back to "nothing yet"
    std::atomic<double> m_yaw{0.0}, m_pitch{0.0}, m_roll{0.0};
    std::atomic<int64_t> m_stamp{0};
};

} // namespace stagelab
