#!/usr/bin/env bash
# Reference point for Stagelab's renderer benchmark: how many binaural sources
# FFmpeg's `sofalizer` filter renders in real time on ONE core with the MIT KEMAR
# HRTF set.  It is only a comparison, so a missing ffmpeg is not an error.
#
# Usage: sofalizer_compare.sh [--quick] [path/to/stagelab_benchmark]
#   The benchmark binary, if given and executable, runs first ("$bin" or
#   "$bin --quick") so both tables come out of one run.
# Environment: SOURCES ("1 16 64 256"), TYPES ("freq time"), DUR (20 s, freq),
#   DUR_TIME (4 s, time domain: it is ~10x slower), FRAMESIZE (1024),
#   REPEAT (3, best-of), SOFA (KEMAR path; must not contain ':' or ','),
#   VERBOSE=1 prints every ffmpeg command line.
#
# Findings behind the method (checked with FFmpeg 5.1, Debian 12):
# * sofalizer forces its input to the SOFA file's sample rate (44.1 kHz for
#   KEMAR) and would auto-insert a resampler for 48 kHz input; we generate noise
#   at the SOFA rate so only sofalizer is timed, and scale realtime_factor to
#   48 kHz (cost is linear in samples/s) to match Stagelab's 48 kHz figures.
# * It rejects more than 64 input channels ("Couldn't get speaker positions"),
#   so larger N are capped at 64.  Using a custom-order layout of 64 x "FL" and
#   addressing speakers by channel index ("speakers=0 AZ EL|1 AZ EL|...") is
#   what makes >25 distinct sources possible; named layouts stop at the 25
#   channel names the filter knows (LFE/LFE2 are not even convolved).
# * It slice-threads over the two ears (at most 2 threads), so we force one
#   thread with -filter_complex_threads 1 and pin to CPU 0 with taskset.
# * type=freq consumes exactly `framesize` samples per call (block = hop =
#   framesize, range 1024..96000); per af_sofalizer.c, per block and ear it
#   does one complex FFT per source plus one IFFT, FFT length = next pow2 above
#   (IR padded to pow2 + max delay + framesize): 4096 for KEMAR's 512-tap IRs
#   at 1024.  type=time is
#   a direct 512-tap FIR per source and ear; its block is just the input frame
#   size, which we set to the same value.
set -euo pipefail

quick=0 bin=""
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) bin=$a ;;
  esac
done

if [[ -n $bin ]]; then
  if [[ -x $bin ]]; then
    if ((quick)); then "$bin" --quick; else "$bin"; fi
    echo
  else
    echo "note: $bin is not executable, skipping the Stagelab benchmark" >&2
  fi
fi

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "sofalizer: skipped (ffmpeg not installed)"; exit 0
fi
SOFA=${SOFA:-/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa}
# (no `| grep -q`: with pipefail the early exit would SIGPIPE ffmpeg)
if [[ $(ffmpeg -hide_banner -filters 2>/dev/null) != *" sofalizer "* ]]; then
  echo "sofalizer: skipped (ffmpeg built without libmysofa)"; exit 0
fi
if [[ ! -r $SOFA ]]; then
  echo "sofalizer: skipped (SOFA file $SOFA not found)"; exit 0
fi

SOURCES=${SOURCES:-"1 16 64 256"}
TYPES=${TYPES:-"freq time"}
FRAMESIZE=${FRAMESIZE:-1024}
if ((quick)); then DUR=${DUR:-10} DUR_TIME=${DUR_TIME:-3} REPEAT=${REPEAT:-1}
else DUR=${DUR:-20} DUR_TIME=${DUR_TIME:-4} REPEAT=${REPEAT:-3}; fi
MAX_CH=64 REF_RATE=48000
pin=(); command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)

# The filter logs the rate it runs at; asking it beats hard-coding 44100.
rate=$( (ffmpeg -hide_banner -nostdin -loglevel debug -filter_complex \
          "anoisesrc=d=0.05,sofalizer=sofa=$SOFA" -f null - 2>&1 || true) |
        sed -n 's/.*Samplerate: \([0-9]*\).*/\1/p' | head -n1)
