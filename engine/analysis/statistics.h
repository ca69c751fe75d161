#pragma once
/// Within-participant comparison of two levels of a factor (device A vs B, model A vs B):
/// per-participant metric values, paired differences B - A, a bootstrap 95 % interval of the
/// mean difference, a Wilcoxon signed-rank test and effect sizes.

#include "analysis/result_row.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace stagelab {

struct AnalysisResult;

/// The documented bootstrap of every interval Stagelab prints (CLI, GUI, report): 10,000
/// resamples from a fixed seed, so the same data give the same interval everywhere.
inline constexpr std::size_t defaultBootstrapResamples = 10000;
inline constexpr std::uint64_t defaultBootstrapSeed = 20240611;

/// What to compare.
struct ComparisonSpec
{
    /// The factor whose two levels are compared, e.g. "device".
    std::string factor;
    /// The two levels; differences are B - A.
    std::string levelA, levelB;
    /// Metrics to compare (names from metricNames()).
    std::vector<std::string> metrics;
    /// Other factors to compare within separately, e.g. {"stimulus"}; empty: all rows.
    std::vector<std::string> withinFactors;
    /// The factor that identifies a participant (the unit of pairing).
    std::string participantFactor = "participant";
    /// Bootstrap resamples and generator seed; the defaults are the documented ones.
    std::size_t bootstrapResamples = defaultBootstrapResamples;
    std::uint64_t bootstrapSeed = defaultBootstrapSeed;
};

/// One metric compared within one group of `withinFactors` levels.
struct Comparison
{
    /// Levels of the within-factors.
    std::map<std::string, std::string> keys;
    std::string metric;
    /// Participants with a defined value at both levels (the pairs).
    std::size_t n = 0;
    /// Means over the pairs of the per-participant values at A and at B.
    double meanA = 0.0, meanB = 0.0;
    /// Mean of the paired differences B - A.
    double meanDifference = 0.0;
    /// Bootstrap 95 % percentile interval of the mean difference.
    double ciLow = 0.0, ciHigh = 0.0;
    /// Two-sided Wilcoxon signed-rank p.
    double wilcoxonP = 0.0;
    /// Matched-pairs rank-biserial correlation (positive: B > A).
    double rankBiserial = 0.0;
    /// Cohen's dz = mean difference / SD of the differences.
    double cohenDz = 0.0;
};

/// The result of a Wilcoxon signed-rank test.
struct WilcoxonResult
{
    /// Non-zero differences (zeros are dropped, Wilcoxon's method).
    std::size_t n = 0;
    /// Rank sums of the positive and the negative differences.
    double rankSumPositive = 0.0, rankSumNegative = 0.0;
    /// Two-sided p; NaN without non-zero differences.
    double p = 0.0;
    /// True if p came from the exact null distribution, false for the normal approximation.
    bool exact = false;
    /// (W+ - W-) / (W+ + W-); NaN without non-zero differences.
    double rankBiserial = 0.0;
};

/// Wilcoxon signed-rank test of `differences` against a zero median (see statistics.cpp).
WilcoxonResult wilcoxonSignedRank(const std::vector<double>& differences);

/// Bootstrap 95 % percentile interval {low, high} of the mean of `values`.
std::pair<double, double> bootstrapMeanInterval(const std::vector<double>& values,
                                                std::size_t resamples, std::uint64_t seed);

/// One level of a factor over participants: each participant's value of a metric (those who
/// have one), their mean, and a bootstrap 95 % percentile interval of that mean.
struct ParticipantMean
{
    std::size_t participants = 0;
    double mean = NAN, low = NAN, high = NAN; ///< NaN without participants.
};

/// ParticipantMean of `metric` for every level of `factor`, from `byFactorAndParticipant` =
/// analyze(rows, {factor, "participant"}). Levels where no participant has a value are absent.
std::map<std::string, ParticipantMean>
participantMeans(const AnalysisResult& byFactorAndParticipant, const std::string& factor,
                 const std::string& metric, std::size_t resamples = defaultBootstrapResamples,
                 std::uint64_t seed = defaultBootstrapSeed);

/// Cohen's dz: mean / sample SD (n - 1); NaN for fewer than two values or zero spread.
double cohenDz(const std::vector<double>& differences);

/// Compares spec.levelA and spec.levelB for every metric and within-group; throws Error for an
/// unknown metric or an empty factor/level.
std::vector<Comparison> compareLevels(std::span<const ResultRow> rows, const ComparisonSpec& spec);

/// {"format":"stagelab.comparison/1","factor":F,"levels":[A,B],"comparisons":[...]}; NaN is null.
/// `indent` < 0 writes one line; no trailing newline.
std::string comparisonsToJson(const ComparisonSpec& spec,
                              const std::vector<Comparison>& comparisons, int indent = 2);

/// A fixed-width table of the comparisons for people.
std::string comparisonsToTable(const ComparisonSpec& spec,
                               const std::vector<Comparison>& comparisons);

} // namespace stagelab
