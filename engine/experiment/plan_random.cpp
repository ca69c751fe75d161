#include "experiment/plan_random.h"

#include "util/sha256.h"

namespace stagelab {

namespace {
constexpr uint64_t rotateLeft(uint64_t x, int k) noexcept
{
    return (x << k) | (x >> (64 - k));
}
} // namespace

uint64_t splitMix64(uint64_t& state) noexcept
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t seedFromKey(std::string_view key)
{
    const auto digest = sha256Digest(key);
    uint64_t seed = 0;
    for (int i = 0; i < 8; ++i)
        seed = (seed << 8) | digest[size_t(i)];
    return seed;
}

PlanRandom::PlanRandom(uint64_t seed) noexcept
{
    // SplitMix64 never yields four zero words, the one state xoshiro cannot leave.
    for (uint64_t& word : m_state)
        word = splitMix64(seed);
}

uint64_t PlanRandom::next() noexcept
{
    const uint64_t result = rotateLeft(m_state[1] * 5, 7) * 9;
    const uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotateLeft(m_state[3], 45);
    return result;
}

uint64_t PlanRandom::below(uint64_t bound) noexcept
{
    // 2^64 mod bound, computed in 64 bits: the low values that would make x mod bound favour
    // small results. Everything at or above it spans a whole number of periods of `bound`.
    const uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const uint64_t x = next();
        if (x >= threshold) return x % bound;
    }
}

} // namespace stagelab
