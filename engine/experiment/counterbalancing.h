#pragma once
/// Counterbalanced orders by participant number: balanced Latin squares (Williams designs) for
/// block and device order, and the ABBA sequence for devices.

#include <vector>

namespace stagelab {

/// Rows in the Williams design for n conditions: n when n is even, 2n when odd (an odd-sized
/// square is balanced for first-order carry-over only together with its mirror image).
int williamsRowCount(int n);

/// The order of conditions 0..n-1 for a participant: row (participantNumber - 1) mod
/// williamsRowCount(n), so participants 1, 2, 3 ... take rows 0, 1, 2 ... in turn.
/// Row 0 is 0, 1, n-1, 2, n-2, ...; row r adds r (mod n) to it; rows n..2n-1 (odd n) are the
/// first n reversed. Over a full set of rows every condition takes every position equally
/// often and follows every other condition equally often.
std::vector<int> williamsRow(int n, int participantNumber);

/// The device segments for ABBA: the participant's Williams row, then the same row reversed
/// (with two devices: A B B A for odd participant numbers, B A A B for even ones).
std::vector<int> abbaSequence(int n, int participantNumber);

} // namespace stagelab