rate=${rate:-44100}

# User CPU seconds (ffmpeg -benchmark "utime") for N noise channels ->
# [sofalizer] -> null, best of REPEAT.  $2 = freq|time, or "none" for the
# generator-only graph.
cpu_seconds() {
  local n=$1 type=$2 dur=$3 lay sp="" graph i r best="" t log
  lay=$(printf 'FL+%.0s' $(seq "$n")); lay=${lay%+}
  for ((i = 0; i < n; i++)); do sp+="${sp:+|}$i $((i * 360 / n)) 0"; done
  # asplit+join only passes buffer refs; pan could not build these layouts.
  graph="anoisesrc=r=$rate:d=$dur:a=0.1:nb_samples=$FRAMESIZE,aformat=sample_fmts=fltp"
  graph+=",asplit=$n,join=inputs=$n:channel_layout=$lay"
  [[ $type == none ]] ||
    graph+=",sofalizer=sofa=$SOFA:type=$type:framesize=$FRAMESIZE:speakers=$sp"
  local cmd=("${pin[@]}" ffmpeg -hide_banner -nostdin -nostats -benchmark
             -threads 1 -filter_threads 1 -filter_complex_threads 1
             -filter_complex "$graph" -f null -)
  [[ ${VERBOSE:-0} == 1 ]] && { printf '%q ' "${cmd[@]}"; echo; } >&2
  log=$(mktemp)
  for ((r = 0; r < REPEAT; r++)); do
    if ! "${cmd[@]}" >"$log" 2>&1; then
      echo "sofalizer: ffmpeg failed for N=$n type=$type:" >&2; tail -n 5 "$log" >&2
      rm -f "$log"; return 1
    fi
    t=$(sed -n 's/^bench: utime=\([0-9.]*\)s.*/\1/p' "$log")
    best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  rm -f "$log"; echo "$best"
}

# Cap and de-duplicate the source counts.
list=""
for n in $SOURCES; do
  if ((n > MAX_CH)); then
    echo "# N=$n capped to $MAX_CH (sofalizer rejects more than $MAX_CH input channels)"; n=$MAX_CH
  fi
  [[ " $list " == *" $n "* ]] || list+="${list:+ }$n"
done

echo "# FFmpeg sofalizer ($(ffmpeg -hide_banner -version | head -n1 | cut -d' ' -f3)), $(basename "$SOFA")," \
     "1 thread$( ((${#pin[@]})) && echo ', pinned to CPU 0'), runs at ${rate} Hz;" \
     "realtime_factor scaled to ${REF_RATE} Hz, setup and generator cost subtracted, best of $REPEAT"
echo "# block = sofalizer framesize (freq) / input frame size (time) = $FRAMESIZE samples"
printf '%-16s %8s %6s %16s %19s\n' model sources block realtime_factor sources_x_realtime
# utime still includes ~70 ms of graph setup (SOFA load, HRTF FFTs: ffmpeg
# re-creates the graph inside its timed window) plus the noise generator, so
# time a D0-second run too and difference both graphs: what is left is the
# steady-state cost of sofalizer alone for (dur - D0) seconds of audio.
D0=0.1
for n in $list; do
  for type in $TYPES; do
    dur=$DUR; [[ $type == time ]] && dur=$DUR_TIME
    s1=$(cpu_seconds "$n" "$type" "$dur") s0=$(cpu_seconds "$n" "$type" "$D0")
    b1=$(cpu_seconds "$n" none "$dur")    b0=$(cpu_seconds "$n" none "$D0")
    awk -v m="sofalizer-$type" -v n="$n" -v b="$FRAMESIZE" -v d="$dur" -v d0="$D0" \
        -v s1="$s1" -v s0="$s0" -v b1="$b1" -v b0="$b0" -v sr="$rate" -v ref="$REF_RATE" 'BEGIN {
      net = (s1 - s0) - (b1 - b0); if (net < 0.001) net = 0.001   # timer noise guard
      rtf = (d - d0) * sr / ref / net
      printf "%-16s %8d %6d %16.2f %19.1f\n", m, n, b, rtf, n * rtf }'
  done
done
