#include "analysis/statistics.h"

#include "analysis/grouping.h"
#include "analysis/localization_metrics.h"
#include "analysis/text_format.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <tuple>

namespace stagelab {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
// Metric values carry rounding noise from trigonometry (1e-13 deg and less); differences closer
// than this, in the metric's unit, are one value for the zero and tie rules of the Wilcoxon test.
constexpr double equalTolerance = 1e-9;
// Wilcoxon's exact null distribution is enumerated up to this many pairs (2^25 sign patterns fit
// exactly in a double), the normal approximation is used above it.
constexpr std::size_t exactLimit = 25;

double mean(const std::vector<double>& values)
{
    if (values.empty()) return nan;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Percentile with linear interpolation between order statistics (Hyndman & Fan type 7, the
// default of R's quantile() and numpy.percentile) of an ascending `sorted`.
double quantileSorted(const std::vector<double>& sorted, double probability)
{
    const double h = (static_cast<double>(sorted.size()) - 1.0) * probability;
    const size_t low = static_cast<size_t>(std::floor(h));
    const size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (h - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

nlohmann::ordered_json jsonNumber(double value)
{
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}
} // namespace

// Wilcoxon (1945) signed-rank test, two-sided:
// - zero differences are dropped and n counts the rest (Wilcoxon's original method);
// - |d| are ranked 1..n, tied values get their average rank;
// - n <= 25 without ties: exact p = min(1, 2 P(W <= min(W+, W-))) from the null distribution of
//   W+ (every sign pattern equally likely), counted by dynamic programming;
// - otherwise: z = max(|W+ - n(n+1)/4| - 1/2, 0) / sigma with
//   sigma^2 = n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over tie groups of size t, p = erfc(z / sqrt 2).
// These are the formulas of R's wilcox.test(paired, correct = TRUE) and of
// scipy.stats.wilcoxon(zero_method = "wilcox", correction = True); R switches from the exact
// distribution to the approximation at n = 50, issue 3 asks for n > 25, which we follow.
WilcoxonResult wilcoxonSignedRank(const std::vector<double>& differences)
{
    std::vector<double> magnitudes;
    std::vector<double> signs;
    std::vector<size_t> order;
    for (double d : differences) {
        if (!std::isfinite(d) || std::abs(d) <= equalTolerance) continue;
        order.push_back(order.size());
        magnitudes.push_back(std::abs(d));
        signs.push_back(d);
    }
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return magnitudes[a] < magnitudes[b]; });

    WilcoxonResult result;
    result.n = order.size();
    double tieCorrection = 0.0;
    for (size_t start = 0; start < order.size();) {
        size_t end = start + 1;
        while (end < order.size() &&
               magnitudes[order[end]] - magnitudes[order[start]] <= equalTolerance)
            ++end;
        const double ties = static_cast<double>(end - start);
        const double averageRank =
            (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
        tieCorrection += ties * ties * ties - ties;
        for (size_t i = start; i < end; ++i)
            (signs[order[i]] > 0.0 ? result.rankSumPositive : result.rankSumNegative) +=
                averageRank;
        start = end;
    }
    if (result.n == 0) {
        result.p = nan;
        result.rankBiserial = nan;
        return result;
    }
    const double n = static_cast<double>(result.n);
    result.rankBiserial = (result.rankSumPositive - result.rankSumNegative) / (n * (n + 1.0) / 2.0);

    if (result.n <= exactLimit && tieCorrection == 0.0) {
        const size_t maxSum = result.n * (result.n + 1) / 2;
        std::vector<double> ways(maxSum + 1, 0.0);
        ways[0] = 1.0;
        for (size_t rank = 1; rank <= result.n; ++rank)
            for (size_t sum = maxSum; sum >= rank; --sum)
                ways[sum] += ways[sum - rank];
        const auto smaller =
            static_cast<size_t>(std::min(result.rankSumPositive, result.rankSumNegative));
        const double tail = std::accumulate(ways.begin(), ways.begin() + smaller + 1, 0.0);
        result.p = std::min(1.0, 2.0 * tail / std::ldexp(1.0, static_cast<int>(result.n)));
        result.exact = true;
        return result;
    }
    const double expected = n * (n + 1.0) / 4.0;
    const double sigma = std::sqrt(n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tieCorrection / 48.0);
    const double z = std::max(std::abs(result.rankSumPositive - expected) - 0.5, 0.0) / sigma;
    result.p = std::erfc(z / std::sqrt(2.0));
    return result;
}

// Percentile bootstrap: `resamples` resamples of size n drawn with replacement, the interval is
// the 2.5 and 97.5 % quantiles (type 7) of the resampled means. The generator is std::mt19937_64
// (its output sequence is fixed by the C++ standard) and an index is draw % n; unlike
// std::uniform_int_distribution, which each standard library implements differently, this gives
// the same interval on every platform. The modulo bias is below n / 2^64.
std::pair<double, double> bootstrapMeanInterval(const std::vector<double>& values,
                                                std::size_t resamples, std::uint64_t seed)
{
    if (values.empty() || resamples == 0) return {nan, nan};
    std::mt19937_64 generator(seed);
    const std::uint64_t count = values.size();
    std::vector<double> means(resamples);
    for (double& resampledMean : means) {
        double sum = 0.0;
        for (std::uint64_t i = 0; i < count; ++i)
            sum += values[generator() % count];
        resampledMean = sum / static_cast<double>(count);
    }
    std::sort(means.begin(), means.end());
    return {quantileSorted(means, 0.025), quantileSorted(means, 0.975)};
}

std::map<std::string, ParticipantMean>
participantMeans(const AnalysisResult& byFactorAndParticipant, const std::string& factor,
                 const std::string& metric, std::size_t resamples, std::uint64_t seed)
{
    std::map<std::string, std::vector<double>> values; // per level, one per participant
    for (const AnalysisGroup& group : byFactorAndParticipant.groups) {
        const auto value = group.metrics.find(metric);
        if (value != group.metrics.end() && std::isfinite(value->second))
            values[group.keys.at(factor)].push_back(value->second);
    }
    std::map<std::string, ParticipantMean> means;
    for (const auto& [level, participantValues] : values) {
        ParticipantMean& summary = means[level];
        summary.participants = participantValues.size();
        summary.mean = mean(participantValues);
        std::tie(summary.low, summary.high) =
            bootstrapMeanInterval(participantValues, resamples, seed);
    }
    return means;
}

double cohenDz(const std::vector<double>& differences)
{
    if (differences.size() < 2) return nan;
    const double m = mean(differences);
    double squares = 0.0;
    for (double d : differences)
        squares += (d - m) * (d - m);
    const double sd = std::sqrt(squares / static_cast<double>(differences.size() - 1));
    // Identical differences have no spread: the effect size is undefined, not infinite.
    return sd > 0.0 ? m / sd : nan;
}

std::vector<Comparison> compareLevels(std::span<const ResultRow> rows, const ComparisonSpec& spec)
{
    if (spec.factor.empty() || spec.levelA.empty() || spec.levelB.empty() ||
        spec.levelA == spec.levelB)
        throw Error("comparison: needs a factor and two different levels");
    for (const std::string& metric : spec.metrics)
        if (!isMetricName(metric)) throw Error("comparison: unknown metric '" + metric + "'");

    std::vector<Comparison> comparisons;
    for (const RowGroup& group : groupRows(rows, spec.withinFactors)) {
        // participant -> rows at level A and at level B
        std::map<std::string,
                 std::pair<std::vector<const ResultRow*>, std::vector<const ResultRow*>>>
            byParticipant;
        for (const ResultRow* row : group.rows) {
            const auto participant = row->factors.find(spec.participantFactor);
            const auto level = row->factors.find(spec.factor);
            if (participant == row->factors.end() || level == row->factors.end())
                continue; // a row that cannot be paired
            if (level->second == spec.levelA)
                byParticipant[participant->second].first.push_back(row);
            else if (level->second == spec.levelB)
                byParticipant[participant->second].second.push_back(row);
        }
        std::vector<std::pair<MetricValues, MetricValues>> perParticipant;
        for (const auto& [participant, sides] : byParticipant)
            if (!sides.first.empty() && !sides.second.empty())
                perParticipant.emplace_back(
                    computeMetrics(std::span<const ResultRow* const>(sides.first)),
                    computeMetrics(std::span<const ResultRow* const>(sides.second)));

        for (const std::string& metric : spec.metrics) {
            // A participant whose metric is undefined at either level (e.g. no response inside
            // a lateral cut-off) has no pair for this metric.
            std::vector<double> valuesA, valuesB, differences;
            for (const auto& [atA, atB] : perParticipant) {
                const double a = atA.at(metric), b = atB.at(metric);
                if (std::isfinite(a) && std::isfinite(b)) {
                    valuesA.push_back(a);
                    valuesB.push_back(b);
                    differences.push_back(b - a);
                }
            }
            Comparison comparison;
            comparison.keys = group.keys;
            comparison.metric = metric;
            comparison.n = differences.size();
            comparison.meanA = mean(valuesA);
            comparison.meanB = mean(valuesB);
            comparison.meanDifference = mean(differences);
            // Every comparison restarts the generator, so its interval does not depend on which
            // other comparisons were asked for.
            std::tie(comparison.ciLow, comparison.ciHigh) =
                bootstrapMeanInterval(differences, spec.bootstrapResamples, spec.bootstrapSeed);
            const WilcoxonResult wilcoxon = wilcoxonSignedRank(differences);
            comparison.wilcoxonP = wilcoxon.p;
            comparison.rankBiserial = wilcoxon.rankBiserial;
            comparison.cohenDz = cohenDz(differences);
            comparisons.push_back(std::move(comparison));
        }
    }
    return comparisons;
}

std::string comparisonsToJson(const ComparisonSpec& spec,
                              const std::vector<Comparison>& comparisons, int indent)
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Comparison& c : comparisons) {
        nlohmann::ordered_json keys = nlohmann::ordered_json::object();
        for (const std::string& factor : spec.withinFactors)
            keys[factor] = c.keys.count(factor) ? c.keys.at(factor) : std::string();
        list.push_back({{"keys", keys},
                        {"metric", c.metric},
                        {"n", c.n},
                        {"meanA", jsonNumber(c.meanA)},
                        {"meanB", jsonNumber(c.meanB)},
                        {"meanDifference", jsonNumber(c.meanDifference)},
                        {"ci95", {jsonNumber(c.ciLow), jsonNumber(c.ciHigh)}},
                        {"wilcoxonP", jsonNumber(c.wilcoxonP)},
                        {"rankBiserial", jsonNumber(c.rankBiserial)},
                        {"cohenDz", jsonNumber(c.cohenDz)}});
    }
    const nlohmann::ordered_json document = {{"format", "stagelab.comparison/1"},
                                             {"factor", spec.factor},
                                             {"levels", {spec.levelA, spec.levelB}},
                                             {"comparisons", list}};
    return document.dump(indent);
}

std::string comparisonsToTable(const ComparisonSpec& spec,
                               const std::vector<Comparison>& comparisons)
{
    std::vector<std::string> header = spec.withinFactors;
    for (const char* column :
         {"metric", "n", "mean A", "mean B", "B - A", "95% CI", "p", "r_rb", "dz"})
        header.push_back(column);
    std::vector<std::vector<std::string>> cells;
    for (const Comparison& c : comparisons) {
        std::vector<std::string> line;
        for (const std::string& factor : spec.withinFactors)
            line.push_back(c.keys.count(factor) ? c.keys.at(factor) : std::string());
        line.push_back(c.metric);
        line.push_back(std::to_string(c.n));
        for (double value : {c.meanA, c.meanB, c.meanDifference})
            line.push_back(formatNumberFixed(value, 2));
        line.push_back("[" + formatNumberFixed(c.ciLow, 2) + ", " + formatNumberFixed(c.ciHigh, 2) +
                       "]");
        // Four decimals resolve the usual thresholds; smaller p are all "very small" to a reader.
        line.push_back(std::isfinite(c.wilcoxonP) && c.wilcoxonP < 0.0001
                           ? "<0.0001"
                           : formatNumberFixed(c.wilcoxonP, 4));
        line.push_back(formatNumberFixed(c.rankBiserial, 2));
        line.push_back(formatNumberFixed(c.cohenDz, 2));
        cells.push_back(std::move(line));
    }
    return spec.factor + ": A = " + spec.levelA + ", B = " + spec.levelB +
           " (differences B - A, per participant)\n" +
           renderTextTable(header, cells, spec.withinFactors.size() + 1);
}

} // namespace stagelab
