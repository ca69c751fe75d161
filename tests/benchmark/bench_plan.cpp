// Trial-plan benchmark: the time makeTrialPlan takes for a 10,000-trial experiment.
//
// The goal is well under 50 ms, so a session starts without a visible pause. Prints the median
// (and min/max) of 20 runs for a few variants; figures only, nothing here is a pass/fail test.
//
//   stagelab-bench-plan [--runs N]

#include "experiment/experiment.h"
#include "experiment/trial_plan.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
/// 5 stimuli x 4 models x 25 azimuths x 2 distractor counts x 10 repetitions = 10,000 trials.
Json bigExperiment(bool constraints, bool distractors)
{
    Json azimuths = Json::array();
    for (int a = 0; a < 25; ++a)
        azimuths.push_back(-180 + 15 * a);
    Json factors = {{"stimulus", {"piano", "violin", "trumpet", "speech", "guitar"}},
                    {"model", {"hrtf", "spherical-head", "stereo-pan", "virtual-speakers"}},
                    {"azimuthDeg", azimuths}};
    // Two distractor levels either way, to keep 10,000 cells; one distractor is the cheap case.
    factors["distractors"] = {{"count", distractors ? Json{0, 2} : Json{0, 1}},
                              {"stimuli", {"bass", "drums", "guitar", "piano"}},
                              {"minimumSeparationDeg", 30}};
    Json stimuli = Json::array();
    for (const auto& [id, file] :
         std::vector<std::pair<std::string, std::string>>{{"piano", "piano"},
                                                          {"violin", "violin"},
                                                          {"trumpet", "trumpet"},
                                                          {"speech", "speech"},
                                                          {"guitar", "acoustic-guitar"},
                                                          {"bass", "bass"},
                                                          {"drums", "drum-kit"}})
        stimuli.push_back({{"id", id}, {"file", file}});
    return {
        {"format", "stagelab.experiment/1"},
        {"id", "bench"},
        {"title", "10,000 trials"},
        {"stimuli", stimuli},
        {"breaks", {{"everyTrials", 100}}},
        {"randomization",
         {{"constraints",
           {{"noImmediateRepeat", constraints ? Json{"azimuthDeg", "stimulus"} : Json::array()}}}}},
        {"blocks",
         {{{"id", "big"}, {"kind", "localization"}, {"repetitions", 10}, {"factors", factors}}}}};
}

void measure(const char* label, const Json& document, int runs)
{
    const ExperimentLoad load = loadExperimentFromJson(document, ".");
    if (!load.ok()) {
        std::fprintf(stderr, "%s", load.errorText().c_str());
        std::exit(1);
    }
    std::vector<double> times;
    size_t trials = 0;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const TrialPlan plan =
            makeTrialPlan(*load.experiment, load.contentHash, "p01", uint64_t(run + 1), run + 1);
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        trials = plan.trials.size();
    }
    std::sort(times.begin(), times.end());
    std::printf("%-44s %6zu trials  median %7.2f ms  min %7.2f  max %7.2f  (%d runs)\n", label,
                trials, times[times.size() / 2], times.front(), times.back(), runs);
}
} // namespace

int main(int argc, char** argv)
{
    int runs = 20;
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
    std::printf("makeTrialPlan, one 10,000-trial block (goal: < 50 ms)\n");
    measure("shuffle only, 0 or 1 distractor", bigExperiment(false, false), runs);
    measure("no repeat of azimuth+stimulus, 0 or 1 distr.", bigExperiment(true, false), runs);
    measure("no repeat of azimuth+stimulus, 0 or 2 distr.", bigExperiment(true, true), runs);
    return 0;
}
