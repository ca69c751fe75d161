// How long an HRTF set takes to load (issue 15, goal 1: <= 100 ms at any engine rate): read from
// its SOFA file (a child process checks the file first, then libmysofa reads it and libsamplerate
// resamples every IR), and read back from the cache (hrtf_cache.h). Prints figures (medians of
// several loads); asserts nothing about time. Then what scenes compute from a loaded set: an
// interpolated response pair (spatial/hrtf_alignment.h) and the sphere table head-tracked voices
// take their filters from (render/sphere_table.h), its size and build time on every core.
//   stagelab-bench-hrtf [SOFA_FILE]
#include "render/sphere_table.h"
#include "spatial/hrtf_cache.h"
#include "spatial/hrtf_set.h"
#include "spatial/model_variant.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
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

    std::printf(
        "\n# From the loaded set, 128-frame blocks: an interpolated response pair (median of "
        "720 random\n# directions between measurements) and the sphere table on %u cores\n",
        std::max(1u, std::thread::hardware_concurrency()));
    std::printf("%-10s %12s %16s %16s %16s\n", "rate_hz", "pair_ms", "sphere_entries", "sphere_mb",
                "sphere_build_s");
    setenv("STAGELAB_CACHE_DIR", "off", 1);
    for (const double rate : {44100.0, 48000.0, 96000.0}) {
        ModelSettings settings;
        settings.sampleRateHz = rate;
        settings.hrtf = HrtfSet::load(path, rate);
        const auto model = createModel("hrtf", settings);
        std::mt19937 random(7);
        std::uniform_real_distribution<double> azimuth(0.0, 360.0), elevation(-40.0, 90.0);
        std::array<std::vector<float>, 2> ears;
        model->earImpulseResponses({0.5, 0.5}, ears); // the set's spectra, made once
        std::vector<double> times;
        for (int i = 0; i < 720; ++i) {
            const Direction direction{azimuth(random), elevation(random)};
            times.push_back(medianMs(1, [&] { model->earImpulseResponses(direction, ears); }));
        }
        std::sort(times.begin(), times.end());
        const SphereTable sphere(*model);
        std::printf("%-10d %12.3f %16d %16.0f %16.2f\n", int(rate), times[times.size() / 2],
                    sphere.entries(), double(sphere.bytes()) / 1e6, sphere.buildSeconds());
        std::fflush(stdout);
    }
    return 0;
}
