#pragma once
/// Random orders under "no immediate repeat" constraints, by a bounded, documented algorithm.
///
/// Each item has a level on each constrained factor. One attempt:
///  1. Fisher–Yates shuffle of the items (PlanRandom::shuffle): the candidate order.
///  2. Fill the positions left to right; each takes the first unused item in candidate order
///     that (a) differs from the previous item on every constrained factor and (b) leaves a
///     remainder that each factor on its own could still order without repeats: with R' items
///     left after it, no level may hold more than ceil(R'/2) of them, and its own level no more
///     than floor(R'/2) (the next position cannot take it).
///  3. If no unused item qualifies, the attempt fails; a new attempt starts from a new shuffle,
///     up to `constrainedShuffleAttempts` attempts.
/// With one constrained factor, (b) guarantees success whenever any valid order exists; with
/// several, the rare dead end is what the further attempts are for. Without constraints the
/// result is exactly the Fisher–Yates order. The order is random but, under tight constraints,
/// not exactly uniform over all valid orders.

#include "experiment/plan_random.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stagelab {

inline constexpr int constrainedShuffleAttempts = 100;

/// The items to order, described by their level on each constrained factor.
struct ConstrainedItems
{
    size_t count = 0;             ///< Number of items.
    std::vector<int> levelCounts; ///< Per constrained factor: its number of levels.
    std::vector<int> levels;      ///< Item-major: levels[item * factors() + factor], 0-based.
    std::vector<int> previous;    ///< Levels of the item placed just before these, or empty.

    size_t factors() const { return levelCounts.size(); }
    size_t size() const { return count; }
};

/// What a constrained shuffle achieved.
struct ShuffleOutcome
{
    bool satisfied = true;
    int attempts = 0;
    int impossibleFactor = -1; ///< A factor whose level counts alone rule out every valid order.
    int impossibleLevel = -1;  ///< ... and its level that fills too many positions.
    size_t stuckAt = 0; ///< Otherwise, on failure: the position the last attempt could not fill.
};

/// Writes to `order` a permutation of 0..items.size()-1 that meets the constraints (see above).
ShuffleOutcome constrainedShuffle(const ConstrainedItems& items, PlanRandom& random,
                                  std::vector<uint32_t>& order);

} // namespace stagelab
