#!/usr/bin/env python3
"""Write the Standard MIDI Files that generate.sh renders with FluidSynth.

Usage: make_midi.py OUTDIR

Python 3 standard library only, so regenerating the stimulus set needs no
third-party packages. The phrases are short original lines written for this
project; every note is listed below, so the output is fully deterministic.

Notes are (start_beat, length_beats, midi_note, velocity). Each file is a
format-0 SMF with one channel: tempo, program change, notes, then an
end-of-track placed `tail_beats` after the last note-off, because FluidSynth's
fast renderer stops at end-of-track and would otherwise cut the release tails.
"""

import os
import sys

PPQ = 480  # ticks per quarter note


def vlq(value):
    """MIDI variable-length quantity."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


def smf(tempo_us, channel, program, notes, tail_beats):
    """Return the bytes of a format-0 Standard MIDI File."""
    events = []  # (tick, order, bytes); order puts note-offs before note-ons
    for start, length, note, vel in notes:
        on = round(start * PPQ)
        off = round((start + length) * PPQ)
        events.append((on, 1, bytes([0x90 | channel, note, vel])))
        events.append((off, 0, bytes([0x80 | channel, note, 0])))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    track = bytearray()
    track += vlq(0) + b"\xff\x51\x03" + tempo_us.to_bytes(3, "big")
    track += vlq(0) + b"\xff\x58\x04\x04\x02\x18\x08"  # 4/4
    if program is not None:
        track += vlq(0) + bytes([0xC0 | channel, program])
    now = 0
    for tick, _, data in events:
        track += vlq(tick - now) + data
        now = tick
    track += vlq(round(tail_beats * PPQ)) + b"\xff\x2f\x00"

    header = b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") \
        + (1).to_bytes(2, "big") + PPQ.to_bytes(2, "big")
    return header + b"MTrk" + len(track).to_bytes(4, "big") + bytes(track)


def tempo(bpm):
    return round(60_000_000 / bpm)


# --- acoustic guitar --------------------------------------------------------
# Fingerpicked Am - Fmaj7 - C - G, two beats per chord, sixteenth notes, at
# 96 bpm: one cycle is exactly 5.000 s = 240000 samples at 48 kHz (a multiple
# of FluidSynth's 64-sample block, so note onsets sit on the same samples in
# every cycle). The cycle is written three times; generate.sh keeps the middle
# one, which already contains the ringing tail of the G chord at its start, so
# the file loops seamlessly (apart from the 10 ms end fade).
GUITAR_CHORDS = [
    [45, 52, 57, 60, 64],  # Am:    A2 E3 A3 C4 E4
    [41, 48, 57, 60, 64],  # Fmaj7: F2 C3 A3 C4 E4
    [48, 52, 55, 60, 64],  # C:     C3 E3 G3 C4 E4
    [43, 50, 55, 59, 62],  # G:     G2 D3 G3 B3 D4
]
GUITAR_PATTERN = [0, 1, 2, 3, 4, 3, 2, 1]          # string order, p-i-m-a-...
GUITAR_VELOCITY = [84, 60, 66, 62, 74, 60, 64, 58]  # gentle accent on the beats
GUITAR_CYCLES = 3


def guitar_notes():
    notes = []
    for cycle in range(GUITAR_CYCLES):
        for c, chord in enumerate(GUITAR_CHORDS):
            chord_start = cycle * 8 + c * 2
            for i, string in enumerate(GUITAR_PATTERN):
                start = chord_start + i * 0.25
                # let each string ring until the chord changes; a string that
                # is plucked again is re-struck (note-off first, same tick)
                nxt = [j for j in range(i + 1, 8) if GUITAR_PATTERN[j] == string]
                end = chord_start + (nxt[0] * 0.25 if nxt else 2.0)
                notes.append((start, end - start, chord[string], GUITAR_VELOCITY[i]))
    return notes


# --- piano ------------------------------------------------------------------
# Two bars in C major, melody over a broken-chord left hand, ending on a held
# C major chord that decays inside the file.
PIANO = [
    # right hand
    (0.0, 0.5, 67, 80), (0.5, 0.5, 64, 70), (1.0, 1.0, 72, 86),
    (2.0, 0.5, 71, 74), (2.5, 0.5, 69, 72), (3.0, 1.0, 67, 80),
    (4.0, 0.5, 65, 74), (4.5, 0.5, 69, 76), (5.0, 0.5, 67, 74),
    (5.5, 0.5, 64, 70), (6.0, 1.0, 62, 76), (7.0, 2.0, 64, 70),
    (7.0, 2.0, 67, 66), (7.0, 2.0, 72, 78),
    # left hand
    (0.0, 1.0, 48, 66), (1.0, 1.0, 55, 56), (2.0, 1.0, 52, 58),
    (3.0, 1.0, 55, 56), (4.0, 1.0, 41, 64), (5.0, 1.0, 48, 56),
    (6.0, 1.0, 43, 64), (6.5, 0.5, 47, 54), (7.0, 2.0, 36, 68),
]

# --- violin -----------------------------------------------------------------
# A legato A-minor line; notes touch so the bow never stops.
VIOLIN = [
    (0.0, 1.0, 69, 88), (1.0, 0.5, 72, 84), (1.5, 0.5, 76, 88),
    (2.0, 1.5, 81, 100), (3.5, 0.5, 79, 90), (4.0, 0.5, 77, 88),
    (4.5, 0.5, 76, 86), (5.0, 0.5, 74, 84), (5.5, 0.5, 72, 82),
    (6.0, 0.5, 71, 84), (6.5, 0.5, 68, 86), (7.0, 1.5, 69, 90),
]

# --- trumpet ----------------------------------------------------------------
# A short fanfare; notes are slightly detached (tongued).
TRUMPET = [
    (0.0, 0.45, 67, 96), (0.5, 0.2, 67, 84), (0.75, 0.2, 67, 84),
    (1.0, 0.45, 72, 100), (1.5, 0.45, 76, 96), (2.0, 0.9, 79, 108),
    (3.0, 0.45, 76, 94), (3.5, 0.45, 79, 98), (4.0, 0.9, 77, 96),
    (5.0, 0.45, 74, 92), (5.5, 0.45, 71, 90), (6.0, 1.8, 72, 100),
]

# --- bass -------------------------------------------------------------------
# Walking line in C (GM 34, fingered electric bass), ending on the root.
BASS = [
    (0.0, 0.95, 36, 100), (1.0, 0.95, 40, 88), (2.0, 0.95, 43, 92),
    (3.0, 0.95, 45, 88), (4.0, 0.95, 41, 98), (5.0, 0.95, 45, 88),
    (6.0, 0.45, 43, 94), (6.5, 0.45, 38, 84), (7.0, 0.95, 35, 90),
    (8.0, 1.0, 36, 100),
]

# --- drum kit (GM channel 10, standard kit) ---------------------------------
KICK, SNARE, HH_CLOSED, HH_OPEN, CRASH, TOM_HI, TOM_LO = 36, 38, 42, 46, 49, 50, 45


def drum_notes():
    """Two bars of a rock groove with a fill into a closing kick."""
    hits = [(0.0, CRASH, 100)]
    for bar in range(2):
        b = bar * 4
        hits += [(b + 0.0, KICK, 110), (b + 2.0, KICK, 102), (b + 2.5, KICK, 90),
                 (b + 1.0, SNARE, 104)]
        # eighth-note hi-hat, accented on the beat; the crash covers the first
        # downbeat and the fill replaces the last beat of bar 2
        for k in range(8 if bar == 0 else 6):
            if bar == 0 and k == 0:
                continue
            note = HH_OPEN if (bar == 0 and k == 7) else HH_CLOSED
            hits.append((b + k * 0.5, note, 80 if k % 2 == 0 else 62))
    hits.append((3.0, SNARE, 106))
    # sixteenth-note fill on beat 4 of bar 2, then a closing kick
    hits += [(7.0, SNARE, 96), (7.25, SNARE, 84), (7.5, TOM_HI, 98),
             (7.75, TOM_LO, 102), (8.0, KICK, 112)]
    return [(t, 0.25, n, v) for t, n, v in hits]


# name: (bpm, channel, GM program number 1-128 or None for drums, notes, tail)
PHRASES = {
    "acoustic-guitar": (96, 0, 25, guitar_notes(), 2.0),
    "piano": (100, 0, 1, PIANO, 2.0),
    "violin": (100, 0, 41, VIOLIN, 2.0),
    "trumpet": (100, 0, 57, TRUMPET, 2.0),
    "bass": (100, 0, 34, BASS, 2.0),
    "drum-kit": (100, 9, None, drum_notes(), 4.0),
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    for name, (bpm, channel, gm_program, notes, tail) in PHRASES.items():
        program = None if gm_program is None else gm_program - 1  # 0-based on the wire
        data = smf(tempo(bpm), channel, program, notes, tail)
        with open(os.path.join(outdir, name + ".mid"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
