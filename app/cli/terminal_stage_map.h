#pragma once
/// A stage-map trial answered at the terminal (`stagelab-cli run`): one line per instrument.

#include "session/session.h"

namespace stagelab::cli {

/// Plays the ensemble, then asks where each instrument stands ("azimuth, distance"; "s" plays
/// it alone, "r" replays the ensemble) and records the placements. False when input ends.
bool askStageMapInTerminal(Session& session);

} // namespace stagelab::cli
