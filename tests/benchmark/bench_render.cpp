// Renderer benchmark: how many full-length-HRIR sources one core renders in real time.
//
// For each block size and source count, static, continuously moving and heard by a turning
// tracked head, it renders blocks
// through the same Scene/Renderer code as the audio callback and prints per-block time
// percentiles and "sources x real time" (sources * block duration / mean block time).
// Figures only; nothing here is a pass/fail test.
//
//   stagelab-benchmark [--quick] [--seconds S]

#include "io/stimulus.h"
#include "render/renderer.h"
#include "spatial/room.h"
#include "spatial/spatial_model.h"
#include "tracking/head_orientation.h"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <random>
#include <string>
#include <vector>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;

struct Figures
{
    double p50Ms, p99Ms, maxMs, meanMs;
};

Figures measure(const std::shared_ptr<const SpatialModel>& model,
                const std::shared_ptr<const Stimulus>& stimulus, int sources, bool moving,
                double updateStepDeg, double seconds,
                std::shared_ptr<const PreparedRoom> room = nullptr, double distanceM = 0.0,
                bool tracked = false)
{
    SceneSpec spec;
    spec.model = model;
    spec.headTracking = tracked;
    spec.room = std::move(room);
    spec.directionUpdateDeg = updateStepDeg;
    std::mt19937 random(42);
    std::uniform_real_distribution<double> azimuth(-180.0, 180.0), elevation(-30.0, 60.0),
        speed(20.0, 120.0);
    for (int i = 0; i < sources; ++i) {
        SourceSpec source;
        source.stimulus = stimulus;
        source.direction = {azimuth(random), elevation(random)};
        source.rotateDegPerS = moving ? (i % 2 ? 1 : -1) * speed(random) : 0.0;
        source.distanceM = distanceM;
        source.loop = true;
        spec.sources.push_back(source);
    }
    const int block = model->layout().blockFrames;
    Renderer renderer(rate, block);
    // A tracked head turns left at 60 deg/s while nodding +-10 deg at 0.5 Hz: every source's
    // heard direction moves in both dimensions, every block.
    auto head = std::make_shared<LatestOrientation>();
    if (tracked) renderer.setHeadSource(head);
    int64_t rendered = 0;
    auto turn = [&] {
        if (!tracked) return;
        const double t = double(rendered++) * block / rate;
        head->write({60.0 * t, 10.0 * std::sin(std::numbers::pi * t), 0.0}, rendered);
    };
    renderer.startScene(std::make_unique<Scene>(spec, rate, 1), 0);
    std::vector<float> left(static_cast<size_t>(block)), right(static_cast<size_t>(block));
    // Enough blocks for stable percentiles, but bounded in wall time for big scenes.
    const int blocks = std::max(200, int(seconds * rate / block));
    std::vector<double> times;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration<double>(std::max(seconds, 1.0) * 4);
    for (int b = 0; b < 8; ++b) { // warm-up: caches, first filter computations
        turn();
        renderer.renderBlock(left.data(), right.data());
    }
    for (int b = 0; b < blocks && std::chrono::steady_clock::now() < deadline; ++b) {
        turn();
        const auto start = std::chrono::steady_clock::now();
        renderer.renderBlock(left.data(), right.data());
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0.0;
    for (double t : times)
        sum += t;
    auto percentile = [&](double p) {
        return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
    };
    return {percentile(0.5), percentile(0.99), sorted.back(), sum / double(times.size())};
}
} // namespace

