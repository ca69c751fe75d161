#pragma once
/// Import of localization trials from other software's CSV files (comma-separated, one header
/// line, RFC 4180 quoting), so Stagelab's analysis can run on third-party data.

#include "analysis/result_row.h"

#include <istream>
#include <map>
#include <string>
#include <vector>

namespace stagelab {

/// ResultRow field -> CSV column name. Fields: targetAzimuthDeg, targetElevationDeg,
/// responseAzimuthDeg, responseElevationDeg, participant. An unmapped field uses a column of its
/// own name if there is one; otherwise targetElevationDeg is 0, responseElevationDeg is absent
/// (azimuth-only responses), participant is not set, and the azimuths are an error.
using CsvColumns = std::map<std::string, std::string>;

/// What an imported CSV file may hold; more is refused naming the limit. Far beyond any
/// localization study (the validation sets have 140 rows per listener), and small enough that
/// a file is read and written in seconds.
struct CsvLimits
{
    static constexpr size_t rows = 1'000'000;
    static constexpr size_t columns = 256;
    static constexpr size_t cellBytes = 1024; ///< A factor value, a participant id.
    static constexpr size_t fileBytes = size_t(512) << 20;
};

/// Reads localization trials from the CSV file at `path`. `azimuthConvention` is "ccw" (SOFA:
/// +90 = left) or "cw" (+90 = right; azimuths are negated). Every unmapped column becomes a
/// factor under its own name; participant becomes the factor "participant". An empty, "NA" or
/// "NaN" response cell is a trial without that response. Throws Error naming file, line and
/// column for a missing column, a non-numeric value, a wrong field count, text that is not
/// UTF-8, or a limit of CsvLimits exceeded.
std::vector<ResultRow> importLocalizationCsv(const std::string& path,
                                             const CsvColumns& columns = {},
                                             const std::string& azimuthConvention = "ccw");

/// As importLocalizationCsv, from a stream; `sourceName` names it in errors.
std::vector<ResultRow> readLocalizationCsv(std::istream& input, const std::string& sourceName,
                                           const CsvColumns& columns = {},
                                           const std::string& azimuthConvention = "ccw");

} // namespace stagelab
