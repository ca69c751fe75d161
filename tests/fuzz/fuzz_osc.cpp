// OSC packets from a head tracker: liblo's parsing and dispatch (bundles among them), then
// Stagelab's handler (addresses, type tags, values, quaternions). Whatever arrives, the newest
// orientation stays finite with its pitch within +-90 deg; anything else is a finding.
#include "fuzz_target.h"
#include "tracking/osc_head_tracker.h"

#include <cmath>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static stagelab::OscHeadTracker tracker([] {
        stagelab::HeadTrackerSettings settings;
        settings.port = "";
        settings.listen = false; // packets only from here
        return settings;
    }());
    tracker.handlePacket(data, size);
    stagelab::HeadOrientation head;
    int64_t stamp = 0;
    if (tracker.latest(head, stamp) &&
        !(std::isfinite(head.yawDeg) && std::isfinite(head.rollDeg) &&
          std::abs(head.pitchDeg) <= 90.0 && std::abs(head.yawDeg) <= 180.0 &&
          std::abs(head.rollDeg) <= 180.0)) {
        std::fprintf(stderr, "orientation out of range: %g %g %g\n", head.yawDeg, head.pitchDeg,
                     head.rollDeg);
        std::abort();
    }
    std::vector<stagelab::HeadSample> trace; // keep the trace queue from filling
    tracker.drainTrace(trace);
    return 0;
}
