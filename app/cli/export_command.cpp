// `export`: session files as a tidy CSV (one row per trial), a BIDS `beh` folder, or a summary
// JSON of the standard metrics (the formats live in engine/results/export).

#include "cli/analysis_commands.h"
#include "cli/scene_options.h"
#include "results/export.h"
#include "results/result_rows.h"

#include <iostream>

namespace stagelab::cli {

int exportCommand(const ExportOptions& options)
{
    if (options.format != "csv" && options.format != "bids" && options.format != "json")
        throw UsageError("--format must be csv, bids or json");
    std::vector<std::string> warnings;
    const std::vector<SessionFileContents> sessions =
        readSessionFiles(options.paths, warnings, options.strict);
    for (const std::string& warning : warnings)
        std::cerr << "warning: " << warning << "\n";
    if (options.format == "csv")
        std::cerr << "Wrote " << exportTrialsCsv(sessions, options.out) << "\n";
    else if (options.format == "json")
        std::cerr << "Wrote " << exportSummaryJson(sessions, options.out) << "\n";
    else
        std::cerr << "Wrote a BIDS beh dataset of " << sessions.size() << " session(s) to "
                  << exportBids(sessions, options.out) << "\n";
    return 0;
}

} // namespace stagelab::cli
