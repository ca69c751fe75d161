#!/usr/bin/env bash
# Draws the README's room and distance pictures (docs/plots/*.svg) from renders: the studio's
# binaural impulse response, and level and direct-to-reverberant ratio against distance.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >/dev/null
mkdir -p docs/plots
build/release/tests/benchmark/stagelab-room-plots docs/plots
