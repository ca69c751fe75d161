#include "experiment/constrained_shuffle.h"

#include <algorithm>
#include <numeric>

namespace stagelab {

namespace {
/// Checks the per-factor counting condition before any attempt, so an impossible request
/// (one level filling more than half the block) is reported as such, not as a dead end.
bool countsAllowAnOrder(const ConstrainedItems& items, ShuffleOutcome& outcome)
{
    const size_t n = items.size(), factors = items.factors();
    for (size_t f = 0; f < factors; ++f) {
        std::vector<size_t> counts(size_t(items.levelCounts[f]), 0);
        for (size_t i = 0; i < n; ++i)
            ++counts[size_t(items.levels[i * factors + f])];
        for (size_t v = 0; v < counts.size(); ++v) {
            const bool startsAfterIt = !items.previous.empty() && items.previous[f] == int(v);
            if (counts[v] > (startsAfterIt ? n / 2 : (n + 1) / 2)) {
                outcome.impossibleFactor = int(f);
                outcome.impossibleLevel = int(v);
                return false;
            }
        }
    }
    return true;
}

/// One attempt (steps 2–3 of the header's algorithm) over a shuffled candidate order.
bool fill(const ConstrainedItems& items, const std::vector<uint32_t>& candidates,
          std::vector<uint32_t>& order, size_t& stuckAt)
{
    const size_t n = items.size(), factors = items.factors();
    std::vector<std::vector<long>> remaining(factors);
    for (size_t f = 0; f < factors; ++f) {
        remaining[f].assign(size_t(items.levelCounts[f]), 0);
        for (size_t i = 0; i < n; ++i)
            ++remaining[f][size_t(items.levels[i * factors + f])];
    }
    std::vector<int> previous = items.previous;
    std::vector<char> used(n, 0);
    std::vector<int> overLevel(factors);
    size_t front = 0; // candidates before `front` are all used
    order.clear();
    for (size_t position = 0; position < n; ++position) {
        const long left = long(n - position - 1); // R': items left after this position
        const long ceilHalf = (left + 1) / 2, floorHalf = left / 2;
        bool deadEnd = false;
        for (size_t f = 0; f < factors && !deadEnd; ++f) {
            // A level above ceil(R'/2) must be placed now; two such levels cannot both be.
            overLevel[f] = -1;
            for (size_t v = 0; v < remaining[f].size(); ++v)
                if (remaining[f][v] > ceilHalf) {
                    deadEnd = overLevel[f] >= 0;
                    overLevel[f] = int(v);
                }
        }
        auto qualifies = [&](uint32_t item) {
            for (size_t f = 0; f < factors; ++f) {
                const int level = items.levels[item * factors + f];
                if ((!previous.empty() && previous[f] == level) ||
                    remaining[f][size_t(level)] - 1 > floorHalf ||
                    (overLevel[f] >= 0 && overLevel[f] != level))
                    return false;
            }
            return true;
        };
        while (front < n && used[candidates[front]])
            ++front;
        size_t chosen = n;
        for (size_t c = front; c < n && !deadEnd; ++c)
            if (!used[candidates[c]] && qualifies(candidates[c])) {
                chosen = c;
                break;
            }
        if (chosen == n) {
            stuckAt = position;
            return false;
        }
        const uint32_t item = candidates[chosen];
        used[item] = 1;
        order.push_back(item);
        previous.resize(factors);
        for (size_t f = 0; f < factors; ++f) {
            previous[f] = items.levels[item * factors + f];
            --remaining[f][size_t(previous[f])];
        }
    }
    return true;
}
} // namespace

ShuffleOutcome constrainedShuffle(const ConstrainedItems& items, PlanRandom& random,
                                  std::vector<uint32_t>& order)
{
    ShuffleOutcome outcome;
    std::vector<uint32_t> candidates(items.size());
    if (!countsAllowAnOrder(items, outcome)) {
        outcome.satisfied = false;
        std::iota(candidates.begin(), candidates.end(), 0u);
        order = candidates;
        return outcome;
    }
    for (outcome.attempts = 1; outcome.attempts <= constrainedShuffleAttempts; ++outcome.attempts) {
        std::iota(candidates.begin(), candidates.end(), 0u);
        random.shuffle(candidates);
        if (fill(items, candidates, order, outcome.stuckAt)) return outcome;
    }
    outcome.attempts = constrainedShuffleAttempts;
    outcome.satisfied = false;
    order = candidates;
    return outcome;
}

} // namespace stagelab
