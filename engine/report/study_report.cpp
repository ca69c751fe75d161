#include "report/study_report.h"

#include "analysis/grouping.h"
#include "report/html.h"
#include "report/report_sections.h"
#include "util/clock.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace stagelab {

const std::vector<std::string>& reportMetrics()
{
    static const std::vector<std::string> metrics = {
        "azimuthErrorDeg", "greatCircleErrorDeg", "rmsL", "precL", "precP", "querr", "rFBC",
        "absWidthErrorDeg"};
    return metrics;
}

std::string verdictSentence(const Comparison& c, const std::string& nameA, const std::string& nameB)
{
    const std::string& what = metricInfo(c.metric).label;
    const std::string& unit = metricInfo(c.metric).unit;
    if (c.n < 2 || !std::isfinite(c.meanDifference))
        return "On " + what + ", there are too few participants with both devices (" +
               std::to_string(c.n) + ") to compare " + nameA + " and " + nameB + ".";
    const std::string interval =
        "95 % interval of " + nameB + " minus " + nameA + ": " + formatNumberFixed(c.ciLow, 1) +
        " to " + formatNumberFixed(c.ciHigh, 1) + unit + ", Wilcoxon p = " + formatP(c.wilcoxonP) +
        ", n = " + std::to_string(c.n) + " participants";
    if (c.meanDifference == 0.0)
        return "On " + what + ", " + nameA + " and " + nameB + " did equally well (" + interval +
               ").";
    // Lower is better for every report metric: the device with the lower mean imaged better.
    const bool bBetter = c.meanDifference < 0;
    const std::string better = bBetter ? nameB : nameA, worse = bBetter ? nameA : nameB;
    const std::string claim = "On " + what + ", " + better + " imaged better than " + worse +
                              " by " + formatNumberFixed(std::abs(c.meanDifference), 1) + unit +
                              " (" + interval + "). ";
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

std::string studyReportHtml(const std::vector<SessionFileContents>& sessions,
                            std::span<const ResultRow> rows, const StudyReportOptions& options)
{
    const ReportDevices devices = reportDevices(sessions, rows);
    if (devices.ids.size() < 2)
        throw Error(
            "a device comparison needs trials on at least two devices; these results have " +
            std::to_string(devices.ids.size()) +
            (devices.ids.empty() ? "" : " ('" + devices.ids[0] + "')"));
    std::set<std::string> participants, experiments;
    for (const ResultRow& row : rows)
        participants.insert(row.factors.at("participant"));
    for (const SessionFileContents& session : sessions)
        if (session.header.contains("experiment"))
            experiments.insert(session.header["experiment"].value("id", ""));
    std::string experimentList;
    for (const std::string& id : experiments)
        experimentList += (experimentList.empty() ? "" : ", ") + id;
    const std::string title =
        options.title.empty() ? "Device comparison: " + experimentList : options.title;

    std::vector<DeviceComparison> overall, perModel;
    for (size_t d = 1; d < devices.ids.size(); ++d) {
        ComparisonSpec spec;
        spec.factor = "device";
        spec.levelA = devices.ids[0];
        spec.levelB = devices.ids[d];
        spec.metrics = reportMetrics();
        spec.bootstrapResamples = options.bootstrapResamples;
        for (Comparison& c : compareLevels(rows, spec))
            overall.push_back({devices.ids[d], std::move(c)});
        spec.withinFactors = {"model"};
        for (Comparison& c : compareLevels(rows, spec))
            perModel.push_back({devices.ids[d], std::move(c)});
    }

    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
        escapeHtml(title) + "</title>\n<style>\n" + reportStyle() + "</style>\n</head>\n<body>\n";
    html += "<h1>" + escapeHtml(title) + "</h1>\n<p class=\"meta\">" +
            std::to_string(participants.size()) + " participant(s), " +
            std::to_string(sessions.size()) + " session(s), " + std::to_string(rows.size()) +
            " test trials. Generated " +
            escapeHtml(options.generatedAt.empty() ? utcNow() : options.generatedAt) +
            ". Directions: SOFA convention, 0° = front, +90° = left.</p>\n";
    html += verdictSection(overall, devices);
    html += devicesSection(devices);
    html += polarSection(rows, devices);
    html += metricsSection(rows, devices, options.bootstrapResamples);
    html += comparisonSection(overall, perModel, devices);
    html += provenanceSection(sessions);
    html +=
        "<footer>Made by Stagelab. Differences are B − A (B = the device named in the row, A = " +
        escapeHtml(devices.names.at(devices.ids[0])) +
        "), paired within participants: mean, bootstrap 95 % percentile interval (" +
        std::to_string(options.bootstrapResamples) +
        " resamples), two-sided Wilcoxon signed-rank p, rank-biserial r, Cohen's d<sub>z</sub>. "
        "Lower values "
        "of every metric shown mean better imaging. Metric definitions follow AMT 1.6 "
        "localizationerror.</footer>\n";
    return html + "</body>\n</html>\n";
}

} // namespace stagelab
