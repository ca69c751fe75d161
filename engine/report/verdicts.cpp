#include "report/verdicts.h"

#include "analysis/metric_catalogue.h"
#include "report/html.h"
#include "util/number_format.h"

#include <cmath>
#include <map>

namespace stagelab {

namespace {
/// What a metric's verdict says of the level that has more (or, for errors, less) of it.
struct VerdictWords
{
    bool lowerIsBetter;
    std::string phrase; ///< "<level> <phrase> than <other>"
    std::string unit;   ///< After the number; "" = the catalogue's unit.
};

const VerdictWords& wordsFor(const std::string& metric)
{
    static const VerdictWords imaging{true, "imaged better", ""};
    static const std::map<std::string, VerdictWords> words = {
        // Signed measures: more of them is a direction, not better or worse.
        {"accL", {false, "was biased further to the left (lateral)", ""}},
        {"signedAzimuthErrorDeg", {false, "was biased further to the left (azimuth)", ""}},
        {"accP", {false, "was biased further up the polar angle", ""}},
        {"perceivedCentreDeg", {false, "had its perceived centre further to the left", ""}},
        {"centreErrorDeg",
         {false, "had its perceived centre further to the left of the true one", ""}},
        {"perceivedWidthDeg", {false, "sounded wider", ""}},
        {"widthErrorDeg", {false, "sounded wider against the truth", ""}},
        {"distanceErrorLog2", {false, "sounded farther", " doublings"}},
        {"absDistanceErrorLog2", {true, "brought distance answers nearer the truth", " doublings"}},
        {"distanceExponent", {false, "kept more of the distance (a steeper power law)", ""}},
        {"distanceFactor", {false, "sounded farther at 1 m (the power law's k)", ""}},
        {"distanceFitR2", {false, "gave more consistent distance answers (r²)", ""}},
        {"externalizationMean", {false, "externalized more", " points"}},
        {"externalizationMedian", {false, "externalized more (median)", " points"}},
        {"externalizedShare", {false, "put more sounds outside the head", ""}},
        {"stageErrorDeg", {true, "placed the instruments more precisely", ""}},
        {"stageDistanceErrorLog2",
         {true, "placed the instruments' distances more precisely", " doublings"}},
        {"stageWidthRatio", {false, "staged wider", "×"}},
        {"stageDepthRatio", {false, "staged deeper", "×"}},
        {"stageOrderLeftRight", {false, "kept the instruments' left-right order better", ""}},
        {"stageOrderFrontBack", {false, "kept the instruments' near-far order better", ""}},
    };
    const auto found = words.find(metric);
    return found == words.end() ? imaging : found->second;
}

std::string unitOf(const std::string& metric)
{
    const VerdictWords& words = wordsFor(metric);
    return words.unit.empty() ? metricInfo(metric).unit : words.unit;
}

} // namespace

std::string differenceText(const Comparison& c)
{
    const std::string unit = unitOf(c.metric);
    const int decimals = metricDecimals(c.metric);
    if (c.n == 0 || !std::isfinite(c.meanDifference)) return "not measured";
    return std::string(c.meanDifference >= 0 ? "+" : "") +
           formatNumberFixed(c.meanDifference, decimals) + unit + " (95 % interval " +
           formatNumberFixed(c.ciLow, decimals) + " to " + formatNumberFixed(c.ciHigh, decimals) +
           unit + ", Wilcoxon p = " + formatP(c.wilcoxonP) + ", n = " + std::to_string(c.n) + ")";
}

bool lowerIsBetter(const std::string& metric)
{
    return wordsFor(metric).lowerIsBetter;
}

std::string verdictSentence(const Comparison& c, const std::string& nameA, const std::string& nameB)
{
    const std::string& what = metricInfo(c.metric).label;
    // A count (how many answers) is a size, not a measure: nothing to say about it.
    if (isCountMetric(c.metric)) return "";
    const VerdictWords& words = wordsFor(c.metric);
    const std::string unit = unitOf(c.metric);
    const int decimals = metricDecimals(c.metric);
    if (c.n < 2 || !std::isfinite(c.meanDifference))
        return "On " + what + ", there are too few participants with both (" + std::to_string(c.n) +
               ") to compare " + nameA + " and " + nameB + ".";
    const std::string interval = "95 % interval of " + nameB + " minus " + nameA + ": " +
                                 formatNumberFixed(c.ciLow, decimals) + " to " +
                                 formatNumberFixed(c.ciHigh, decimals) + unit +
                                 ", Wilcoxon p = " + formatP(c.wilcoxonP) +
                                 ", n = " + std::to_string(c.n) + " participants";
    if (c.meanDifference == 0.0)
        return "On " + what + ", " + nameA + " and " + nameB + " did equally well (" + interval +
               ").";
    // The level the phrase is about: the lower one for errors, the higher one otherwise.
    const bool bLower = c.meanDifference < 0;
    const bool bFirst = words.lowerIsBetter ? bLower : !bLower;
    const std::string first = bFirst ? nameB : nameA, second = bFirst ? nameA : nameB;
    const std::string claim = "On " + what + ", " + first + " " + words.phrase + " than " + second +
                              " by " + formatNumberFixed(std::abs(c.meanDifference), decimals) +
                              unit + " (" + interval + "). ";
    switch (verdictCertainty(c)) {
    case VerdictCertainty::Reliable:
        return claim +
               "The interval excludes 0 and the Wilcoxon test agrees: a reliable difference.";
    case VerdictCertainty::Tentative:
        // A percentile bootstrap of a handful of participants is too narrow; the rank test is not.
        return claim + "The interval excludes 0, but the Wilcoxon test does not confirm it" +
               (c.n < 6 ? " (with fewer than 6 participants it cannot reach p < 0.05)"
                        : std::string()) +
               ": a tentative difference; more participants are needed.";
    case VerdictCertainty::Unsure:
        break;
    }
    return claim + "The interval includes 0: the data are also consistent with no difference, or "
                   "the opposite one.";
}

VerdictCertainty verdictCertainty(const Comparison& c)
{
    if (c.n < 2 || !std::isfinite(c.ciLow) || !std::isfinite(c.ciHigh) ||
        !(c.ciLow > 0 || c.ciHigh < 0))
        return VerdictCertainty::Unsure;
    return c.wilcoxonP < 0.05 ? VerdictCertainty::Reliable : VerdictCertainty::Tentative;
}

} // namespace stagelab
