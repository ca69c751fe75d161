#!/usr/bin/env bash
# Regenerate Stagelab's default stimulus set (the *.wav files next to this
# script) from scratch: instruments from General MIDI phrases rendered with
# FluidSynth, speech from espeak-ng, noise and clicks from Python.
#
# Every file ends up mono, 48 kHz, 24-bit PCM, normalised to -23 LUFS
# integrated (ITU-R BS.1770, measured with ffmpeg's ebur128 filter) unless
# that would put the true peak above -1 dBTP, in which case the true peak
# sets the gain and the file stays quieter.
#
# The output is deterministic: the same tool versions give bit-identical
# files (reverb and chorus are off in FluidSynth, SoX runs in repeatable mode
# without dither, the noise uses a fixed seed).
#
# Usage: stimuli/generate.sh            (needs no arguments, writes in place)
#        SF2=/path/to/other.sf2 stimuli/generate.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SF2=${SF2:-/usr/share/sounds/sf2/FluidR3_GM.sf2}
RATE=48000
TARGET_LUFS=-23
TP_CEILING=-1.0     # dBTP
FADE=480            # 10 ms end fade, in samples
SPEECH_TEXT="The quick brown fox jumps over the lazy dog."

# --- tools ------------------------------------------------------------------
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package: $2)"); }
need fluidsynth fluidsynth
need espeak-ng espeak-ng
need sox sox
need ffmpeg ffmpeg
need python3 python3
need awk mawk
if [[ ${#missing[@]} -gt 0 ]]; then
    printf 'generate.sh: missing tool: %s\n' "${missing[@]}" >&2
    echo "Install with: apt-get install --no-install-recommends fluidsynth fluid-soundfont-gm espeak-ng sox ffmpeg" >&2
    exit 1
fi
if [[ ! -r $SF2 ]]; then
    echo "generate.sh: soundfont $SF2 not found (Debian package: fluid-soundfont-gm)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# -R: seed SoX's generators with a constant (repeatable output);
# -D: no dither, so requantising is a pure function of the input;
# -V1: only errors (FluidSynth's float WAV header makes SoX warn).
sx() { sox -V1 -R -D "$@"; }
# Intermediate files are 32-bit float so that only the final write
# quantises to 24 bits.
F32=(-e floating-point -b 32)

# Leading "silence" is anything below this level in the raw renders (which
# peak around -15 dBFS); after normalisation that is below about -60 dBFS.
TRIM_DB=-70d

nsamples() { soxi -V1 -s "$1"; }

# --- instruments --------------------------------------------------------------
python3 "$here/tools/make_midi.py" "$work"

render() {  # name -> $work/name.mono.wav (float, mono, raw level)
    fluidsynth -ni -q -R 0 -C 0 -g 0.5 -r "$RATE" -O float -T wav \
        -F "$work/$1.render.wav" "$SF2" "$work/$1.mid" >/dev/null
    sx "$work/$1.render.wav" "${F32[@]}" "$work/$1.mono.wav" remix -
}

# shape name duration_in_samples: trim the leading silence, cut to length,
# fade the last 10 ms (half-sine, i.e. raised-cosine, shape). `trim` cannot
# lengthen, so a render that came out too short is an error.
shape() {
    sx "$work/$1.mono.wav" "${F32[@]}" "$work/$1.shaped.wav" \
        silence 1 0 "$TRIM_DB" trim 0 "$2s" fade h 0 "$2s" "${FADE}s"
    if [[ $(nsamples "$work/$1.shaped.wav") -ne $2 ]]; then
        echo "generate.sh: $1 rendered shorter than $2 samples" >&2
        exit 1
    fi
}

# Durations (samples at 48 kHz) leave each phrase room for its last note to
# decay; the phrases are 100 bpm, so 8 beats = 4.8 s.
declare -A DURATION=(
    [piano]=268800      # 5.6 s: final chord from 4.2 s to 5.4 s
    [violin]=264000     # 5.5 s: last note ends at 5.1 s
    [trumpet]=240000    # 5.0 s: last note ends at 4.68 s
    [bass]=268800       # 5.6 s: final root from 4.8 s to 5.4 s
    [drum-kit]=278400   # 5.8 s: closing kick at 4.8 s
)
for name in piano violin trumpet bass drum-kit; do
    render "$name"
    shape "$name" "${DURATION[$name]}"
done

# The guitar phrase is one 5.000 s cycle (8 beats at 96 bpm = 240000 samples)
# rendered three times. Keep the middle cycle: it starts with the previous
# cycle's ringing G chord, so played in a loop it continues seamlessly (cycles
# 2 and 3 of the render are sample-identical). The window is shifted by the
# onset delay of the very first note so the file still starts on the attack.
render acoustic-guitar
GUITAR_CYCLE=240000
sx "$work/acoustic-guitar.mono.wav" "$work/guitar.onset.wav" silence 1 0 "$TRIM_DB"
lead=$(( $(nsamples "$work/acoustic-guitar.mono.wav") - $(nsamples "$work/guitar.onset.wav") ))
sx "$work/acoustic-guitar.mono.wav" "${F32[@]}" "$work/acoustic-guitar.shaped.wav" \
    trim "$(( GUITAR_CYCLE + lead ))s" "${GUITAR_CYCLE}s" \
    fade h 0 "${GUITAR_CYCLE}s" "${FADE}s"

# --- speech -------------------------------------------------------------------
# espeak-ng writes 22.05 kHz 16-bit; resample with SoX's linear-phase VHQ
# filter, drop the leading pause and pad the end to a fixed 3.5 s.
espeak-ng -v en-us -s 150 -w "$work/speech.espeak.wav" "$SPEECH_TEXT"
sx "$work/speech.espeak.wav" "${F32[@]}" "$work/speech.shaped.wav" \
    rate -v "$RATE" silence 1 0 "$TRIM_DB" pad 0 1 trim 0 168000s \
    fade h 0 168000s "${FADE}s"

# --- pink noise, click train --------------------------------------------------
# Written with their own ramps and exact 1.000 s length; no trimming or fade.
python3 "$here/tools/make_noise.py" "$work"
for name in pink-noise click-train; do
    sx "$work/$name.wav" "${F32[@]}" "$work/$name.shaped.wav"
done

# --- loudness -------------------------------------------------------------------
# measure file -> "integrated_LUFS true_peak_dBTP", read from the per-frame
# metadata of ffmpeg's ebur128 filter (3 decimals, unlike its summary).
measure() {
    ffmpeg -hide_banner -nostats -nostdin -i "$1" \
        -af ebur128=peak=true:metadata=1,ametadata=mode=print:file=- \
        -f null - 2>/dev/null |
        awk -F= '/lavfi.r128.I=/ { i = $2 } /lavfi.r128.true_peak=/ { tp = $2 }
                 END { if (i == "" || tp <= 0) exit 1
                       printf "%.3f %.3f\n", i, 20 * log(tp) / log(10) }'
}

# normalise name: shaped float -> final 24-bit WAV. SoX works in 32-bit
# fixed point internally, so nothing may pass full scale on the way: first
# scale to about -2 dBTP (the ebur128 peak reading has 3 decimals of linear
# amplitude, so it is precise only near full scale), re-measure there, then
# take whichever gain is smaller, the one to -23 LUFS or the one to the
# true-peak ceiling (with 0.01 dB to spare for the 24-bit rounding).
normalise() {
    local src=$work/$1.shaped.wav dst=$here/$1.wav m lufs tp pre gain
    m=$(measure "$src")
    read -r lufs tp <<<"$m"
    pre=$(awk -v c="$TP_CEILING" -v tp="$tp" 'BEGIN { printf "%.4f", c - 1 - tp }')
    sx "$src" "${F32[@]}" "$work/$1.trial.wav" gain "$pre"
    m=$(measure "$work/$1.trial.wav")
    read -r lufs tp <<<"$m"
    gain=$(awk -v pre="$pre" -v t="$TARGET_LUFS" -v i="$lufs" -v c="$TP_CEILING" -v tp="$tp" \
        'BEGIN { g = t - i; if (c - 0.01 - tp < g) g = c - 0.01 - tp; printf "%.4f", pre + g }')
    sx "$src" -b 24 -e signed-integer "$dst" gain "$gain"
}

names=(acoustic-guitar piano violin trumpet bass drum-kit speech pink-noise click-train)
printf '%-16s %9s %7s %10s %10s\n' file samples seconds LUFS dBTP
for name in "${names[@]}"; do
    normalise "$name"
    n=$(nsamples "$here/$name.wav")
    m=$(measure "$here/$name.wav")
    read -r lufs tp <<<"$m"
    printf '%-16s %9d %7.3f %10.2f %10.2f\n' "$name.wav" "$n" \
        "$(awk -v n="$n" -v r="$RATE" 'BEGIN { print n / r }')" "$lufs" "$tp"
done

files=()
for name in "${names[@]}"; do files+=("$here/$name.wav"); done
python3 "$here/tools/check_wavs.py" "${files[@]}"

# Bit-identical output is only promised for the same tool versions.
echo "made with: $(fluidsynth --version 2>/dev/null | head -n 1);" \
    "$(sox --version | sed 's/^sox: *//'); $(espeak-ng --version | cut -d' ' -f1-4);" \
    "$(ffmpeg -version | head -n 1 | cut -d' ' -f1-3); $(python3 --version)"
