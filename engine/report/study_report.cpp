#include "report/study_report.h"

#include "analysis/grouping.h"
#include "report/claims.h"
#include "report/html.h"
#include "report/report_sections.h"
#include "results/result_rows.h"
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

const std::vector<std::string>& soundstageMetrics()
{
    static const std::vector<std::string> metrics = {
        "perceivedWidthDeg",   "absDistanceErrorLog2", "distanceExponent", "externalizationMean",
        "externalizedShare",   "stageErrorDeg",        "stageWidthRatio",  "stageDepthRatio",
        "stageOrderLeftRight", "stageOrderFrontBack"};
    return metrics;
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
        spec.metrics.insert(spec.metrics.end(), soundstageMetrics().begin(),
                            soundstageMetrics().end());
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
            std::to_string(sessions.size()) + " session(s), " +
            describeTrialCount(std::vector<ResultRow>(rows.begin(), rows.end()), "test trials") +
            ". Generated " +
            escapeHtml(options.generatedAt.empty() ? utcNow() : options.generatedAt) +
            ". Directions: SOFA convention, 0° = front, +90° = left.</p>\n";
    // The claims first: the questions people bring, each in one line; then every metric.
    html += claimsSection(soundstageClaims(sessions, rows, options.bootstrapResamples));
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
        "Lower values of the imaging errors mean better imaging; the soundstage measures "
        "(width, distance, externalization, stage maps) are more of what they name. "
        "Localization metric definitions follow AMT 1.6 localizationerror; the others are in "
        "results/README.md.</footer>\n";
    return html + "</body>\n</html>\n";
}

} // namespace stagelab
