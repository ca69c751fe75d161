#include "tracking/osc_head_tracker.h"

#include "util/error.h"

#include <lo/lo.h>
#include <lo/lo_throw.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <strings.h>
#include <vector>

namespace stagelab {

namespace {
double wrap180(double degrees)
{
    const double wrapped = std::fmod(std::fmod(degrees + 180.0, 360.0) + 360.0, 360.0) - 180.0;
    return wrapped == -180.0 ? 180.0 : wrapped;
}

bool same(const char* a, const char* b)
{
    return strcasecmp(a, b) == 0;
}

/// The message's arguments as numbers: floats and ints only, exactly `count` of them.
bool numbers(const char* types, lo_arg** argv, int argc, int count, std::vector<double>& out)
{
    if (argc != count) return false;
    out.clear();
    // liblo points each argument into the packet, 4-byte aligned: reading it through lo_arg
    // (a union with 8-byte members) would be a misaligned access. Copy the bytes out instead.
    const auto read = [&](int i, auto value) {
        std::memcpy(&value, argv[i], sizeof value);
        out.push_back(double(value));
    };
    for (int i = 0; i < argc; ++i) {
        if (types[i] == LO_FLOAT)
            read(i, float{});
        else if (types[i] == LO_INT32)
            read(i, int32_t{});
        else if (types[i] == LO_DOUBLE)
            read(i, double{});
        else
            return false;
    }
    return true;
}

bool within(const std::vector<double>& values, double limit)
{
    for (double value : values)
        if (!(std::abs(value) <= limit)) return false; // NaN fails too
    return true;
}

// Angles beyond two turns, or quaternion parts beyond 1000, are no tracker's: refused whole.
constexpr double largestAngleDeg = 720.0, largestQuaternionPart = 1000.0;
} // namespace

struct OscHeadTracker::Server
{
    lo_server_thread thread = nullptr;

    static void error(int, const char*, const char*)
    {
        if (auto* tracker = static_cast<OscHeadTracker*>(lo_error_get_context()))
            tracker->m_malformed.fetch_add(1, std::memory_order_relaxed);
    }

