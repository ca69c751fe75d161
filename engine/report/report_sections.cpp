#include "report/report_sections.h"

#include "analysis/grouping.h"
#include "report/html.h"
#include "report/study_report.h"
#include "report/svg_plots.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace stagelab {

namespace {
std::string cell(const std::string& text)
{
    return "<td>" + escapeHtml(text) + "</td>";
}
std::string numberCell(double value, int decimals)
{
    return "<td class=\"num\">" + formatNumberFixed(value, decimals) + "</td>";
}
std::string shortHash(const nlohmann::json& value)
{
    return value.is_string() ? value.get<std::string>().substr(0, 12) : std::string("-");
}
std::string text(const nlohmann::json& object, const char* key)
{
    return object.is_object() && object.contains(key) && object[key].is_string()
               ? object[key].get<std::string>()
               : "-";
}
} // namespace

std::string ReportDevices::colour(const std::string& id) const
{
    const auto found = std::find(ids.begin(), ids.end(), id);
    return levelColour(size_t(found - ids.begin()));
}

ReportDevices reportDevices(const std::vector<SessionFileContents>& sessions,
                            std::span<const ResultRow> rows)
{
    std::set<std::string> present;
    for (const ResultRow& row : rows)
        if (const auto found = row.factors.find("device");
            found != row.factors.end() && !found->second.empty())
            present.insert(found->second);
    ReportDevices devices;
    for (const SessionFileContents& session : sessions)
        if (session.header.contains("devices") && session.header["devices"].is_array())
            for (const nlohmann::json& entry : session.header["devices"]) {
                const std::string id = text(entry, "id");
                if (!present.count(id) || devices.names.count(id)) continue;
                devices.ids.push_back(id);
                devices.names[id] = text(entry, "name") == "-" ? id : text(entry, "name");
                devices.kinds[id] = text(entry, "kind");
                devices.headerEntries[id] = entry;
            }
    for (const std::string& id : present) // sessions from before device headers: by id
        if (!devices.names.count(id)) {
            devices.ids.push_back(id);
            devices.names[id] = id;
            devices.kinds[id] = "-";
        }
    return devices;
}

std::string reportStyle()
{
    return "body{font-family:system-ui,sans-serif;margin:24px "
           "auto;max-width:1100px;color:#222;line-height:1.4}\n"
           "h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:"
           "1px solid #ddd}\n"
           ".meta{color:#555;margin-top:0}table{border-collapse:collapse;font-size:13px;margin:8px "
           "0}\n"
           "th,td{border:1px solid #ddd;padding:3px 7px;text-align:left}th{background:#f3f3f3}\n"
           "td.num{text-align:right;font-variant-numeric:tabular-nums}.plots{display:flex;flex-"
           "wrap:wrap;gap:16px}\n"
           ".verdict li{margin:6px "
           "0}.sure{color:#0a6b2f;font-weight:600}.tentative{color:#8a5a00}.unsure{color:#555}\n"
           ".swatch{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:5px}"
           "\n"
           "footer{margin-top:28px;font-size:12px;color:#666}\n";
}

std::string verdictSection(const std::vector<DeviceComparison>& overall,
                           const ReportDevices& devices)
{
    std::string html = "<h2>Verdict</h2>\n<ul class=\"verdict\">\n";
    int shown = 0;
    for (const auto& [deviceB, c] : overall) {
        if (c.n == 0)
            continue; // a metric this study did not measure (e.g. width without width trials)
        const VerdictCertainty certainty = verdictCertainty(c);
        html += std::string("<li class=\"") +
                (certainty == VerdictCertainty::Reliable    ? "sure"
                 : certainty == VerdictCertainty::Tentative ? "tentative"
                                                            : "unsure") +
                "\">" +
                escapeHtml(verdictSentence(c, devices.names.at(devices.ids[0]),
                                           devices.names.at(deviceB))) +
                "</li>\n";
        ++shown;
    }
    if (!shown)
        html += "<li>No metric could be compared: no participant has answered trials on two "
                "devices.</li>\n";
    return html + "</ul>\n";
}

