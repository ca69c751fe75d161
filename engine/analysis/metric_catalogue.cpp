#include "analysis/metric_catalogue.h"

#include "util/error.h"

#include <algorithm>
#include <cctype>

namespace stagelab {

const std::vector<MetricInfo>& metricCatalogue()
{
    static const std::vector<MetricInfo> metrics = {
        {"n", "localization", "n", "answered localization trials", ""},
        {"accL", "localization", "accL", "lateral bias (accL)", "°"},
        {"precL", "localization", "precL", "lateral spread (precL)", "°"},
        {"rmsL", "localization", "rmsL", "lateral RMS error (rmsL)", "°"},
        {"accP", "localization", "accP", "polar bias (accP)", "°"},
        {"precP", "localization", "precP", "polar spread (precP)", "°"},
        {"querr", "localization", "QE", "quadrant errors (querr)", "%"},
        {"querrMiddlebrooks", "localization", "QE (Middlebrooks)",
         "quadrant errors, Middlebrooks' definition (querrMiddlebrooks)", "%"},
        {"rmsPmedianlocal", "localization", "rmsPmedianlocal",
         "local polar RMS error (rmsPmedianlocal)", "°"},
        {"rFBC", "localization", "Front-back", "front-back confusions (rFBC)", "%",
         "Front and back mixed up"},
        {"greatCircleErrorDeg", "localization", "Great-circle error", "great-circle error", "°",
         "Off by, on average"},
        {"azimuthErrorDeg", "localization", "|Azimuth error|", "absolute azimuth error", "°"},
        {"signedAzimuthErrorDeg", "localization", "Azimuth error", "signed azimuth error", "°"},
        {"nWidth", "width", "n", "answered width trials", ""},
        {"perceivedWidthDeg", "width", "Perceived width", "perceived width", "°"},
        {"widthErrorDeg", "width", "Width error", "width error", "°",
         "Heard wider (+) or narrower (−)"},
        {"absWidthErrorDeg", "width", "|Width error|", "absolute width error", "°",
         "Width off by, on average"},
        {"perceivedCentreDeg", "width", "Perceived centre", "perceived centre", "°"},
        {"centreErrorDeg", "width", "Centre error", "centre error", "°"},
        {"nDistance", "distance", "n", "answered distance trials", ""},
        {"distanceErrorLog2", "distance", "Distance error", "signed distance error (log2 ratio)",
         "doublings", "Heard farther (+) or nearer (−)"},
        {"absDistanceErrorLog2", "distance", "|Distance error|",
         "absolute distance error (log2 ratio)", "doublings"},
        {"distanceExponent", "distance", "Exponent a", "power-law exponent a (r' = k r^a)", ""},
        {"distanceFactor", "distance", "Factor k", "power-law factor k (r' = k r^a)", ""},
        {"distanceFitR2", "distance", "Fit r²", "power-law fit r²", ""},
        {"nExternalization", "externalization", "n", "externalization ratings", ""},
        {"externalizationMean", "externalization", "Externalization", "mean externalization (0-4)",
         "", "Outside the head, on a 0-4 scale"},
        {"externalizationMedian", "externalization", "Median", "median externalization (0-4)", ""},
        {"externalizedShare", "externalization", "Outside the head",
         "ratings of 2 or more (outside the head)", "%"},
        {"nStagePlacements", "stage-map", "n", "instruments placed on stage maps", ""},
        {"stageErrorDeg", "stage-map", "Placement error", "instrument placement error", "°",
         "Instruments off by, on average"},
        {"stageDistanceErrorLog2", "stage-map", "|Distance error|",
         "instrument distance error (|log2 ratio|)", "doublings"},
        {"stageWidthRatio", "stage-map", "Stage width", "stage width ratio (placed / true span)",
         "×", "Stage heard as wide as it is (1)"},
        {"stageDepthRatio", "stage-map", "Stage depth",
         "stage depth ratio (placed / true span of log distance)", "×"},
        {"stageOrderLeftRight", "stage-map", "Left-right order",
         "left-right order kept (Kendall tau-b)", ""},
        {"stageOrderFrontBack", "stage-map", "Near-far order",
         "near-far order kept (Kendall tau-b)", ""},
        // Last, so that the columns of analyses written before keep their places.
        {"lateralScatterDeg", "localization", "Lateral scatter",
         "lateral scatter of answers to one place (pooled SD)", "°"},
    };
    return metrics;
}

const std::vector<std::string>& metricNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const MetricInfo& metric : metricCatalogue())
            list.push_back(metric.name);
        return list;
    }();
    return names;
}

bool isMetricName(const std::string& name)
{
    const auto& names = metricNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

const MetricInfo& metricInfo(const std::string& name)
{
    for (const MetricInfo& metric : metricCatalogue())
        if (metric.name == name) return metric;
    std::string known;
    for (const std::string& metric : metricNames())
        known += (known.empty() ? "" : ", ") + metric;
    throw Error("unknown metric '" + name + "' (known: " + known + ")");
}

bool isCountMetric(const std::string& name)
{
    return name == "n" ||
           (name.size() > 1 && name[0] == 'n' && std::isupper((unsigned char)name[1]));
}

int metricDecimals(const std::string& name)
{
    if (isCountMetric(name)) return 0;
    const std::string& unit = metricInfo(name).unit;
    return unit == "°" || unit == "%" ? 1 : 2;
}

const std::vector<std::string>& tableMetrics(const std::string& kind)
{
    static const std::vector<std::string> localization = {
        "greatCircleErrorDeg", "azimuthErrorDeg", "accL", "precL", "querr", "rFBC"};
    static const std::vector<std::string> width = {"perceivedWidthDeg", "widthErrorDeg",
                                                   "absWidthErrorDeg", "centreErrorDeg"};
    static const std::vector<std::string> externalization = {
        "externalizationMean", "externalizationMedian", "externalizedShare"};
    static const std::vector<std::string> distance = {"absDistanceErrorLog2", "distanceErrorLog2",
                                                      "distanceExponent", "distanceFitR2"};
    static const std::vector<std::string> stageMap = {
        "stageErrorDeg",   "stageDistanceErrorLog2", "stageWidthRatio",
        "stageDepthRatio", "stageOrderLeftRight",    "stageOrderFrontBack"};
    static const std::vector<std::string> none;
    return kind == "localization"      ? localization
           : kind == "width"           ? width
           : kind == "externalization" ? externalization
           : kind == "distance"        ? distance
           : kind == "stage-map"       ? stageMap
                                       : none;
}

const std::vector<std::string>& listenerMetrics(const std::string& kind)
{
    static const std::vector<std::string> localization = {"greatCircleErrorDeg", "rFBC"};
    static const std::vector<std::string> width = {"absWidthErrorDeg", "widthErrorDeg"};
    static const std::vector<std::string> none;
    return kind == "localization" ? localization : kind == "width" ? width : none;
}

} // namespace stagelab
