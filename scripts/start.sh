#!/usr/bin/env bash
# First command of the README: installs what Stagelab needs, builds it and opens the Stagelab
# window on the demo experiment (extra arguments go to `stagelab`, e.g. --experiment FILE,
# --results DIR). Without a display (no $DISPLAY or $WAYLAND_DISPLAY, e.g. over ssh) it plays
# the engine demo instead: a guitar circling your head, or stagelab-play.wav with no audio device.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
    echo "No display to open the Stagelab window on; playing the engine demo instead (stagelab-cli play)."
    exec build/release/app/stagelab-cli play
fi
exec build/release/app/stagelab --results results "$@"
