#pragma once
/// Head-tracked and head-pointing trials at the terminal (`stagelab-cli run --head-tracker`).

#include "session/session.h"

namespace stagelab::cli {

/// Waits (saying why, once) until the current trial has what it needs of the head tracker:
/// one attached and sending; a trial that lost it while it played starts again. Returns at once
/// when it needs none; false when none is attached (the session then pauses: run again with
/// --head-tracker).
bool waitForHeadTracker(Session& session);

/// A head-pointing trial: waits for the head to face front, plays, and records where the nose
/// points when the listener presses Enter. A tracker lost meanwhile restarts the trial. False
/// when input ends.
bool askHeadPointingInTerminal(Session& session);

} // namespace stagelab::cli
