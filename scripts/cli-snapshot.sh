#!/usr/bin/env bash
# Records what stagelab-cli prints and writes for a fixed set of commands (plans, simulated
# sessions, analysis, comparisons, exports, the report, renders, device responses), with
# timestamps, session ids and the commit id masked, so that a refactor can show its outputs did
# not change:
#
#   scripts/cli-snapshot.sh /tmp/before            # on the old tree (after scripts/build.sh)
#   scripts/cli-snapshot.sh /tmp/after             # on the new tree
#   scripts/snapshot-diff.py /tmp/before /tmp/after
#
# The sessions are written to a fixed scratch folder (/tmp/stagelab-snapshot-results) so that
# the absolute paths recorded in them are the same in both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?output folder}
cli=${STAGELAB_CLI:-build/release/app/stagelab-cli}
results=/tmp/stagelab-snapshot-results
rm -rf "$out" "$results"
mkdir -p "$out/render" "$out/export"

# ISO times, session stamps and the build's commit vary from run to run; nothing else may.
mask() {
    sed -E -e "s|$out|<out>|g" -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/<time>/g' \
        -e 's/[0-9]{8}T[0-9]{6}Z/<stamp>/g' \
        -e 's/"commit":"[^"]*"/"commit":"<commit>"/g' \
        -e 's/\(unknown\)|\([0-9a-f]{12}\)/(<commit>)/g'
}
run() { # run NAME COMMAND...: stdout, stderr and exit code of one command, masked
    local name=$1; shift
    set +e
    "$@" >"$out/$name.out" 2>"$out/$name.err"
    echo "exit $?" >>"$out/$name.out"
    set -e
    for stream in out err; do mask <"$out/$name.$stream" >"$out/$name.$stream.masked"
        mv "$out/$name.$stream.masked" "$out/$name.$stream"; done
}

experiments=stimuli/experiments
for experiment in demo device-study imaging-study; do
    run "plan-$experiment" "$cli" plan "$experiments/$experiment.json" --participant p01 --seed 7
    run "plan-$experiment-json" "$cli" plan "$experiments/$experiment.json" --participant p02 --seed 11 --json
done
run run-demo "$cli" run "$experiments/demo.json" --participant p01 --seed 7 --simulate noise --results "$results"
run run-demo-perfect "$cli" run "$experiments/demo.json" --participant p02 --seed 8 --simulate perfect --results "$results"
for participant in 1 2 3 4; do
    run "run-device-study-$participant" "$cli" run "$experiments/device-study.json" --participant "d0$participant" \
        --seed "$participant" --simulate noise --listener-seed "$participant" --results "$results"
done

run analyze-json "$cli" analyze "$results" --format json
run analyze-by-json "$cli" analyze "$results" --by model,kind,device --format json
run analyze-table "$cli" analyze "$results" --by participant,model
run analyze-csv "$cli" analyze "$results" --by device --format csv --include-training
run compare-device "$cli" compare "$results" --factor device --levels open-back,iem --format json
run compare-device-table "$cli" compare "$results" --factor device --levels open-back,iem
run compare-model "$cli" compare "$results" --factor model --levels stereo-pan,hrtf --format json
for format in csv bids json; do
    run "export-$format" "$cli" export "$results" --format "$format" --out "$out/export/$format"
done
run report "$cli" report "$results" --out "$out/report.html"
[ -f "$out/report.html" ] && mask <"$out/report.html" >"$out/report.masked" && mv "$out/report.masked" "$out/report.html"
# The session files themselves (what every answer looks like on disk).
find "$results" -name '*.jsonl' | sort | while read -r file; do
    name=$(basename "$(dirname "$file")")-$(basename "$file" | mask)
    mask <"$file" >"$out/session-$name"
done
find "$out/export" -type f | sort | while read -r file; do
    mask <"$file" >"$file.masked" && mv "$file.masked" "$file"
done

scenes=(
    "hrtf-wide --stimulus acoustic-guitar --azimuth 30 --width 30 --duration 1"
    "hrtf-moving --stimulus violin --azimuth 60 --elevation 20 --rotate 90 --duration 1"
    "spherical --model spherical-head --stimulus speech --azimuth -45 --duration 1"
    "stereo-pan --model stereo-pan --stimulus piano --azimuth 20 --duration 1"
    "crossfeed --model crossfeed --stimulus drum-kit --azimuth -70 --duration 1"
    "diotic --model diotic --stimulus bass --duration 1"
    "speakers --model virtual-speakers --duration 1 --source stimulus=piano,azimuth=25,elevation=0,width=0,gainDb=0,rotateDegPerS=0 --source stimulus=drum-kit,azimuth=-25,elevation=0,width=20,gainDb=-3,rotateDegPerS=0"
    "block256 --stimulus trumpet --azimuth 120 --block 256 --duration 1"
    "rate44k --stimulus click-train --azimuth -150 --sample-rate 44100 --duration 1"
)
for scene in "${scenes[@]}"; do
    read -r name arguments <<<"$scene"
    # shellcheck disable=SC2086 # the arguments are words
    run "render-$name" "$cli" render -o "$out/render/$name.wav" $arguments
done

for device in generic-open-back generic-iem generic-closed-back; do
    run "response-$device" "$cli" device-response "$device" --frequencies 20,100,1000,4000,10000,16000 --json
done
# Real AutoEq files, where ../shared is beside the checkout (parametric, fixed-band, GraphicEQ).
find ../shared/devices-autoeq -name '*.txt' 2>/dev/null | sort | while read -r file; do
    run "response-$(basename "$file" | tr ' ' '_')" "$cli" device-response "$file" --frequencies 20,1000,10000 --json
done
run calibrate "$cli" calibrate --device generic-iem --gain-db -12 --spl-db 74 --results "$results" --json
run models "$cli" models --json
run hrtf-info "$cli" hrtf-info --json
echo "snapshot written to $out"
