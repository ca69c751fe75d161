#!/usr/bin/env python3
"""Compares two folders written by scripts/cli-snapshot.sh.

Text files must be equal. FFTW plans with FFTW_MEASURE, which times candidate algorithms, so two
runs of the same binary may round FFT results differently (seen: 1e-7 dB in a GraphicEQ response,
1e-8 of full scale in renders). A text file that differs only in numbers within a relative 1e-6 is
reported as such, and WAV files are compared sample by sample: equal when the largest difference
is below 1e-5 of the peak (-100 dB), far below anything audible or any test's tolerance.
Exit code 0 when everything matches, 1 otherwise.
"""
import os
import re
import struct
import sys
import difflib

NUMBER = re.compile(r"-?\d+\.\d+(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+")


def read_float_wav(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(path + ": not a RIFF/WAVE file")
    position, fmt, samples = 12, None, None
    while position + 8 <= len(data):
        chunk, size = data[position:position + 4], struct.unpack("<I", data[position + 4:position + 8])[0]
        body = data[position + 8:position + 8 + size]
        if chunk == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif chunk == b"data":
            samples = body
        position += 8 + size + (size & 1)
    if fmt is None or samples is None or fmt[0] not in (3, 0xFFFE) or fmt[5] != 32:
        raise ValueError(path + ": not a 32-bit float WAV")
    return fmt[1], struct.unpack("<%df" % (len(samples) // 4), samples)


def compare_wav(a, b):
    channels_a, x = read_float_wav(a)
    channels_b, y = read_float_wav(b)
    if channels_a != channels_b or len(x) != len(y):
        return False, "shape differs: %d ch x %d vs %d ch x %d" % (channels_a, len(x), channels_b, len(y))
    peak = max(max(abs(v) for v in x), 1e-30)
    worst = max((abs(p - q) for p, q in zip(x, y)), default=0.0)
    return worst <= 1e-5 * peak, "max difference %.3g of the peak" % (worst / peak)


def rounded(text):
    return NUMBER.sub(lambda m: "%.6g" % float(m.group(0)), text)


def main(before, after):
    names = set()
    for root in (before, after):
        for folder, _, files in os.walk(root):
            names.update(os.path.relpath(os.path.join(folder, f), root) for f in files)
    failures = 0
    for name in sorted(names):
        a, b = os.path.join(before, name), os.path.join(after, name)
        if not (os.path.exists(a) and os.path.exists(b)):
            print("only in %s: %s" % (before if os.path.exists(a) else after, name))
            failures += 1
            continue
        if name.endswith(".wav"):
            ok, how = compare_wav(a, b)
            if not ok:
                failures += 1
            print("%s %s: %s" % ("same" if ok else "DIFFERENT", name, how))
            continue
        with open(a, encoding="utf-8", errors="replace") as f:
            text_a = f.read()
        with open(b, encoding="utf-8", errors="replace") as f:
            text_b = f.read()
        if text_a == text_b:
            continue
        if rounded(text_a) == rounded(text_b):
            print("same within 1e-6 (numbers only): %s" % name)
            continue
        failures += 1
        print("DIFFERENT %s:" % name)
        sys.stdout.writelines(difflib.unified_diff(text_a.splitlines(True), text_b.splitlines(True), a, b, n=1))
    print("%d file(s) compared, %d different" % (len(names), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: snapshot-diff.py BEFORE AFTER")
    sys.exit(main(sys.argv[1], sys.argv[2]))
