#pragma once
/// Head trackers in tests: never on a fixed port (suites run beside each other and beside a
/// real tracker on 9000).

#include "tracking/osc_head_tracker.h"

namespace stagelab::test {

/// A tracker on any free port (OscHeadTracker::port() says which).
inline HeadTrackerSettings anyPort()
{
    HeadTrackerSettings settings;
    settings.port = "";
    return settings;
}

} // namespace stagelab::test
