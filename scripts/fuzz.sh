#!/usr/bin/env bash
# Fuzzes every input kind Stagelab reads (tests/fuzz): builds the "fuzz" preset (clang 14,
# libFuzzer, AddressSanitizer, UBSan), seeds each target's corpus from the project's own files
# (and ../shared's, when present), and runs each target.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]     (default 20 s; all targets)
#   STAGELAB_FUZZ_RUNS=1000000 scripts/fuzz.sh 3600 ...    (stop after that many inputs)
# Findings (crash-*, timeout-*, oom-*) land in build/fuzz/findings/<target>/; the exit code is
# non-zero if there is one. Each line of the summary says how many inputs a target ran.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(experiment device_profile autoeq csv_import session_file sofa sofa_values room osc)
scripts/install-deps.sh --fuzz
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz
corpus=build/fuzz/corpus findings=build/fuzz/findings
seed_into() { # seed_into TARGET FILE...
    local target=$1; shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do [ -f "$file" ] && cp -n "$file" "$corpus/$target/$(basename "$file" | tr ' ' _)"; done
    return 0
}
seed_into experiment stimuli/experiments/*.json tests/gui/data/*.json tests/fuzz/seeds/experiment/*
seed_into device_profile stimuli/devices/*.json
seed_into autoeq tests/fuzz/seeds/autoeq/* ../shared/devices-autoeq/*/*.txt
seed_into csv_import tests/fuzz/seeds/csv/* ../shared/validation/localization-horizontal/*.csv
seed_into session_file tests/fuzz/seeds/session/*
seed_into room tests/fuzz/seeds/room/*
seed_into osc tests/fuzz/seeds/osc/*
# SOFA: a tiny set written as text (CDL), so that libmysofa parses hundreds of inputs a second
# (the 1.1 MB KEMAR set allows five).
mkdir -p "$corpus/sofa"
for cdl in tests/fuzz/seeds/sofa/*.cdl; do
    ncgen -k nc4 -o "$corpus/sofa/$(basename "$cdl" .cdl).sofa" "$cdl"
done
# sofa_values overwrites the numbers of that set (read once) with its inputs.
export STAGELAB_FUZZ_SOFA=$PWD/build/fuzz/tiny.sofa
ncgen -k nc4 -o "$STAGELAB_FUZZ_SOFA" tests/fuzz/seeds/sofa/tiny.cdl
mkdir -p "$corpus/sofa_values"
# Inputs may grow to four times the largest seed (the validation CSVs, the experiments).
max_len() {
    case $1 in sofa) echo 100000 ;; sofa_values | osc) echo 4096 ;; *) echo 1200000 ;; esac
}
# A leak inside libmysofa's own error path is not ours to fix (tests/fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0"
status=0
for target in "${targets[@]}"; do
    mkdir -p "$findings/$target"
    log=build/fuzz/fuzz_$target.log
    # -rss_limit_mb and -timeout turn runaway memory and hangs into findings too.
    if ! build/fuzz/tests/fuzz/fuzz_"$target" "$corpus/$target" -max_total_time="$seconds" \
            -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" -print_final_stats=1 \
            ${STAGELAB_FUZZ_RUNS:+-runs=$STAGELAB_FUZZ_RUNS} \
            -artifact_prefix="$findings/$target/" > "$log" 2>&1; then
        status=1
        echo "fuzz_$target: FINDING - see $log and $findings/$target/"
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]* second' || echo "in ${seconds} s")
    echo "fuzz_$target: $runs inputs ${time}"
    grep -q "stat::number_of_executed_units" "$log" || echo "  (no final stats: see $log)"
done
exit $status
