#pragma once
/// How long the audio callback takes, as a share of the audio it produces: the figure that says
/// whether a buffer size holds (a callback that takes 100 % of its period is late).

#include <array>
#include <atomic>
#include <cstdint>

namespace stagelab {

/// A histogram of callback loads in 0.1 % steps up to 200 %, recorded wait-free on the audio
/// thread and read on any other (relaxed atomics: figures, not synchronisation).
class CallbackLoad
{
public:
    /// Audio thread: one callback took `share` of its period (0.25 = a quarter). Wait-free.
    void record(double share) noexcept;

    uint64_t count() const noexcept;
    /// The smallest load that `fraction` of the callbacks stayed at or under (0.999: p99.9), to
    /// the 0.1 % step above; 0 before any callback. Loads beyond 200 % count as 200 %.
    double percentile(double fraction) const noexcept;
    /// The largest load recorded.
    double maximum() const noexcept { return m_maximum.load(std::memory_order_relaxed); }

private:
    static constexpr int stepsPerUnit = 1000, steps = 2 * stepsPerUnit;
    std::array<std::atomic<uint32_t>, steps + 1> m_counts{};
    std::atomic<double> m_maximum{0.0};
};

} // namespace stagelab
