#pragma once
/// Exports of session files for other tools. Each writes its files atomically into `folder`
/// (created if needed) and returns the path it wrote; throws Error naming the file on failure.

#include "results/session_file.h"

#include <string>
#include <vector>

namespace stagelab {

/// `trials.csv`: one row per trial, every condition, response and error as a column.
std::string exportTrialsCsv(const std::vector<SessionFileContents>& sessions,
                            const std::string& folder);
/// A BIDS `beh` dataset: `sub-<id>/beh/*_beh.tsv` with JSON sidecars describing each column.
std::string exportBids(const std::vector<SessionFileContents>& sessions, const std::string& folder);
/// `summary.json`: the standard metrics by participant and model, and by model (test trials).
std::string exportSummaryJson(const std::vector<SessionFileContents>& sessions,
                              const std::string& folder);

} // namespace stagelab