    /// Every message: one method for all, which reads the address itself.
    static int message(const char* path, const char* types, lo_arg** argv, int argc, lo_message,
                       void* data)
    {
        auto& tracker = *static_cast<OscHeadTracker*>(data);
        std::vector<double> v;
        const auto wrong = [&] {
            tracker.m_wrongTypes.fetch_add(1, std::memory_order_relaxed);
            return 0;
        };
        const auto bad = [&] {
            tracker.m_badValues.fetch_add(1, std::memory_order_relaxed);
            return 0;
        };
        if (same(path, "/button")) { // a confirm button on the tracker (any arguments)
            tracker.m_buttons.fetch_add(1, std::memory_order_release);
            return 0;
        }
        if (same(path, "/recenter")) {
            tracker.recenter();
            tracker.m_recenters.fetch_add(1, std::memory_order_relaxed);
            return 0;
        }
        if (same(path, "/ypr") || same(path, "/SceneRotator/ypr")) {
            if (!numbers(types, argv, argc, 3, v)) return wrong();
            if (!within(v, largestAngleDeg)) return bad();
            tracker.take({-v[0], v[1], -v[2]}); // the scene's rotation undone by the head
            return 0;
        }
        if (same(path, "/quaternion") || same(path, "/SceneRotator/quaternions")) {
            if (!numbers(types, argv, argc, 4, v)) return wrong();
            HeadOrientation head;
            if (!within(v, largestQuaternionPart) ||
                !orientationFromQuaternion(v[0], -v[1], -v[2], -v[3], head))
                return bad();
            tracker.take(head);
            return 0;
        }
        if (same(path, "/rendering/htrpy")) {
            if (!numbers(types, argv, argc, 3, v)) return wrong();
            if (!within(v, largestAngleDeg)) return bad();
            tracker.take({-v[2], v[1], v[0]}); // roll, pitch, yaw; yaw + to the right
            return 0;
        }
        tracker.m_unknown.fetch_add(1, std::memory_order_relaxed);
        return 0;
    }
};

OscHeadTracker::OscHeadTracker(const HeadTrackerSettings& settings)
    : m_settings(settings), m_server(std::make_unique<Server>())
{
    for (const TrackerAxis* axis : {&settings.yaw, &settings.pitch, &settings.roll})
        if ((axis->sign != 1.0 && axis->sign != -1.0) || !std::isfinite(axis->offsetDeg))
            throw Error("a head tracker's axis sign must be +1 or -1 and its offset finite");
    m_server->thread = lo_server_thread_new(settings.port.empty() ? nullptr : settings.port.c_str(),
                                            &Server::error);
    if (!m_server->thread)
        throw Error("cannot listen for a head tracker on UDP port " +
                    (settings.port.empty() ? std::string("(any)") : settings.port) +
                    " (in use, or not a port)");
    lo_server_thread_set_error_context(m_server->thread, this);
    lo_server_set_error_context(lo_server_thread_get_server(m_server->thread), this);
    lo_server_thread_add_method(m_server->thread, nullptr, nullptr, &Server::message, this);
    if (settings.listen && lo_server_thread_start(m_server->thread) < 0) {
        lo_server_thread_free(m_server->thread);
        throw Error("cannot start the head tracker's listening thread");
    }
}

OscHeadTracker::~OscHeadTracker()
{
    lo_server_thread_free(m_server->thread); // stops the thread first
}

void OscHeadTracker::handlePacket(const void* data, size_t size)
{
    if (m_settings.listen) throw Error("a listening head tracker takes packets from its port only");
    // liblo reads the bytes in place; it does not keep or change them.
    lo_server_dispatch_data(lo_server_thread_get_server(m_server->thread), const_cast<void*>(data),
                            size);
}

int OscHeadTracker::port() const
{
    return lo_server_thread_get_port(m_server->thread);
}

int64_t OscHeadTracker::nowNs() noexcept
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double OscHeadTracker::silenceS() const noexcept
{
    HeadOrientation orientation;
    int64_t stamp = 0;
    if (!m_latest->read(orientation, stamp)) return std::numeric_limits<double>::infinity();
    return double(nowNs() - stamp) * 1e-9;
}

HeadTrackerCounts OscHeadTracker::counts() const noexcept
{
    const auto get = [](const std::atomic<uint64_t>& n) {
        return n.load(std::memory_order_acquire);
    };
    return {get(m_accepted),  get(m_recenters), get(m_unknown),      get(m_wrongTypes),
            get(m_badValues), get(m_malformed), get(m_traceDropped), get(m_buttons)};
}

void OscHeadTracker::drainTrace(std::vector<HeadSample>& out)
{
    for (HeadSample sample; m_trace.try_pop(sample);)
        out.push_back(sample);
}

void OscHeadTracker::recenter() noexcept
{
    // Only the tracker's thread writes orientations; a recenter from elsewhere (a key) takes
    // effect with its next message, which trackers send many times a second.
    m_recenterDeg.store(-m_rawYaw.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

void OscHeadTracker::take(HeadOrientation raw) noexcept
{
    const auto correct = [](const TrackerAxis& axis, double value) {
        return axis.sign * value + axis.offsetDeg;
    };
    const double yaw = correct(m_settings.yaw, raw.yawDeg);
    m_rawYaw.store(yaw, std::memory_order_relaxed);
    // Pitch stays within +-90 (a tracker's 100 deg nose up is a head tipped over backwards:
    // clamped, as no listener sits so).
    const HeadOrientation head{wrap180(yaw + m_recenterDeg.load(std::memory_order_relaxed)),
                               std::clamp(correct(m_settings.pitch, raw.pitchDeg), -90.0, 90.0),
                               wrap180(correct(m_settings.roll, raw.rollDeg))};
    const int64_t stamp = nowNs();
    m_latest->write(head, stamp);
    if (!m_trace.try_push(HeadSample{stamp, head}))
        m_traceDropped.fetch_add(1, std::memory_order_relaxed);
    // Release: whoever sees the count sees the orientation it counts.
    m_accepted.fetch_add(1, std::memory_order_release);
}

} // namespace stagelab
