#pragma once
/// The sections of the study report page (internal to engine/report).

#include "analysis/result_row.h"
#include "analysis/statistics.h"
#include "results/session_file.h"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace stagelab {

/// The devices of a study in the order the sessions list them, with what the headers say.
struct ReportDevices
{
    std::vector<std::string> ids;
    std::map<std::string, std::string> names, kinds;
    std::map<std::string, nlohmann::json> headerEntries; ///< The header's "devices" entry.
    std::string colour(const std::string& id) const;
};

/// Devices that have trials in `rows`, ordered as the sessions' headers list them.
ReportDevices reportDevices(const std::vector<SessionFileContents>& sessions,
                            std::span<const ResultRow> rows);

/// A comparison of the first device (A) with `deviceB`.
struct DeviceComparison
{
    std::string deviceB;
    Comparison comparison;
};

std::string reportStyle();
std::string verdictSection(const std::vector<DeviceComparison>& overall,
                           const ReportDevices& devices);
std::string devicesSection(const ReportDevices& devices);
std::string polarSection(std::span<const ResultRow> rows, const ReportDevices& devices);
std::string metricsSection(std::span<const ResultRow> rows, const ReportDevices& devices,
                           std::size_t resamples);
std::string comparisonSection(const std::vector<DeviceComparison>& overall,
                              const std::vector<DeviceComparison>& perModel,
                              const ReportDevices& devices);
std::string provenanceSection(const std::vector<SessionFileContents>& sessions);

} // namespace stagelab