int main(int argc, char** argv)
{
    bool quick = false;
    double seconds = 2.0;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick"))
            quick = true;
        else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = std::atof(argv[++i]);
        else {
            std::fprintf(stderr, "usage: %s [--quick] [--seconds S]\n", argv[0]);
            return 2;
        }
    }
    if (quick) seconds = 0.5;
    // One core, as the goal says; the renderer is single-threaded anyway.
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    const bool pinned = sched_setaffinity(0, sizeof cpus, &cpus) == 0;

    const auto stimulus = loadStimulus(resolveStimulus("pink-noise"));
    const std::vector<int> blockSizes =
        quick ? std::vector<int>{128} : std::vector<int>{64, 128, 256};
    const std::vector<int> sourceCounts = {1, 16, 64, 256, 1024};
    std::printf("# Stagelab renderer, model hrtf (MIT KEMAR, %s), 48 kHz, one thread%s\n",
                "full-length HRIRs resampled to 48 kHz", pinned ? ", pinned to CPU 0" : "");
    std::printf("# moving = every source rotating at 20..120 deg/s at a random elevation, through "
                "a table of its\n"
                "# circle's interpolated filters 1 deg apart (a table per elevation, up to 256 "
                "MiB a scene; beyond,\n"
                "# the model's sphere table, 1 deg rows); tracked = static sources heard by a "
                "tracked head turning\n"
                "# left at 60 deg/s while nodding +-10 deg, through the sphere table; step = how "
                "far a source moves\n"
                "# before its filter may change (crossfaded over one block); 0 = checked every "
                "block. The engine's\n# default step is %.1f deg.\n",
                SceneSpec{}.directionUpdateDeg);
    std::printf("%-8s %6s %6s %8s %9s %9s %9s %14s %18s\n", "motion", "step", "block", "sources",
                "p50_ms", "p99_ms", "max_ms", "realtime_factor", "sources_x_realtime");
    for (int block : blockSizes) {
        ModelSettings settings;
        settings.sampleRateHz = rate;
        settings.blockFrames = block;
        const auto model = createModel("hrtf", settings);
        const double blockMs = 1000.0 * block / rate;
        struct Motion
        {
            const char* name;
            bool moving;
            double stepDeg;
            bool tracked;
        };
        for (const Motion motion :
             {Motion{"static", false, 0.0, false},
              Motion{"moving", true, SceneSpec{}.directionUpdateDeg, false},
              Motion{"moving", true, 0.0, false}, Motion{"tracked", false, 0.0, true}})
            for (int sources : sourceCounts) {
                const Figures f = measure(model, stimulus, sources, motion.moving, motion.stepDeg,
                                          seconds, nullptr, 0.0, motion.tracked);
                const double factor = blockMs / f.meanMs;
                std::printf("%-8s %6.1f %6d %8d %9.3f %9.3f %9.3f %14.2f %18.0f\n", motion.name,
                            motion.stepDeg, block, sources, f.p50Ms, f.p99Ms, f.maxMs, factor,
                            factor * sources);
                std::fflush(stdout);
            }
    }

    // Rooms: the same sources 1.5 m away in the studio (image sources to order 3 through the
    // HRTF, and one late tail per scene), beside anechoic at 1.5 m; and a room without image
    // sources (order 0: only the images of the tail's first 30 ms), whose extra cost must not
    // grow with the sources.
    std::printf("\n# rooms: sources 1.5 m away (anechoic: distance only; studio: image sources to "
                "order 3 + late tail;\n# tail-only: the studio with reflection order 0, images "
                "only in the tail's "
                "first 30 ms). Block "
                "128, default step.\n");
    std::printf("%-10s %-8s %8s %9s %9s %9s %14s %18s\n", "room", "motion", "sources", "p50_ms",
                "p99_ms", "max_ms", "realtime_factor", "sources_x_realtime");
    ModelSettings settings;
    settings.sampleRateHz = rate;
    settings.blockFrames = 128;
    const auto model = createModel("hrtf", settings);
    RoomSpec studio = *loadRoom("studio");
    RoomSpec tailOnly = studio;
    tailOnly.reflectionOrder = 0;
    const std::pair<const char*, std::shared_ptr<const PreparedRoom>> rooms[] = {
        {"anechoic", nullptr},
        {"studio", std::make_shared<PreparedRoom>(studio, model, rate)},
        {"tail-only", std::make_shared<PreparedRoom>(tailOnly, model, rate)}};
    for (const auto& [name, room] : rooms)
        for (bool moving : {false, true})
            for (int sources : {1, 16, 64}) {
                const Figures f = measure(model, stimulus, sources, moving,
                                          SceneSpec{}.directionUpdateDeg, seconds, room, 1.5);
                const double factor = 1000.0 * 128 / rate / f.meanMs;
                std::printf("%-10s %-8s %8d %9.3f %9.3f %9.3f %14.2f %18.0f\n", name,
                            moving ? "moving" : "static", sources, f.p50Ms, f.p99Ms, f.maxMs,
                            factor, factor * sources);
                std::fflush(stdout);
            }
    return 0;
}
