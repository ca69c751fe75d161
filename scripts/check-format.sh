#!/usr/bin/env bash
# The committed style (.clang-format) holds for every C++ file of the tree, as Debian 12's
# clang-format 14 reads it. Run by the test suite (ctest: tst_format); to fix a file, run
# `clang-format -i FILE`. Exits 77 (ctest: skipped) without clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
    echo "clang-format is not installed (scripts/install-deps.sh --test installs it)"
    exit 77
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked files and new ones not yet added (but not ignored ones such as build/).
    mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.h' '*.cpp')
else
    mapfile -t files < <(find app engine tests -name '*.h' -o -name '*.cpp')
fi
existing=()
for file in "${files[@]}"; do [ -f "$file" ] && existing+=("$file"); done
clang-format --dry-run --Werror "${existing[@]}"
echo "${#existing[@]} files follow .clang-format"
