#pragma once
/// `device-response`, `calibrate` and `report`: device EQ, per-device calibration, study report.

#include <optional>
#include <string>
#include <vector>

namespace stagelab::cli {

struct DeviceResponseOptions
{
    std::string file; ///< A device profile (.json, or a default profile name) or an AutoEq file.
    double sampleRateHz = 48000.0;
    std::vector<double> frequenciesHz;
    bool json = false;
};
int deviceResponseCommand(const DeviceResponseOptions& options);

struct CalibrateOptions
{
    std::string device; ///< A profile: a default name or a path.
    double gainDb = 0.0;
    std::optional<double> splDb;
    std::string results = "results";
    double sampleRateHz = 48000.0;
    bool json = false;
};
int calibrateCommand(const CalibrateOptions& options);

struct ReportOptions
{
    std::vector<std::string> paths; ///< Study folders or session files.
    std::string out = "report.html";
    std::string title;
    bool strict = false; ///< A session file that cannot be read fails the command.
};
int reportCommand(const ReportOptions& options);

} // namespace stagelab::cli
