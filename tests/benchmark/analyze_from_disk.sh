#!/usr/bin/env bash
# Times `stagelab-cli analyze` on 1,000 session files of 500 trials each (goal: 1 s wall on 2 cores,
# 300 MB peak).
# One real simulated session of a 500-trial experiment is recorded, then copied under 999 other
# participant ids, so every file is a genuine Stagelab session file (about 320 MB in all).
#   tests/benchmark/analyze_from_disk.sh [path/to/stagelab-cli]
set -euo pipefail
cli=${1:-build/release/app/stagelab-cli}
work=$(mktemp -d /tmp/stagelab-analyze-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/big.json" <<'JSON'
{"format": "stagelab.experiment/1", "id": "big", "title": "500 trials",
 "stimuli": [{"id": "noise", "file": "pink-noise"}, {"id": "piano", "file": "piano"}],
 "playback": {"durationS": 1.0, "replaysAllowed": 0},
 "blocks": [{"id": "loc", "name": "Localization", "kind": "localization", "responseMode": "azimuth-elevation",
             "repetitions": 5,
             "factors": {"stimulus": ["noise", "piano"], "model": ["stereo-pan", "spherical-head"],
                         "azimuthDeg": [-150, -120, -90, -60, -30, 0, 30, 60, 90, 120, 150, 180, 15, -15, 45, -45, 75, -75, 105, -105, 135, -135, 165, -165, 10],
                         "elevationDeg": [0]}}]}
JSON
"$cli" run "$work/big.json" --participant p0000 --results "$work/results" --simulate noise --seed 1 2>/dev/null
source=$(ls "$work"/results/p0000/*.jsonl)
for i in $(seq 1 999); do
    p=$(printf 'p%04d' "$i")
    mkdir -p "$work/results/$p"
    sed "s/\"participant\":\"p0000\"/\"participant\":\"$p\"/" "$source" > "$work/results/$p/$(basename "$source")"
done
echo "$(find "$work/results" -name '*.jsonl' | wc -l) session files, $(du -sh "$work/results" | cut -f1)"
/usr/bin/time -f "analyze: %e s wall, %U s user, %M KB peak" "$cli" analyze "$work/results" --by participant,model --format json >/dev/null
