#pragma once
/// Head traces as files, and sending one to a tracker port as a tracker would.
///
/// A trace file is CSV, one orientation per line after its header line:
///     time_s,yaw_deg,pitch_deg,roll_deg
///     0.000,0.0,0.0,0.0
///     0.010,1.5,0.0,0.0
/// time in seconds from the trace's start (non-decreasing), angles in Stagelab's convention
/// (head_orientation.h: yaw + = head turned LEFT, pitch + = nose up, roll + = right ear down).
/// `stagelab-cli tracker --record` writes one; `tracker-replay` sends one.

#include "tracking/head_orientation.h"

#include <memory>
#include <string>
#include <vector>

namespace stagelab {

struct TimedOrientation
{
    double timeS = 0.0;
    HeadOrientation orientation;
};

/// The header line of a trace file.
inline constexpr const char* headTraceHeader = "time_s,yaw_deg,pitch_deg,roll_deg";
/// At most this many lines (a day at 100 Hz is 8.6 million): a larger file is refused.
inline constexpr size_t maximumTraceSamples = 10'000'000;

/// Reads a trace file. Throws Error naming the file, the line and what is wrong with it (a
/// missing header, a field that is not a number, a time going back, an angle beyond
/// +-360 deg or a pitch beyond +-90).
std::vector<TimedOrientation> readHeadTrace(const std::string& path);
/// The text of a trace file (its header and every sample, to 0.001 s and 0.01 deg).
std::string headTraceText(const std::vector<TimedOrientation>& trace);

/// How a trace is sent: the address and argument order of one kind of tracker.
enum class OscHeadFormat { Ypr, Quaternion, SceneRotatorYpr, SaltHtrpy };
/// "ypr", "quaternion", "scene-rotator", "htrpy"; throws Error listing them for another name.
OscHeadFormat oscHeadFormatFromName(const std::string& name);

/// Sends orientations over UDP as a tracker of the given format does (IEM's scene rotation, a
/// quaternion, SALTE's head roll-pitch-yaw), so that OscHeadTracker with default settings
/// takes exactly the orientation sent.
class OscHeadSender
{
public:
    /// Throws Error if `host` or `port` cannot be used (a host name is looked up when sending).
    OscHeadSender(const std::string& host, const std::string& port, OscHeadFormat format);
    ~OscHeadSender();
    OscHeadSender(const OscHeadSender&) = delete;
    OscHeadSender& operator=(const OscHeadSender&) = delete;
    /// Throws Error when the packet cannot be sent.
    void send(const HeadOrientation& head);
    void sendRecenter();
    /// /button: a confirm button on the tracker.
    void sendButton();

private:
    struct Address;
    std::unique_ptr<Address> m_address;
    OscHeadFormat m_format;
    std::string m_target; ///< host:port, for messages
};

} // namespace stagelab
