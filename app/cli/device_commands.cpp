#include "cli/device_commands.h"

#include "cli/scene_options.h"
#include "devices/device_calibration.h"
#include "devices/level_matching.h"
#include "dsp/equalizer_chain.h"
#include "report/study_report.h"
#include "results/result_rows.h"
#include "results/session_file.h"
#include "util/error.h"
#include "util/files.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace stagelab::cli {

namespace {
namespace fs = std::filesystem;

/// A profile or an AutoEq file, told apart by content (a profile is a JSON object), so any file
/// name works; a bare name that is not a file is looked up among the default profiles.
Equalizer loadEqualizer(const std::string& file)
{
    std::error_code ignored;
    if (!fs::is_regular_file(file, ignored))
        return loadDeviceProfile(resolveDeviceProfile(file, ".")).equalizer;
    const std::string content = readTextFile(file, 1u << 20, "profile or AutoEq file");
    const size_t bom = content.starts_with("\xEF\xBB\xBF") ? 3 : 0; // as Windows editors write
    const size_t first = content.find_first_not_of(" \t\r\n", bom);
    if (first != std::string::npos && content[first] == '{')
        return loadDeviceProfile(file).equalizer;
    return parseAutoEq(content, file);
}

std::string formatted(double value, const char* format)
{
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}
} // namespace

int deviceResponseCommand(const DeviceResponseOptions& options)
{
    if (!(options.sampleRateHz >= 8000 && options.sampleRateHz <= 384000))
        throw UsageError("--sample-rate must be between 8000 and 384000 Hz");
    if (options.frequenciesHz.empty())
        throw UsageError("--frequencies needs at least one frequency");
    for (const double f : options.frequenciesHz)
        if (!(f > 0 && f < options.sampleRateHz / 2))
            throw UsageError("--frequencies: " + formatted(f, "%g") +
                             " Hz is not between 0 and Nyquist (" +
                             formatted(options.sampleRateHz / 2, "%g") + " Hz)");
    const Equalizer equalizer = loadEqualizer(options.file);
    const EqualizerChain chain(equalizer, options.sampleRateHz);
    std::vector<double> gains;
    for (const double f : options.frequenciesHz)
        gains.push_back(chain.magnitudeDb(f));
    if (options.json) {
        std::cout
            << nlohmann::json{{"frequenciesHz", options.frequenciesHz}, {"gainDb", gains}}.dump()
            << "\n";
        return 0;
    }
    std::cout << "# " << options.file << " at " << options.sampleRateHz << " Hz (preamp "
              << formatted(equalizer.preampDb, "%.2f") << " dB included)\n"
              << "frequencyHz     gainDb\n";
    for (size_t i = 0; i < gains.size(); ++i)
        std::cout << formatted(options.frequenciesHz[i], "%11.2f") << formatted(gains[i], " %10.3f")
                  << "\n";
    return 0;
}

int calibrateCommand(const CalibrateOptions& options)
{
    if (!(options.sampleRateHz >= 8000 && options.sampleRateHz <= 384000))
        throw UsageError("--sample-rate must be between 8000 and 384000 Hz");
    if (!std::isfinite(options.gainDb) || !playbackGainRangeDb.contains(options.gainDb))
        throw UsageError("--gain-db must be " + playbackGainRangeText());
    if (options.splDb && !(*options.splDb >= 0 && *options.splDb <= 140))
        throw UsageError("--spl-db must be between 0 and 140 dB SPL");
    const DeviceProfile profile = loadDeviceProfile(resolveDeviceProfile(options.device, "."));
    const DeviceCalibration calibration =
        makeDeviceCalibration(profile, options.sampleRateHz, options.gainDb, options.splDb);
    const std::string path = writeDeviceCalibration(options.results, calibration);
    if (options.json) {
        std::cout << deviceCalibrationToJson(calibration).dump(2) << "\n";
    } else {
        std::cout << "Calibrated " << profile.name << " (" << profile.id << "): playback gain "
                  << formatted(options.gainDb, "%+.1f") << " dB"
                  << (options.splDb
                          ? ", " + formatted(*options.splDb, "%.1f") + " dB SPL at the ear"
                          : std::string())
                  << "\nReference pink noise " << referenceLoudnessLufs << " LUFS measures "
                  << formatted(calibration.eqLoudnessLufs, "%.2f")
                  << " LUFS through its EQ.\nWritten to " << path << "; sessions with results in "
                  << options.results << " use it.\n";
    }
    return 0;
}

int reportCommand(const ReportOptions& options)
{
    std::vector<std::string> warnings;
    const std::vector<SessionFileContents> sessions =
        readSessionFiles(options.paths, warnings, options.strict);
    for (const std::string& warning : warnings)
        std::cerr << "warning: " << warning << "\n";
    if (sessions.empty()) throw Error("no session files (*.jsonl) found in the given paths");
    const std::vector<ResultRow> rows = resultRows(sessions, TrialSelection::Test);
    StudyReportOptions reportOptions;
    reportOptions.title = options.title;
    const std::string html = studyReportHtml(sessions, rows, reportOptions);
    writeFileAtomically(options.out, html);
    std::cerr << "Report of " << describeTrialCount(rows, "test trials") << " from "
              << sessions.size() << " session(s) written to " << options.out << "\n";
    return 0;
}

} // namespace stagelab::cli
