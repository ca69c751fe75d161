// How long an HRTF set takes to load (issue 15, goal 1: <= 100 ms at any engine rate): read from
// its SOFA file (a child process checks the file first, then libmysofa reads it and libsamplerate
// resamples every IR), and read back from the cache (hrtf_cache.h). Prints figures (medians of
// several loads); asserts nothing about time.
//   stagelab-bench-hrtf [SOFA_FILE]
#include "spatial/hrtf_cache.h"
#include "spatial/hrtf_set.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace stagelab;

namespace {
/// Median milliseconds of `runs` calls of `load`.
template <typename Load> double medianMs(int runs, Load load)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        load();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}
} // namespace

int main(int argc, char** argv)
{
    const std::string path = argc > 1 ? argv[1] : HrtfSet::defaultPath();
    const std::string cache =
        (std::filesystem::temp_directory_path() / "stagelab-bench-hrtf-cache").string();
    std::filesystem::remove_all(cache);
    std::printf("# HrtfSet::load of %s, median of 5 loads (ms)\n", path.c_str());
    std::printf("%-10s %14s %16s %14s\n", "rate_hz", "no_cache_ms", "first_load_ms", "cached_ms");
    for (const double rate : {0.0, 44100.0, 48000.0, 96000.0}) {
        setenv("STAGELAB_CACHE_DIR", "off", 1);
        const double uncached = medianMs(5, [&] { HrtfSet::load(path, rate); });
        setenv("STAGELAB_CACHE_DIR", cache.c_str(), 1);
        // The first load with a cache folder: read from the SOFA file, then the cache written.
        const double first = medianMs(1, [&] { HrtfSet::load(path, rate); });
        const double cached = medianMs(5, [&] { HrtfSet::load(path, rate); });
        std::printf("%-10s %14.1f %16.1f %14.1f\n",
                    rate > 0 ? std::to_string(int(rate)).c_str() : "file's", uncached, first,
                    cached);
    }
    std::filesystem::remove_all(cache);
    return 0;
}
