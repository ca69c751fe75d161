#pragma once
/// `import-csv`, `analyze`, `compare` and `export`: results into the numbers a paper needs.

#include <map>
#include <string>
#include <vector>

namespace stagelab::cli {

struct ImportOptions
{
    std::string file, out, azimuthConvention = "ccw";
    std::vector<std::string> columns; ///< "field=COLUMN"
};
int importCsvCommand(const ImportOptions& options);

struct AnalyzeOptions
{
    std::vector<std::string> paths;
    std::vector<std::string> by;
    std::string format = "table";
    bool includeTraining = false;
    bool strict = false; ///< A session file that cannot be read fails the command.
};
int analyzeCommand(const AnalyzeOptions& options);

struct CompareOptions
{
    std::vector<std::string> paths;
    std::string factor;
    std::vector<std::string> levels, metrics, within;
    std::string format = "table";
    bool includeTraining = false;
    bool strict = false;
};
int compareCommand(const CompareOptions& options);

struct ExportOptions
{
    std::vector<std::string> paths;
    std::string format, out;
    bool strict = false;
};
int exportCommand(const ExportOptions& options);

} // namespace stagelab::cli
