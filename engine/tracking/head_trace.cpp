#include "tracking/head_trace.h"

#include "util/error.h"
#include "util/files.h"

#include <lo/lo.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <sstream>

namespace stagelab {

namespace {
bool parseNumber(const std::string& text, double& value)
{
    const char* begin = text.data();
    const char* end = begin + text.size();
    while (begin < end && *begin == ' ')
        ++begin;
    while (end > begin && (end[-1] == ' ' || end[-1] == '\r'))
        --end;
    const auto [at, error] = std::from_chars(begin, end, value);
    return error == std::errc() && at == end && std::isfinite(value);
}
} // namespace

std::vector<TimedOrientation> readHeadTrace(const std::string& path)
{
    // 64 bytes a line at most is ample for four numbers; the size cap follows the line cap.
    const std::string text = readTextFile(path, maximumTraceSamples * 64, "head trace");
    std::istringstream lines(text);
    std::string line;
    std::vector<TimedOrientation> trace;
    size_t number = 0;
    const auto fail = [&](const std::string& why) {
        throw Error(path + ":" + std::to_string(number) + ": " + why);
    };
    while (std::getline(lines, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (number == 1) {
            if (line != headTraceHeader)
                fail(std::string("not a head trace: the first line must be '") + headTraceHeader +
                     "'");
            continue;
        }
        if (line.empty()) continue;
        double values[4];
        size_t start = 0;
        for (int field = 0; field < 4; ++field) {
            const size_t comma = line.find(',', start);
            if ((field < 3) != (comma != std::string::npos))
                fail("expected 4 comma-separated numbers (time_s,yaw_deg,pitch_deg,roll_deg)");
            const std::string part = line.substr(start, comma - start);
            if (!parseNumber(part, values[field])) fail("'" + part + "' is not a finite number");
            start = comma + 1;
        }
        if (values[0] < 0.0 || (!trace.empty() && values[0] < trace.back().timeS))
            fail("time " + std::to_string(values[0]) + " s goes back (times must not decrease)");
        for (int angle = 1; angle < 4; ++angle)
            if (std::abs(values[angle]) > 360.0) fail("an angle beyond +-360 deg");
        if (std::abs(values[2]) > 90.0) fail("pitch beyond +-90 deg");
        if (trace.size() == maximumTraceSamples)
            fail("more than " + std::to_string(maximumTraceSamples) + " samples");
        trace.push_back({values[0], {values[1], values[2], values[3]}});
    }
    if (number == 0) throw Error(path + ": empty: not a head trace");
    return trace;
}

std::string headTraceText(const std::vector<TimedOrientation>& trace)
{
    std::string text = std::string(headTraceHeader) + "\n";
    char line[128];
    for (const TimedOrientation& sample : trace) {
        std::snprintf(line, sizeof line, "%.3f,%.2f,%.2f,%.2f\n", sample.timeS,
                      sample.orientation.yawDeg, sample.orientation.pitchDeg,
                      sample.orientation.rollDeg);
        text += line;
    }
    return text;
}

OscHeadFormat oscHeadFormatFromName(const std::string& name)
{
    if (name == "ypr") return OscHeadFormat::Ypr;
    if (name == "quaternion") return OscHeadFormat::Quaternion;
    if (name == "scene-rotator") return OscHeadFormat::SceneRotatorYpr;
    if (name == "htrpy") return OscHeadFormat::SaltHtrpy;
    throw Error("unknown OSC head format '" + name +
                "' (known: ypr, quaternion, scene-rotator, htrpy)");
}

struct OscHeadSender::Address
{
    lo_address address = nullptr;
};

OscHeadSender::OscHeadSender(const std::string& host, const std::string& port, OscHeadFormat format)
    : m_address(std::make_unique<Address>()), m_format(format), m_target(host + ":" + port)
{
    m_address->address = lo_address_new(host.c_str(), port.c_str());
    if (!m_address->address)
        throw Error("cannot send to " + host + ":" + port + " (not a host and UDP port)");
}

OscHeadSender::~OscHeadSender()
{
    lo_address_free(m_address->address);
}

void OscHeadSender::send(const HeadOrientation& head)
{
    const float yaw = float(head.yawDeg), pitch = float(head.pitchDeg), roll = float(head.rollDeg);
    int sent = 0;
    switch (m_format) {
    case OscHeadFormat::Ypr: // a scene rotation: the head's undone
        sent = lo_send(m_address->address, "/ypr", "fff", -yaw, pitch, -roll);
        break;
    case OscHeadFormat::SceneRotatorYpr:
        sent = lo_send(m_address->address, "/SceneRotator/ypr", "fff", -yaw, pitch, -roll);
        break;
    case OscHeadFormat::SaltHtrpy: // the head, yaw + to the right
        sent = lo_send(m_address->address, "/rendering/htrpy", "fff", roll, pitch, -yaw);
        break;
    case OscHeadFormat::Quaternion: {
        // The head's rotation Rz(yaw) Ry(-pitch) Rx(roll) as a quaternion; the scene's is its
        // conjugate.
        constexpr double half = std::numbers::pi / 360.0;
        const double cy = std::cos(head.yawDeg * half), sy = std::sin(head.yawDeg * half);
        const double cp = std::cos(-head.pitchDeg * half), sp = std::sin(-head.pitchDeg * half);
        const double cr = std::cos(head.rollDeg * half), sr = std::sin(head.rollDeg * half);
        const double w = cy * cp * cr + sy * sp * sr;
        const double x = cy * cp * sr - sy * sp * cr;
        const double y = cy * sp * cr + sy * cp * sr;
        const double z = sy * cp * cr - cy * sp * sr;
        sent = lo_send(m_address->address, "/quaternion", "ffff", float(w), float(-x), float(-y),
                       float(-z));
        break;
    }
    }
    if (sent < 0)
        throw Error("cannot send a head orientation to " + m_target + ": " +
                    lo_address_errstr(m_address->address));
}

void OscHeadSender::sendRecenter()
{
    if (lo_send(m_address->address, "/recenter", "") < 0)
        throw Error(std::string("cannot send /recenter: ") + lo_address_errstr(m_address->address));
}

void OscHeadSender::sendButton()
{
    if (lo_send(m_address->address, "/button", "") < 0)
        throw Error("cannot send /button to " + m_target + ": " +
                    lo_address_errstr(m_address->address));
}

} // namespace stagelab
