#include "render/sphere_table.h"

#include "spatial/hrtf_set.h"
#include "util/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <numbers>
#include <string>
#include <thread>
#include <utility>

namespace stagelab {

namespace {
/// The finest a moving source's circle is tabulated (voice_paths.cpp), in both dimensions: the
/// minimum audible angle is about 1 deg straight ahead.
constexpr double stepDeg = 1.0;

PartitionLayout layoutFor(const SpatialModel& model)
{
    std::array<std::vector<float>, 2> ears;
    if (!model.earImpulseResponses({0.0, 0.0}, ears))
        throw Error("model " + model.name() + " has no impulse responses to tabulate");
    const int taps = int(std::max(ears[0].size(), ears[1].size()));
    return {model.layout().blockFrames, partitionsFor(taps, model.layout().blockFrames)};
}

/// The elevations `model`'s HRTF set was measured between; the whole sphere without a set.
std::pair<double, double> elevationRange(const SpatialModel& model)
{
    const std::shared_ptr<const HrtfSet> hrtf = model.hrtf();
    if (!hrtf) return {-90.0, 90.0};
    double lowest = 90.0, highest = -90.0;
    for (int m = 0; m < hrtf->measurementCount(); ++m) {
        lowest = std::min(lowest, hrtf->measurementDirection(m).elevationDeg);
        highest = std::max(highest, hrtf->measurementDirection(m).elevationDeg);
    }
    return {lowest, highest};
}
} // namespace

std::vector<SphereTable::Row> SphereTable::rowsBetween(std::pair<double, double> range)
{
    auto [lowestDeg, highestDeg] = range;
    lowestDeg = std::clamp(lowestDeg, -90.0, 90.0);
    highestDeg = std::clamp(highestDeg, lowestDeg, 90.0);
    // The set's own lowest and highest elevations, and every whole step between them.
    std::vector<double> elevations{lowestDeg};
    for (double e = std::floor(lowestDeg / stepDeg + 1.0) * stepDeg; e < highestDeg - 1e-9;
         e += stepDeg)
        elevations.push_back(e);
    if (highestDeg > lowestDeg + 1e-9) elevations.push_back(highestDeg);
    std::vector<Row> rows;
    int first = 0;
    for (double elevation : elevations) {
        const double circumference = 360.0 * std::cos(elevation * std::numbers::pi / 180.0);
        const int count = std::max(1, int(std::lround(circumference / stepDeg)));
        rows.push_back({elevation, first, count});
        first += count;
    }
    return rows;
}

SphereTable::SphereTable(const SpatialModel& model)
    : m_rows(rowsBetween(elevationRange(model))),
      m_table(layoutFor(model), 2 * (m_rows.back().firstEntry + m_rows.back().count))
{
    const auto started = std::chrono::steady_clock::now();
    const int total = entries();
    std::atomic<int> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        try {
            const RealFft fft(layout().fftSize());
            std::array<std::vector<float>, 2> ears;
            for (int entry = next++; entry < total; entry = next++) {
                if (!model.earImpulseResponses(entryDirection(entry), ears))
                    throw Error("model " + model.name() + " has no impulse responses to tabulate");
                for (int ear = 0; ear < 2; ++ear)
                    m_table.setFilter(2 * entry + ear, ears[size_t(ear)].data(),
                                      int(ears[size_t(ear)].size()), fft);
            }
        } catch (...) {
            const std::lock_guard lock(failureMutex);
            if (!failure) failure = std::current_exception();
            next = total;
        }
    };
    // Every core: the entries are independent, and a scene waits for them.
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
    std::vector<std::thread> helpers;
    try {
        for (unsigned i = 1; i < cores; ++i)
            helpers.emplace_back(work);
    } catch (const std::system_error&) {
        // Fewer threads only cost time.
    }
    work();
    for (std::thread& helper : helpers)
        helper.join();
    if (failure) std::rethrow_exception(failure);
    m_buildSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

std::shared_ptr<const SphereTable> SphereTable::of(const SpatialModel& model)
{
    std::array<std::vector<float>, 2> probe;
    if (!model.earImpulseResponses({0.0, 0.0}, probe)) return nullptr;
    const std::shared_ptr<const HrtfSet> hrtf = model.hrtf();
    if (!hrtf) return std::make_shared<const SphereTable>(model); // nothing names its filters
    // A set's filters are named by its content, rate and the convolver's block: models made
    // from one file (one per test, per session, per variant) share one table.
    const std::string key = model.name() + '\n' + hrtf->info().sha256 + '\n' +
                            std::to_string(hrtf->sampleRateHz()) + '\n' +
                            std::to_string(model.layout().blockFrames);
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<const SphereTable>> tables;
    static std::shared_ptr<const SphereTable> lastUsed; // for the next scene, when none holds it
    // Held while building: a second scene of the same model waits for the first's table.
    const std::lock_guard lock(mutex);
    if (auto found = tables[key].lock()) {
        lastUsed = found;
        return found;
    }
    lastUsed.reset(); // its memory before the next one's
    auto built = std::make_shared<const SphereTable>(model);
    tables[key] = built;
    lastUsed = built;
    return built;
}

int SphereTable::nearestRow(double elevationDeg) const noexcept
{
    const auto above = std::lower_bound(
        m_rows.begin(), m_rows.end(), elevationDeg,
        [](const Row& row, double elevation) { return row.elevationDeg < elevation; });
    if (above == m_rows.begin()) return 0;
    if (above == m_rows.end()) return int(m_rows.size()) - 1;
    const auto below = above - 1;
    return int(elevationDeg - below->elevationDeg <= above->elevationDeg - elevationDeg
                   ? below - m_rows.begin()
                   : above - m_rows.begin());
}

int SphereTable::nearestEntry(const Direction& direction) const noexcept
{
    const Row& row = m_rows[size_t(nearestRow(direction.elevationDeg))];
    int column = int(std::lround(wrapAzimuthDeg(direction.azimuthDeg) * row.count / 360.0));
    if (column >= row.count) column -= row.count;
    return row.firstEntry + column;
}

int SphereTable::rowOf(int entry) const noexcept
{
    const auto after =
        std::upper_bound(m_rows.begin(), m_rows.end(), entry,
                         [](int index, const Row& row) { return index < row.firstEntry; });
    return int(after - m_rows.begin()) - 1;
}

Direction SphereTable::entryDirection(int entry) const noexcept
{
    const Row& row = m_rows[size_t(rowOf(entry))];
    return {(entry - row.firstEntry) * 360.0 / row.count, row.elevationDeg};
}

} // namespace stagelab
