#pragma once
/// Wall-clock time for records (never for audio: audio time is counted in sample frames).

#include <string>

namespace stagelab {

/// Current UTC time as "2026-11-22T04:50:12Z" (ISO 8601, whole seconds).
std::string utcNow();

} // namespace stagelab
