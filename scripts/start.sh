#!/usr/bin/env bash
# First command of the README: installs what Stagelab needs, builds it and starts its main job.
# Until the GUI exists that is the demo: an acoustic guitar circling your head through the MIT
# KEMAR HRTF (or, with no audio device, the same rendered to stagelab-play.wav). Extra arguments
# go to `stagelab-cli play` (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/release/app/stagelab-cli play "$@"
