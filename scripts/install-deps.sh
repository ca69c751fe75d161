#!/usr/bin/env bash
# Installs the Debian 12 packages Stagelab builds with (and, with --test, those its tests use;
# with --fuzz, what scripts/fuzz.sh builds with; both flags may be given).
# Uses sudo when not run as root. Skips apt entirely when everything is already installed.
set -euo pipefail
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-dialogs
    qml6-module-qtqml-workerscript
    librtaudio-dev libasound2-dev libsndfile1-dev libmysofa-dev libmysofa1 libfftw3-dev
    libsamplerate0-dev libebur128-dev libbs2b-dev libreaderwriterqueue-dev libcli11-dev
    nlohmann-json3-dev libssl-dev liblo-dev libsimdjson-dev
)
want() { local flag; for flag in "${options[@]}"; do [ "$flag" = "$1" ] && return 0; done; return 1; }
options=("$@")
if want --test; then
    # A private PulseAudio server with a null sink, and parec/pactl to record and steer it.
    packages+=(pulseaudio pulseaudio-utils qml6-module-qttest)
    # The committed C++ style is checked by the suite (tst_format).
    packages+=(clang-format)
    # Headless Chromium renders the study report to a PNG (tst_study_report).
    packages+=(chromium)
fi
if want --fuzz; then
    # The fuzz preset: clang 14 with libFuzzer and the sanitizers' runtimes (scripts/fuzz.sh);
    # ncgen (netcdf-bin) turns the SOFA seed's text (CDL) into a netCDF-4 file.
    packages+=(clang-14 libclang-rt-14-dev netcdf-bin)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${#missing[@]} Debian package(s): ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
