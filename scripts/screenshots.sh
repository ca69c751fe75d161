#!/usr/bin/env bash
# Renews the README's screenshots (docs/screenshots/*.png): runs the demo experiment through the
# real window under Xvfb, with sound going to a private PulseAudio null sink.
#   scripts/screenshots.sh [OUT_FOLDER] [WIDTHxHEIGHT]     (default docs/screenshots 1280x800)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}; size=${2:-1280x800}
scripts/install-deps.sh --test
for package in xvfb xauth; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=" $package"
done
if [ -n "${missing:-}" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi
scripts/build.sh release
runtime=$(mktemp -d /tmp/stagelab-shots-XXXXXX)
trap 'scripts/test-audio-server.sh stop "$runtime/pulse"; rm -rf "$runtime"' EXIT
eval "$(scripts/test-audio-server.sh start "$runtime/pulse")"
width=${size%x*}; height=${size#*x}
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 ${width}x$((height + 100))x24" \
    build/release/tests/stagelab-screenshot-tour "$out" "$size"
