#include "report/claims.h"

#include "analysis/metric_catalogue.h"
#include "analysis/statistics.h"
#include "report/html.h"
#include "report/report_sections.h"
#include "report/verdicts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace stagelab {

namespace {

/// How one comparison bears on a claimed direction (+1: B above A).
enum class Support { Supported, Tentative, NotSupported, Contradicted, NoData };

Support supportOf(const Comparison& c, int wantedSign)
{
    if (c.n < 2 || !std::isfinite(c.meanDifference)) return Support::NoData;
    const VerdictCertainty certainty = verdictCertainty(c);
    if (certainty == VerdictCertainty::Unsure) return Support::NotSupported;
    const bool wanted = (c.meanDifference > 0) == (wantedSign > 0);
    if (wanted)
        return certainty == VerdictCertainty::Reliable ? Support::Supported : Support::Tentative;
    return certainty == VerdictCertainty::Reliable ? Support::Contradicted : Support::NotSupported;
}

/// A claim that needs every part of its evidence (`all`) or any one (`!all`).
std::string combined(const std::vector<Support>& parts, bool all)
{
    std::vector<Support> measured;
    for (Support part : parts)
        if (part != Support::NoData) measured.push_back(part);
    if (measured.empty()) return "not tested";
    const auto count = [&](Support s) { return std::count(measured.begin(), measured.end(), s); };
    const long supported = count(Support::Supported), tentative = count(Support::Tentative);
    const long contradicted = count(Support::Contradicted);
    if (contradicted && !supported && !tentative) return "contradicted";
    if (contradicted) return "mixed (some of its evidence points the other way)";
    if (all && supported == long(measured.size())) return "supported";
    if (all && supported + tentative == long(measured.size())) return "tentatively supported";
    if (!all && !contradicted && supported) return "supported";
    if (!all && !contradicted && tentative) return "tentatively supported";
    if (supported || tentative) return all ? "partly supported" : "tentatively supported";
    return "not supported";
}

struct Evidence
{
    std::vector<Support> parts;
    std::string text;

    void add(const Comparison& c, int wantedSign)
    {
        if (c.n == 0) return; // not measured: says nothing for or against
        parts.push_back(supportOf(c, wantedSign));
        text += (text.empty() ? "" : "; ") + metricInfo(c.metric).label + " " + differenceText(c);
    }
};

class ClaimJudge
{
public:
    ClaimJudge(std::span<const ResultRow> rows, std::size_t resamples)
        : m_rows(rows), m_resamples(resamples)
    {}

    /// `metric` compared between two levels of `factor` (B - A), over every row.
    Comparison compare(const std::string& factor, const std::string& a, const std::string& b,
                       const std::string& metric) const
    {
        ComparisonSpec spec;
        spec.factor = factor;
        spec.levelA = a;
        spec.levelB = b;
        spec.metrics = {metric};
        spec.bootstrapResamples = m_resamples;
        const std::vector<Comparison> found = compareLevels(m_rows, spec);
        return found.empty() ? Comparison{} : found.front();
    }

private:
    std::span<const ResultRow> m_rows;
    std::size_t m_resamples;
};

/// The virtual-speakers models the sessions used, by their speakers' angle.
std::map<double, std::string> speakerModels(const std::vector<SessionFileContents>& sessions,
                                            std::span<const ResultRow> rows)
{
    std::map<std::string, bool> used;
    for (const ResultRow& row : rows)
        if (const auto model = row.factors.find("model"); model != row.factors.end())
            used[model->second] = true;
    std::map<double, std::string> byAngle;
    for (const SessionFileContents& session : sessions) {
        const nlohmann::json models = session.header.value("models", nlohmann::json::object());
        if (!models.is_object()) continue;
        for (const auto& [name, model] : models.items())
            if (used.count(name) && model.is_object() &&
                model.value("model", "") == "virtual-speakers" &&
                model.contains("speakerAzimuthDeg") && model["speakerAzimuthDeg"].is_number())
                byAngle.emplace(model["speakerAzimuthDeg"].get<double>(), name);
    }
    return byAngle;
}

std::optional<std::string> deviceOfKind(const ReportDevices& devices, const std::string& kind)
{
    for (const std::string& id : devices.ids)
        if (devices.kinds.count(id) && devices.kinds.at(id) == kind) return id;
    return std::nullopt;
}

} // namespace

