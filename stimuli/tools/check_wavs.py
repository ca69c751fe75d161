#!/usr/bin/env python3
"""Sanity-check the generated stimuli; exit non-zero on any failure.

Usage: check_wavs.py FILE.wav...

Checks: mono 48 kHz 24-bit integer PCM; duration 1-6 s; no clipped samples;
not silent; no more than 5 ms before the signal first exceeds -60 dBFS; the
last sample is faded to (nearly) zero.

SoX writes 24-bit WAVs with a WAVE_FORMAT_EXTENSIBLE header, which the
`wave` module of Python < 3.12 rejects, so the RIFF chunks are parsed here.
"""

import struct
import sys

RATE = 48000
FULL_SCALE = 1 << 23
WAVE_FORMAT_PCM = 1
WAVE_FORMAT_EXTENSIBLE = 0xFFFE
PCM_SUBFORMAT = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"


def read_wav(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    fmt = pcm = None
    pos = 12
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = body
        elif cid == b"data":
            pcm = body
        pos += 8 + size + (size & 1)
    if fmt is None or pcm is None:
        raise ValueError("missing fmt or data chunk")
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == WAVE_FORMAT_EXTENSIBLE and fmt[24:40] == PCM_SUBFORMAT:
        tag = WAVE_FORMAT_PCM
    if (tag, channels, rate, bits) != (WAVE_FORMAT_PCM, 1, RATE, 24):
        raise ValueError(f"format tag {tag:#x}, {channels} ch, {rate} Hz, {bits} bit;"
                         " want PCM mono 48000 Hz 24 bit")
    return [int.from_bytes(pcm[i:i + 3], "little", signed=True)
            for i in range(0, len(pcm) - 2, 3)]


def check(path):
    problems = []
    x = read_wav(path)
    n = len(x)
    seconds = n / RATE
    if not 1.0 <= seconds <= 6.0:
        problems.append(f"duration {seconds:.3f} s outside 1-6 s")
    peak = max(abs(v) for v in x)
    if peak >= FULL_SCALE - 1:
        problems.append("clipped samples")
    if peak == 0:
        problems.append("silent")
    threshold = FULL_SCALE * 10 ** (-60 / 20)
    onset = next((i for i, v in enumerate(x) if abs(v) > threshold), n)
    if onset > RATE * 0.005:
        problems.append(f"leading silence {onset / RATE * 1000:.1f} ms")
    if abs(x[-1]) > FULL_SCALE * 10 ** (-60 / 20):
        problems.append("not faded out at the end")
    return seconds, onset, problems


def main():
    failed = False
    for path in sys.argv[1:]:
        try:
            seconds, onset, problems = check(path)
        except (OSError, ValueError) as e:
            seconds, onset, problems = 0.0, 0, [str(e)]
        status = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"check {path.rsplit('/', 1)[-1]:<20} {seconds:6.3f} s, "
              f"onset {onset / RATE * 1000:4.1f} ms: {status}")
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
