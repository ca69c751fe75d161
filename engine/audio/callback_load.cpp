#include "audio/callback_load.h"

#include <algorithm>
#include <cmath>

namespace stagelab {

void CallbackLoad::record(double share) noexcept
{
    // NaN (a callback of no frames) counts as no load; clamp would pass it on to the index.
    const double clamped = share >= 0.0 ? std::min(share, 2.0) : 0.0;
    // Rounded up: a bin's value is the load its callbacks stayed under. A load on a step but for
    // rounding (0.1 * 3 is 0.30000000000000004) belongs to that step.
    const int bin = std::min(steps, int(std::ceil(clamped * stepsPerUnit - 1e-6)));
    m_counts[size_t(bin)].fetch_add(1, std::memory_order_relaxed);
    // Only the audio thread writes: a plain compare is enough.
    if (clamped > 0.0 && share > m_maximum.load(std::memory_order_relaxed))
        m_maximum.store(share, std::memory_order_relaxed);
}

uint64_t CallbackLoad::count() const noexcept
{
    uint64_t total = 0;
    for (const auto& bin : m_counts)
        total += bin.load(std::memory_order_relaxed);
    return total;
}

double CallbackLoad::percentile(double fraction) const noexcept
{
    const uint64_t total = count();
    if (total == 0) return 0.0;
    const auto wanted = uint64_t(std::ceil(std::clamp(fraction, 0.0, 1.0) * double(total)));
    uint64_t seen = 0;
    for (int bin = 0; bin <= steps; ++bin) {
        seen += m_counts[size_t(bin)].load(std::memory_order_relaxed);
        if (seen >= std::max<uint64_t>(wanted, 1)) return double(bin) / stepsPerUnit;
    }
    return 2.0;
}

} // namespace stagelab
