#pragma once
/// Other labs' localization data as Stagelab session files, so that every analysis, comparison
/// and export reads them like Stagelab's own: one file per participant,
/// <out>/<participant>/import-<source name>.jsonl, with an "imported" header.

#include "analysis/result_row.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace stagelab {

/// Where the rows came from, as their headers record it.
struct ImportSource
{
    std::string file;              ///< The file read.
    std::string sha256;            ///< Of its bytes.
    nlohmann::json columns;        ///< Which of its columns became which field.
    std::string azimuthConvention; ///< "ccw" (SOFA) or "cw", as read.
};

/// A session file written by writeImportedSessions().
struct ImportedSession
{
    std::string path;
    size_t trials = 0;
};

/// Writes `rows` (localization trials; factor "participant" splits them, default the source's
/// file name), one session file per participant, calling `written` after each. A participant
/// value is made into an id (characters outside [A-Za-z0-9._-] become '_'). Throws Error, naming
/// the file, if a file exists already or cannot be written.
void writeImportedSessions(const std::vector<ResultRow>& rows, const ImportSource& source,
                           const std::string& outFolder,
                           const std::function<void(const ImportedSession&)>& written);

} // namespace stagelab
