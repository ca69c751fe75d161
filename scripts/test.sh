#!/usr/bin/env bash
# Second command of the README (and what CI runs): installs, builds and runs the whole test
# suite. It starts what the headless tests need - a private PulseAudio server with a null sink,
# offscreen Qt - and stops what it started, by pid. Extra arguments go to ctest (e.g. -L dsp)
# and skip the fuzz targets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh release

runtime=$(mktemp -d /tmp/stagelab-test-XXXXXX)
cleanup() { scripts/test-audio-server.sh stop "$runtime/pulse"; rm -rf "$runtime"; }
trap cleanup EXIT
eval "$(scripts/test-audio-server.sh start "$runtime/pulse")"
export QT_QPA_PLATFORM=offscreen
echo "Test audio server: $PULSE_SERVER (pid $STAGELAB_PULSE_PID), sink $STAGELAB_TEST_SINK"
# One test at a time: the audio tests need the CPU to keep up with real time.
ctest --preset release -j1 "$@"
# The whole suite (no arguments, as CI runs it) ends with every fuzz target for 20 s from the
# project's own seeds: a crash, a hang, a leak or a sanitizer report fails the run.
if [ $# -eq 0 ]; then scripts/fuzz.sh 20; fi
