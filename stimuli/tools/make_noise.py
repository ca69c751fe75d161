#!/usr/bin/env python3
"""Write the synthetic stimuli (pink-noise burst, click train) as WAV files.

Usage: make_noise.py OUTDIR

Python 3 standard library only. SoX's `synth pinknoise` cannot be seeded, so
the noise is made here from a fixed-seed Mersenne Twister. Only
random.random() is guaranteed to give the same sequence across Python
versions (gauss() is not), so the Gaussian samples are built from it with
plain additions. Output is mono 48 kHz
24-bit PCM at a provisional level; generate.sh normalises the loudness.
"""

import math
import os
import random
import struct
import sys
import wave

RATE = 48000
SEED = 20240601  # arbitrary, fixed: changing it changes the committed noise


def write_wav24(path, samples):
    """Mono 24-bit PCM; samples are floats in [-1, 1)."""
    frames = bytearray()
    for x in samples:
        v = max(-(1 << 23), min((1 << 23) - 1, round(x * (1 << 23))))
        frames += struct.pack("<i", v)[:3]
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(3)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))


def raised_cosine_gate(n_total, n_ramp):
    """Unity gain with raised-cosine (Hann-shaped) onset and offset ramps."""
    gate = [1.0] * n_total
    for i in range(n_ramp):
        g = 0.5 - 0.5 * math.cos(math.pi * (i + 0.5) / n_ramp)
        gate[i] = g
        gate[n_total - 1 - i] = g
    return gate


def gaussian(rng):
    """Irwin-Hall approximation: sum of 12 uniforms, zero mean, unit variance.

    Only additions of random.random() values, so it is reproducible wherever
    Python's float arithmetic is IEEE 754 (everywhere in practice).
    """
    return sum(rng.random() for _ in range(12)) - 6.0


def pink_noise(n, rng):
    """Gaussian white noise through Paul Kellet's refined pinking filter.

    The filter approximates -3 dB/octave to within about +-0.05 dB above
    ~10 Hz (its coefficients were designed for 44.1 kHz; at 48 kHz the band
    edge just moves up by 9 %). One second of output is discarded first so
    the slowest pole (time constant ~20 ms) has settled and the burst starts
    in steady state.
    """
    b0 = b1 = b2 = b3 = b4 = b5 = b6 = 0.0
    out = []
    warmup = RATE
    for i in range(n + warmup):
        white = gaussian(rng)
        b0 = 0.99886 * b0 + white * 0.0555179
        b1 = 0.99332 * b1 + white * 0.0750759
        b2 = 0.96900 * b2 + white * 0.1538520
        b3 = 0.86650 * b3 + white * 0.3104856
        b4 = 0.55000 * b4 + white * 0.5329522
        b5 = -0.7616 * b5 - white * 0.0168980
        pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362
        b6 = white * 0.115926
        if i >= warmup:
            out.append(pink)
    # remove the (tiny) DC offset of this particular 1-s draw
    mean = sum(out) / len(out)
    return [x - mean for x in out]


def make_pink_burst(path):
    n = RATE  # 1.000 s
    noise = pink_noise(n, random.Random(SEED))
    rms = math.sqrt(sum(x * x for x in noise) / n)
    gate = raised_cosine_gate(n, RATE // 100)  # 10 ms ramps
    level = 0.05 / rms  # about -26 dBFS RMS: far from clipping before normalising
    write_wav24(path, [x * level * g for x, g in zip(noise, gate)])


def make_click_train(path):
    """10 Hz train of 100 us rectangular condensation clicks, 1.000 s.

    A click is 5 samples (104 us at 48 kHz). The first click is at sample 0 so
    the file has no leading silence; the last is followed by one full
    inter-click interval, so the train also loops at 10 Hz.
    """
    n = RATE
    period = RATE // 10
    width = 5
    samples = [0.0] * n
    for start in range(0, n, period):
        for i in range(width):
            samples[start + i] = 0.5
    write_wav24(path, samples)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    make_pink_burst(os.path.join(sys.argv[1], "pink-noise.wav"))
    make_click_train(os.path.join(sys.argv[1], "click-train.wav"))


if __name__ == "__main__":
    main()
