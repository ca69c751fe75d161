#!/usr/bin/env bash
# Do 64-frame buffers hold? Plays 16 moving sources in a room (the studio preset) at 64-frame
# blocks and a 64-frame device buffer into the private null sink (scripts/test-audio-server.sh)
# for MINUTES (default 10), with the application's window open beside it, then prints the late
# callbacks, the underruns and the audio thread's block time as a share of the 1.33 ms period
# (p50, p99, p99.9, max; the goal is p99.9 <= 50 %). Run it on an otherwise idle machine: a
# build beside it is what it would measure.
#   scripts/soak.sh [MINUTES] [BUILD_DIR]        (after scripts/install-deps.sh --test and a build)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
build=${2:-build/release}
cli=$build/app/stagelab-cli
gui=$build/app/stagelab
[ -x "$cli" ] && [ -x "$gui" ] || { echo "soak: build first (scripts/build.sh release)" >&2; exit 2; }
runtime=$(mktemp -d /tmp/stagelab-soak-XXXXXX)
gui_pid=""
cleanup() {
    [ -n "$gui_pid" ] && kill "$gui_pid" 2>/dev/null || true
    scripts/test-audio-server.sh stop "$runtime/pulse"
    rm -rf "$runtime"
}
trap cleanup EXIT
eval "$(scripts/test-audio-server.sh start "$runtime/pulse")"
# The window, offscreen (no display needed), on its Start page with its timers running.
QT_QPA_PLATFORM=offscreen "$gui" >"$runtime/gui.log" 2>&1 &
gui_pid=$!
sleep 2
kill -0 "$gui_pid" 2>/dev/null || { echo "soak: the application did not start:" >&2; cat "$runtime/gui.log" >&2; exit 1; }
# 16 sources around the head at 1 to 1.75 m (inside the studio's walls all the way round),
# half turning left and half right at 10 to 80 deg/s.
stimuli=(acoustic-guitar bass drum-kit piano trumpet violin speech pink-noise)
distances=(1 1.25 1.5 1.75)
sources=()
for i in $(seq 0 15); do
    speed=$(( (i % 8 + 1) * 10 * (i % 2 ? -1 : 1) ))
    sources+=(--source "stimulus=${stimuli[i % 8]},azimuth=$(( i * 22 - 165 )),distanceM=${distances[i % 4]},rotateDegPerS=$speed,gainDb=-12")
done
echo "soak: 16 moving sources in the studio, 64-frame blocks and buffer, ${minutes} min, window open"
"$cli" play --room studio --block 64 --buffer 64 --duration $(( minutes * 60 )) "${sources[@]}" \
    --no-fallback 2>&1 | grep -E "^(Playing|Played|Audio thread|error)"
kill -0 "$gui_pid" 2>/dev/null || { echo "soak: the application exited during the soak:" >&2; cat "$runtime/gui.log" >&2; exit 1; }
