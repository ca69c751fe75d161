#pragma once
/// Verdicts in plain words on within-participant comparisons (analysis/statistics.h): what the
/// study report, `stagelab-cli compare` and the results browser say about each metric.

#include "analysis/statistics.h"

#include <string>

namespace stagelab {

/// How sure a difference is: Reliable = the 95 % interval excludes 0 and Wilcoxon p < 0.05;
/// Tentative = only the interval excludes 0; Unsure = the interval includes 0.
enum class VerdictCertainty { Reliable, Tentative, Unsure };
VerdictCertainty verdictCertainty(const Comparison& comparison);

/// A plain sentence about one comparison of A (levelA) with B: which did what the metric
/// measures more (or better), by how much, and how sure (verdictCertainty). For the imaging
/// errors "On great-circle error, B imaged better than A by 2.1° (...)"; for the others in the
/// metric's own words: "On mean externalization (0-4), B externalized more than A by 0.80
/// points (...)"; signed measures (accL, ...) as a direction, not a quality. "" for a count
/// (n, nWidth, ...), which is a size and gets no verdict. `nameA`/`nameB` are display names.
/// Text, not HTML.
std::string verdictSentence(const Comparison& comparison, const std::string& nameA,
                            const std::string& nameB);

/// The difference B - A of one comparison with its evidence, in the metric's unit: "+0.94×
/// (95 % interval 0.68 to 1.20×, Wilcoxon p = 0.125, n = 4)".
std::string differenceText(const Comparison& comparison);

/// Whether a lower value of `metric` is better (errors) rather than simply more of something
/// (width, externalization); the imaging errors and unknown metrics are lower-is-better.
bool lowerIsBetter(const std::string& metric);

} // namespace stagelab
