#!/usr/bin/env bash
# A private PulseAudio server with one null sink ("stagelab_test", 48 kHz float), for tests that
# play through RtAudio and record what came out from the sink's monitor.
#
#   eval "$(scripts/test-audio-server.sh start DIR)"   # starts it; prints the variables to export
#   scripts/test-audio-server.sh stop DIR              # stops it by its pid
#
# DIR holds its runtime files; nothing outside DIR is touched, and a user's own PulseAudio (if
# any) is left alone.
set -euo pipefail
action=${1:?start|stop}; dir=${2:?runtime folder}
case "$action" in
start)
    mkdir -p "$dir"; chmod 700 "$dir"
    export XDG_RUNTIME_DIR="$dir" PULSE_RUNTIME_PATH="$dir/pulse" HOME="${HOME:-$dir}"
    unset PULSE_SERVER
    # As root PulseAudio warns but runs; --system would need the pulse user and D-Bus.
    pulseaudio -n --daemonize=yes --exit-idle-time=-1 --use-pid-file=yes --disable-shm=yes \
        --log-target=file:"$dir/pulseaudio.log" \
        --load=module-native-protocol-unix \
        --load="module-null-sink sink_name=stagelab_test rate=48000 format=float32le" >/dev/null 2>&1 || {
        echo "test-audio-server: PulseAudio did not start; its log:" >&2; cat "$dir/pulseaudio.log" >&2 || true; exit 1; }
    for _ in $(seq 50); do
        PULSE_SERVER="unix:$dir/pulse/native" pactl info >/dev/null 2>&1 && break
        sleep 0.1
    done
    PULSE_SERVER="unix:$dir/pulse/native" pactl set-default-sink stagelab_test
    # An idle null sink runs with a 2-s period and consumes its inputs in 2-s gulps, so a stream
    # with a short buffer stalls until the next gulp. A sound card does not; a reader asking for
    # 10 ms on the monitor makes the null sink tick like one.
    PULSE_SERVER="unix:$dir/pulse/native" setsid parec -d stagelab_test.monitor --latency-msec=10 >/dev/null 2>&1 &
    echo $! > "$dir/ticker.pid"
    # Only once the reader is connected does the sink tick; a stream opened before would stall.
    for _ in $(seq 50); do
        PULSE_SERVER="unix:$dir/pulse/native" pactl list short source-outputs 2>/dev/null | grep -q . && break
        sleep 0.1
    done
    # The sink finishes the 2-s period it started idle before the reader's 10-ms latency takes
    # effect: a stream opened within those 2 s stalls for a second (seen as a dead device).
    sleep 2.1
    echo "export PULSE_SERVER='unix:$dir/pulse/native' STAGELAB_TEST_SINK=stagelab_test STAGELAB_PULSE_PID=$(cat "$dir/pulse/pid")"
    ;;
stop)
    if [ -f "$dir/ticker.pid" ]; then kill "$(cat "$dir/ticker.pid")" 2>/dev/null || true; fi
    if [ -f "$dir/pulse/pid" ]; then
        pid=$(cat "$dir/pulse/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