std::vector<ClaimFinding> soundstageClaims(const std::vector<SessionFileContents>& sessions,
                                           std::span<const ResultRow> rows,
                                           std::size_t bootstrapResamples)
{
    const ClaimJudge judge(rows, bootstrapResamples);
    const ReportDevices devices = reportDevices(sessions, rows);
    const auto open = deviceOfKind(devices, "open-back"), iem = deviceOfKind(devices, "iem");
    std::vector<ClaimFinding> findings;
    const auto noDevices = "the study has no open-back and IEM devices to compare";

    // Differences are IEM minus open-back throughout: the claims favour the open-backs, so
    // they want the difference below 0.
    ClaimFinding wider{"Open-back headphones stage wider than IEMs", "not tested", noDevices};
    ClaimFinding spacious{"Open-back headphones sound more spacious (deeper, more externalized)",
                          "not tested", noDevices};
    ClaimFinding precise{"IEMs image at least as precisely as open-back headphones", "not tested",
                         noDevices};
    if (open && iem) {
        Evidence width;
        for (const char* metric : {"stageWidthRatio", "perceivedWidthDeg"})
            width.add(judge.compare("device", *open, *iem, metric), -1);
        wider.status = combined(width.parts, false);
        wider.evidence = width.text.empty() ? "no stage maps or width trials" : width.text;

        Evidence space;
        for (const char* metric : {"stageDepthRatio", "externalizationMean"})
            space.add(judge.compare("device", *open, *iem, metric), -1);
        spacious.status = combined(space.parts, true);
        spacious.evidence =
            space.text.empty() ? "no stage maps or externalization ratings" : space.text;

        // Non-inferiority: IEMs' extra error, at the interval's upper end, under the margin.
        Evidence precision;
        std::vector<Support> parts;
        for (const char* metric : {"greatCircleErrorDeg", "stageErrorDeg"}) {
            const Comparison c = judge.compare("device", *open, *iem, metric);
            if (c.n == 0) continue;
            precision.add(c, -1);
            parts.push_back(c.n < 2 || !std::isfinite(c.ciHigh) ? Support::NoData
                            : c.ciHigh < precisionMarginDeg     ? Support::Supported
                            // Worse beyond the margin, reliably: not merely not shown.
                            : verdictCertainty(c) == VerdictCertainty::Reliable &&
                                    c.ciLow > precisionMarginDeg
                                ? Support::Contradicted
                                : Support::NotSupported);
        }
        precise.status = combined(parts, true);
        if (precise.status == "not supported")
            precise.status = "not shown (the interval reaches past the margin)";
        precise.evidence = precision.text.empty()
                               ? "no localization or stage-map trials"
                               : precision.text + "; margin: IEMs may be up to " +
                                     formatNumberFixed(precisionMarginDeg, 0) + "° worse";
    }
    findings.push_back(wider);
    findings.push_back(spacious);
    findings.push_back(precise);

    ClaimFinding speakers{"Wider-placed speakers widen the stage but blur the image", "not tested",
                          "the study has fewer than two virtual-speakers models of different "
                          "angles"};
    const std::map<double, std::string> bases = speakerModels(sessions, rows);
    if (bases.size() >= 2) {
        const auto& [narrowDeg, narrow] = *bases.begin();
        const auto& [wideDeg, wide] = *bases.rbegin();
        Evidence evidence;
        evidence.add(judge.compare("model", narrow, wide, "stageWidthRatio"), +1);
        evidence.add(judge.compare("model", narrow, wide, "lateralScatterDeg"), +1);
        speakers.status = combined(evidence.parts, true);
        speakers.evidence =
            "±" + formatNumberFixed(wideDeg, 0) + "° ('" + wide + "') minus ±" +
            formatNumberFixed(narrowDeg, 0) + "° ('" + narrow + "'): " +
            (evidence.text.empty() ? "no stage maps or localization trials" : evidence.text);
    }
    findings.push_back(speakers);
    return findings;
}

std::string claimsSection(const std::vector<ClaimFinding>& findings)
{
    if (std::all_of(findings.begin(), findings.end(),
                    [](const ClaimFinding& f) { return f.status == "not tested"; }))
        return "";
    std::string html =
        "<h2>Claims</h2>\n<p class=\"meta\">What people say about soundstage, against these "
        "results. Differences are the second named minus the first (IEM minus open-back; the "
        "wider speakers minus the narrower), paired within participants.</p>\n<ul "
        "class=\"verdict\">\n";
    for (const ClaimFinding& finding : findings) {
        const std::string& s = finding.status;
        const char* css = s == "supported"                                          ? "sure"
                          : s == "tentatively supported" || s == "partly supported" ? "tentative"
                                                                                    : "unsure";
        html += std::string("<li class=\"") + css + "\"><b>" + escapeHtml(finding.claim) +
                "</b>: " + escapeHtml(s) + " — " + escapeHtml(finding.evidence) + ".</li>\n";
    }
    return html + "</ul>\n";
}

} // namespace stagelab
