// Analysis benchmark: 1,000 sessions x 500 trials (500,000 synthetic rows) grouped by participant
// and model, the size of a large multi-lab study. Prints wall-clock figures for building the
// rows, analyze(), the JSON/CSV/table writers and a within-participant comparison, plus peak
// memory. Goal (DESIGN/issue 3): analyze() < 5 s. Figures only; nothing here passes or fails.
//
//   stagelab-bench-analysis [sessions] [trialsPerSession]

#include "analysis/grouping.h"
#include "analysis/statistics.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace stagelab;

namespace {
double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<ResultRow> makeRows(int sessions, int trialsPerSession)
{
    const char* const models[] = {"hrtf",      "spherical-head",   "stereo-pan",
                                  "crossfeed", "virtual-speakers", "diotic"};
    const char* const stimuli[] = {"violin", "snare", "voice", "noise"};
    std::mt19937_64 random(1);
    std::uniform_real_distribution<double> azimuth(-180.0, 180.0), elevation(-30.0, 60.0);
    std::normal_distribution<double> error(0.0, 15.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<ResultRow> rows;
    rows.reserve(static_cast<size_t>(sessions) * trialsPerSession);
    for (int session = 0; session < sessions; ++session) {
        // 10 sessions per participant.
        const std::string participant = "P" + std::to_string(session / 10 + 1);
        const std::string sessionName = "S" + std::to_string(session % 10 + 1);
        for (int trial = 0; trial < trialsPerSession; ++trial) {
            ResultRow row;
            row.factors = {{"participant", participant},
                           {"session", sessionName},
                           {"model", models[trial % 6]},
                           {"stimulus", stimuli[(trial / 6) % 4]}};
            if (trial % 10 == 9) { // every tenth trial asks for width
                row.kind = "width";
                row.targetAzimuthDeg = azimuth(random);
                row.targetWidthDeg = 30.0;
                const double centre = row.targetAzimuthDeg + error(random);
                row.responseLeftEdgeDeg = centre + 15.0 + error(random) / 3.0;
                row.responseRightEdgeDeg = centre - 15.0 - error(random) / 3.0;
            } else {
                row.kind = "localization";
                row.targetAzimuthDeg = azimuth(random);
                row.targetElevationDeg = elevation(random);
                // One in five responses is a front-back reversal, as with non-individual HRTFs.
                const double reversed =
                    unit(random) < 0.2 ? 180.0 - 2.0 * row.targetAzimuthDeg : 0.0;
                row.responseAzimuthDeg = row.targetAzimuthDeg + reversed + error(random);
                row.responseElevationDeg =
                    std::clamp(row.targetElevationDeg + error(random), -90.0, 90.0);
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}
} // namespace

int main(int argc, char** argv)
{
    const int sessions = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int trials = argc > 2 ? std::atoi(argv[2]) : 500;

    auto start = std::chrono::steady_clock::now();
    const std::vector<ResultRow> rows = makeRows(sessions, trials);
    std::printf("rows                    %zu (%d sessions x %d trials)\n", rows.size(), sessions,
                trials);
    std::printf("build rows              %.3f s\n", secondsSince(start));

    start = std::chrono::steady_clock::now();
    const AnalysisResult result = analyze(rows, {"participant", "model"});
    std::printf("analyze by participant+model  %.3f s  (%zu groups; goal < 5 s)\n",
                secondsSince(start), result.groups.size());

    start = std::chrono::steady_clock::now();
    const AnalysisResult overall = analyze(rows, {});
    std::printf("analyze, one group      %.3f s\n", secondsSince(start));

    start = std::chrono::steady_clock::now();
    const size_t jsonBytes = analysisToJson(result).size();
    const size_t csvBytes = analysisToCsv(result).size();
    const size_t tableBytes = analysisToTable(result).size();
    std::printf("JSON + CSV + table      %.3f s  (%zu + %zu + %zu bytes)\n", secondsSince(start),
                jsonBytes, csvBytes, tableBytes);

    ComparisonSpec spec;
    spec.factor = "model";
    spec.levelA = "stereo-pan";
    spec.levelB = "hrtf";
    spec.metrics = {"accL", "precP", "querr", "rFBC", "greatCircleErrorDeg"};
    spec.withinFactors = {"stimulus"};
    start = std::chrono::steady_clock::now();
    const std::vector<Comparison> comparisons = compareLevels(rows, spec);
    std::printf("compare 2 models        %.3f s  (%zu comparisons x %zu resamples)\n",
                secondsSince(start), comparisons.size(), spec.bootstrapResamples);

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak memory             %.0f MB\n", usage.ru_maxrss / 1024.0);
    std::printf("overall greatCircleErrorDeg %.2f (sanity figure)\n",
                overall.groups.front().metrics.at("greatCircleErrorDeg"));
    return 0;
}
