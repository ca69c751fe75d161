#pragma once
/// The study report: one self-contained HTML page (inline CSS, inline SVG, no scripts) that
/// compares the devices of a study — a plain verdict per metric with its certainty, polar plots
/// of targets vs responses, metrics with intervals, within-participant differences overall and
/// per model, and the provenance of every session. Qt-free, for the CLI and later the GUI.

#include "analysis/result_row.h"
#include "analysis/statistics.h"
#include "report/verdicts.h"
#include "results/session_file.h"

#include <span>
#include <string>
#include <vector>

namespace stagelab {

struct StudyReportOptions
{
    std::string title;       ///< Empty: "Device comparison: <experiment ids>".
    std::string generatedAt; ///< Shown in the header (UTC, ISO 8601); empty: now.
    /// Bootstrap resamples for every interval (the compare command's default).
    std::size_t bootstrapResamples = 10000;
};

/// Metrics a lower value of which means better imaging, in the order the report shows them.
const std::vector<std::string>& reportMetrics();
/// The soundstage measures the report also compares (width, distance, externalization, stage
/// maps): more of what each names, not better or worse (report/verdicts.h words them).
const std::vector<std::string>& soundstageMetrics();

/// The report page. `sessions` give devices and provenance (their headers); `rows` are the test
/// trials to analyse (resultRows() of those sessions, training left out by the caller). The
/// device factor is "device"; devices are compared with the first one listed in the sessions.
/// Throws Error if the rows hold fewer than two devices.
std::string studyReportHtml(const std::vector<SessionFileContents>& sessions,
                            std::span<const ResultRow> rows,
                            const StudyReportOptions& options = {});

} // namespace stagelab