std::string devicesSection(const ReportDevices& devices)
{
    std::string html = "<h2>Devices</h2>\n<table>\n<tr><th>device</th><th>name</th><th>kind</"
                       "th><th>profile sha256</th>"
                       "<th>EQ loudness (LUFS)</th><th>level match (dB)</th><th>offset "
                       "(dB)</th><th>playback gain (dB)</th>"
                       "<th>SPL at calibration</th></tr>\n";
    for (const std::string& id : devices.ids) {
        const auto found = devices.headerEntries.find(id);
        const nlohmann::json entry =
            found == devices.headerEntries.end() ? nlohmann::json::object() : found->second;
        const nlohmann::json level = entry.value("level", nlohmann::json::object());
        const nlohmann::json calibration = entry.value("calibration", nlohmann::json());
        auto number = [](const nlohmann::json& object, const char* key, int decimals) {
            return object.is_object() && object.contains(key) && object[key].is_number()
                       ? numberCell(object[key].get<double>(), decimals)
                       : std::string("<td>-</td>");
        };
        html += "<tr><td><span class=\"swatch\" style=\"background:" + devices.colour(id) +
                "\"></span>" + escapeHtml(id) + "</td>" + cell(devices.names.at(id)) +
                cell(devices.kinds.at(id)) +
                cell(entry.contains("profile") && entry["profile"].is_object()
                         ? shortHash(entry["profile"]["sha256"])
                         : "-") +
                number(level, "eqLoudnessLufs", 2) + number(level, "compensationDb", 2) +
                number(level, "levelOffsetDb", 1) +
                (calibration.is_object() ? number(calibration, "playbackGainDb", 1)
                                         : std::string("<td>session</td>")) +
                number(calibration, "splDb", 1) + "</tr>\n";
    }
    return html + "</table>\n<p class=\"meta\">Level match: the reference pink noise (−23 LUFS) "
                  "measured through each "
                  "device's EQ; every device is brought to the quietest one's loudness, so the "
                  "devices of a study play "
                  "equally loud (within 0.1 dB), none above its EQ's clipping guard.</p>\n";
}

std::string polarSection(std::span<const ResultRow> rows, const ReportDevices& devices)
{
    std::string html =
        "<h2>Where listeners heard the sources</h2>\n<p class=\"meta\">Seen from above, all models "
        "and participants pooled. Each target azimuth has its own ring; the black tick is the "
        "target, "
        "the dots are the answers to it.</p>\n<div class=\"plots\">\n";
    for (const std::string& id : devices.ids) {
        std::vector<PolarPoint> points;
        for (const ResultRow& row : rows)
            if (row.kind == "localization" && row.responseAzimuthDeg &&
                row.factors.at("device") == id)
                points.push_back({row.targetAzimuthDeg, *row.responseAzimuthDeg});
        html += "<div>" +
                polarScatterSvg(devices.names.at(id) + " (" + std::to_string(points.size()) +
                                    " answers)",
                                points, devices.colour(id)) +
                "</div>\n";
    }
    return html + "</div>\n";
}

std::string metricsSection(std::span<const ResultRow> rows, const ReportDevices& devices,
                           std::size_t resamples)
{
    const AnalysisResult byParticipant = analyze(rows, {"device", "participant"});
    std::vector<ErrorBarPanel> panels;
    std::string table = "<table>\n<tr><th>metric</th>";
    for (const std::string& id : devices.ids)
        table += "<th>" + escapeHtml(devices.names.at(id)) + ": mean [95 % CI]</th>";
    table += "</tr>\n";
    for (const std::string& metric : reportMetrics()) {
        ErrorBarPanel panel{
            metricInfo(metric).label, metricInfo(metric).unit == "%" ? "percent" : "degrees", {}};
        std::string line = "<tr>" + cell(metricInfo(metric).label);
        const std::map<std::string, ParticipantMean> means =
            participantMeans(byParticipant, "device", metric, resamples);
        bool any = false;
        for (const std::string& id : devices.ids) {
            const auto found = means.find(id);
            const ParticipantMean summary =
                found == means.end() ? ParticipantMean{} : found->second;
            any = any || summary.participants > 0;
            panel.bars.push_back({id, summary.mean, summary.low, summary.high,
                                  devices.colour(id)}); // ids: short enough for an axis
            line += "<td class=\"num\">" + formatNumberFixed(summary.mean, 1) + " [" +
                    formatNumberFixed(summary.low, 1) + ", " + formatNumberFixed(summary.high, 1) +
                    "]</td>";
        }
        if (!any) continue;
        panels.push_back(panel);
        table += line + "</tr>\n";
    }
    std::string plots = "<div class=\"plots\">\n";
    for (const ErrorBarPanel& panel :
         panels) // one SVG per metric, so the row wraps on a narrow page
        plots += "<div>" + errorBarSvg({panel}, 200) + "</div>\n";
    return "<h2>Metrics per device</h2>\n<p class=\"meta\">Mean over participants of each "
           "participant's value, with "
           "a bootstrap 95 % interval of that mean. Lower is better.</p>\n" +
           plots + "</div>\n" + table + "</table>\n";
}

