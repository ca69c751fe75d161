#pragma once
/// The trial plan's random numbers: a fixed, documented generator, so that a plan can be
/// regenerated bit for bit on any platform and standard library.
///
/// std::mt19937 itself is portable, but std::uniform_int_distribution and std::shuffle are
/// not (each library maps raw numbers to ranges its own way), so everything here is spelled out:
///  - generator: xoshiro256** 1.0 (Blackman & Vigna,
///  https://prng.di.unimi.it/xoshiro256starstar.c);
///  - seeding: its four state words are four successive outputs of SplitMix64 (Steele, Lea &
///    Flood 2014, https://prng.di.unimi.it/splitmix64.c) started at the 64-bit seed;
///  - keyed seeding: the seed is the first 8 bytes, read big-endian, of SHA-256(key);
///  - uniform integer in [0, n): draw x, reject while x < (2^64 - n) mod n, return x mod n
///    (rejection makes it exactly uniform; it rejects with probability < n / 2^64);
///  - shuffle: Fisher–Yates (Durstenfeld) from the back: for i = n-1 down to 1, swap item i
///    with item below(i + 1).

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace stagelab {

/// One SplitMix64 step: advances `state` and returns the next output.
uint64_t splitMix64(uint64_t& state) noexcept;

/// The first 8 bytes of SHA-256(key) as a big-endian integer.
uint64_t seedFromKey(std::string_view key);

/// xoshiro256** seeded through SplitMix64, with an exactly uniform integer draw and shuffle.
class PlanRandom
{
public:
    /// State = four successive SplitMix64 outputs starting from `seed`.
    explicit PlanRandom(uint64_t seed) noexcept;

    /// Seeded with seedFromKey(key).
    static PlanRandom fromKey(std::string_view key) { return PlanRandom(seedFromKey(key)); }

    /// The next raw 64-bit output.
    uint64_t next() noexcept;

    /// Uniform integer in [0, bound); bound must be > 0.
    uint64_t below(uint64_t bound) noexcept;

    /// Fisher–Yates shuffle of the whole vector.
    template <typename T> void shuffle(std::vector<T>& items) noexcept
    {
        for (size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[size_t(below(i))]);
    }

private:
    uint64_t m_state[4];
};

} // namespace stagelab
