#pragma once
/// Head trackers over OSC (liblo): a UDP port the tracker sends to, the address patterns trackers
/// use, turned into Stagelab's head orientation (head_orientation.h: SOFA, yaw + = LEFT) and
/// kept in a LatestOrientation the audio thread reads each block.
///
/// Addresses and how each maps (from each project's source; SPARTA's signs are taken to be
/// IEM's but are not verified against a running SPARTA rotator - the axis settings correct it):
///   /ypr y p r, /SceneRotator/ypr y p r (IEM, SPARTA; degrees): a SCENE rotation (yaw + turns
///       the scene left), so the head is yaw -y, pitch +p (nose up), roll -r.
///   /quaternion w x y z, /SceneRotator/quaternions w x y z (IEM, SPARTA): the scene rotation as
///       a quaternion; the head is its conjugate.
///   /rendering/htrpy r p y (SALTE; degrees): the HEAD, yaw + to the right: yaw -y, pitch p,
///       roll r.
///   /recenter (any arguments): the current yaw becomes straight ahead.
///   /button (any arguments): a confirm button on the tracker (head-pointing answers), counted.
/// Addresses are matched without regard to case (IEM does so). Arguments may be float or int.
/// Anything else is counted and ignored: other type tags, non-finite or absurd values (angles
/// beyond +-720 deg, quaternion parts beyond +-1000), unknown addresses, packets liblo cannot
/// parse. Per-axis signs and offsets (HeadTrackerSettings) then fit a tracker that disagrees.

#include "tracking/head_orientation.h"
#include "util/spsc_queue.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stagelab {

/// One axis's correction after an address's own mapping: value = sign * value + offsetDeg.
struct TrackerAxis
{
    double sign = 1.0; ///< +1 or -1.
    double offsetDeg = 0.0;
};

struct HeadTrackerSettings
{
    /// The UDP port to listen on; "" = any free one (tests), see OscHeadTracker::port().
    std::string port = "9000";
    TrackerAxis yaw, pitch, roll;
    /// false: no listening thread; packets come only through handlePacket() (captured packets
    /// replayed, fuzzing). The port is still taken.
    bool listen = true;
};

/// What has arrived, for a tracker panel and for tests.
struct HeadTrackerCounts
{
    uint64_t accepted = 0;     ///< Orientations taken.
    uint64_t recenters = 0;    ///< /recenter messages.
    uint64_t unknown = 0;      ///< Addresses not listed above.
    uint64_t wrongTypes = 0;   ///< A known address with other arguments.
    uint64_t badValues = 0;    ///< Non-finite or absurd numbers.
    uint64_t malformed = 0;    ///< Packets liblo could not parse.
    uint64_t traceDropped = 0; ///< Orientations the trace had no room for (nobody drained).
    uint64_t buttons = 0;      ///< /button messages (a confirm button on the tracker).
};

class OscHeadTracker
{
public:
    /// Listens at once; throws Error naming the port when it cannot be opened.
    explicit OscHeadTracker(const HeadTrackerSettings& settings);
    ~OscHeadTracker();
    OscHeadTracker(const OscHeadTracker&) = delete;
    OscHeadTracker& operator=(const OscHeadTracker&) = delete;

    /// The UDP port listened on.
    int port() const;
    /// The newest orientation (recentred, corrected); false before the first one.
    bool latest(HeadOrientation& orientation, int64_t& stampNs) const noexcept
    {
        return m_latest->read(orientation, stampNs);
    }
    /// The slot the newest orientation is written to, for a Renderer to read each block; it
    /// outlives the tracker as long as someone holds it.
    std::shared_ptr<const LatestOrientation> orientationSource() const { return m_latest; }
    /// Appends every orientation taken since the last call (oldest first) to `out`: the head's
    /// trace, for one consumer thread. Up to traceCapacity wait here; beyond that the newest are
    /// dropped (counted in counts().traceDropped) until someone drains.
    void drainTrace(std::vector<HeadSample>& out);
    /// 2^17: over ten minutes at 200 Hz, so a terminal session that drains only at its answer
    /// keeps a whole trial's trace (4 MB, allocated when the tracker starts).
    static constexpr size_t traceCapacity = 131072;
    /// Seconds since the last orientation arrived (infinity before the first).
    double silenceS() const noexcept;
    HeadTrackerCounts counts() const noexcept;
    /// The current yaw becomes straight ahead (a button, a key, or /recenter).
    void recenter() noexcept;
    /// Handles `size` bytes as one UDP packet that arrived, exactly as the listening thread
    /// would. Only for a tracker made with listen = false (Error otherwise: the two would race).
    void handlePacket(const void* data, size_t size);

    /// Steady-clock nanoseconds: the clock of stamps and silenceS().
    static int64_t nowNs() noexcept;

    struct Server; ///< The liblo server thread and its handlers (osc_head_tracker.cpp).

private:
    friend struct Server;
    void take(HeadOrientation raw) noexcept;

    HeadTrackerSettings m_settings;
    std::shared_ptr<LatestOrientation> m_latest = std::make_shared<LatestOrientation>();
    SpscQueue<HeadSample> m_trace{traceCapacity};
    std::atomic<double> m_rawYaw{0.0}, m_recenterDeg{0.0};
    std::atomic<uint64_t> m_accepted{0}, m_recenters{0}, m_unknown{0}, m_wrongTypes{0},
        m_badValues{0}, m_malformed{0}, m_traceDropped{0}, m_buttons{0};
    std::unique_ptr<Server> m_server;
};

} // namespace stagelab