std::string comparisonSection(const std::vector<DeviceComparison>& overall,
                              const std::vector<DeviceComparison>& perModel,
                              const ReportDevices& devices)
{
    std::string html =
        "<h2>Within-participant "
        "differences</h2>\n<table>\n<tr><th>B</th><th>model</th><th>metric</th>"
        "<th>n</th><th>A</th><th>B</th><th>B − A</th><th>95 % CI</th><th>Wilcoxon p</th><th>r</th>"
        "<th>d<sub>z</sub></th></tr>\n";
    auto rowsOf = [&](const std::vector<DeviceComparison>& list, bool withModel) {
        for (const auto& [deviceB, c] : list) {
            if (c.n == 0) continue;
            html += "<tr>" + cell(devices.names.at(deviceB)) +
                    cell(withModel ? c.keys.at("model") : "all") +
                    cell(metricInfo(c.metric).label) + numberCell(double(c.n), 0) +
                    numberCell(c.meanA, 2) + numberCell(c.meanB, 2) +
                    numberCell(c.meanDifference, 2) + "<td class=\"num\">" +
                    formatNumberFixed(c.ciLow, 2) + " to " + formatNumberFixed(c.ciHigh, 2) +
                    "</td><td class=\"num\">" + formatP(c.wilcoxonP) + "</td>" +
                    numberCell(c.rankBiserial, 2) + numberCell(c.cohenDz, 2) + "</tr>\n";
        }
    };
    rowsOf(overall, false);
    rowsOf(perModel, true);
    return html +
           "</table>\n<p class=\"meta\">A = " + escapeHtml(devices.names.at(devices.ids[0])) +
           " in every row; B is the device named in the first column; r is the rank-biserial "
           "correlation "
           "(positive: B higher).</p>\n";
}

std::string provenanceSection(const std::vector<SessionFileContents>& sessions)
{
    std::string html =
        "<h2>Provenance</h2>\n<table>\n<tr><th>participant</th><th>session</th><th>software</th>"
        "<th>experiment (sha256)</th><th>HRTF sha256</th><th>devices (profile "
        "sha256)</th><th>started</th>"
        "<th>last answer</th><th>trials</th><th>listener</th></tr>\n";
    for (const SessionFileContents& session : sessions) {
        const nlohmann::json& header = session.header;
        const nlohmann::json software = header.value("software", nlohmann::json::object());
        const nlohmann::json experiment = header.value("experiment", nlohmann::json::object());
        std::string deviceList;
        if (header.contains("devices") && header["devices"].is_array())
            for (const nlohmann::json& device : header["devices"])
                deviceList +=
                    (deviceList.empty() ? "" : ", ") + text(device, "id") + " (" +
                    (device["profile"].is_object() ? shortHash(device["profile"]["sha256"])
                                                   : "no profile") +
                    ")";
        std::string lastAnswer = "-";
        for (const TrialRecord& trial : session.trials)
            lastAnswer = std::max(lastAnswer == "-" ? std::string() : lastAnswer, trial.answeredAt);
        html += "<tr>" + cell(text(header, "participant")) + cell(text(header, "session")) +
                cell(text(software, "version") + " (" + text(software, "commit") + ")") +
                cell(text(experiment, "id") + " (" +
                     shortHash(experiment.value("sha256", nlohmann::json())) + ")") +
                cell(header.contains("hrtf") && header["hrtf"].is_object()
                         ? shortHash(header["hrtf"]["sha256"])
                         : "-") +
                cell(deviceList.empty() ? "-" : deviceList) + cell(text(header, "startedAt")) +
                cell(lastAnswer) + numberCell(double(session.trials.size()), 0) +
                cell(header.value("simulated", false) ? "simulated" : "person") + "</tr>\n";
    }
    return html + "</table>\n";
}

} // namespace stagelab
