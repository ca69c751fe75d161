#pragma once
/// The records of a session file (results/<participant>/<session>.jsonl, "stagelab.session/1"):
/// one header line, then one line per answered trial (and a line per resume). The fields are
/// described in results/README.md.

#include "experiment/trial_plan.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

inline constexpr const char* sessionFormat = "stagelab.session/1";

/// What a listener answered (the fields the block's response mode asks for).
struct TrialResponse
{
    std::optional<double> azimuthDeg, elevationDeg;  ///< Localization (SOFA: +90 = left).
    std::optional<double> leftEdgeDeg, rightEdgeDeg; ///< Width: azimuths of the two edges.
    std::optional<double> distanceM; ///< azimuth-distance: metres from the head's centre.
    /// 0 "inside my head, at the centre" ... 4 "outside, far away, at the sound's place"
    /// (Hassager et al. 2016): the externalization mode, or any trial that also asks for it.
    std::optional<int> externalization;
    /// stage-map: where the listener placed each instrument, in the trial's instrument order
    /// (each its stimulus, azimuth and distance; SOFA angles, metres).
    std::vector<EnsembleInstrument> placements;
};

/// The externalization scale's top (0-4), and the distances a distance answer may give (the
/// floor plan's rings span 0.25-16 m; typed answers may go a little beyond).
inline constexpr int maximumExternalization = 4;
inline constexpr double minimumResponseDistanceM = 0.1;
inline constexpr double maximumResponseDistanceM = 100.0;
/// The externalization scale's anchors, 0-4, as the listener reads them (after the five-point
/// scale of Hassager, Gran & Dau 2016).
inline constexpr const char* externalizationAnchors[maximumExternalization + 1] = {
    "inside my head, at the centre", "inside my head, near one ear", "at the edge of my head",
    "outside my head, close by", "outside, far away, at the sound's place"};

/// How the listener's head moved while a trial played (head-tracked or head-pointing trials,
/// with a tracker): its orientation trace and what sums it up.
struct HeadMotion
{
    /// [seconds from the trial's first Play (the command; its sound starts 2 blocks and the
    /// device's buffer later), yaw, pitch, roll] (degrees, SOFA:
    /// yaw + = LEFT), at the tracker's rate up to 100 Hz. Written with the record; a record read
    /// back for analysis keeps only its count (sampleCount).
    std::vector<std::array<double, 4>> samples;
    size_t sampleCount = 0;
    double yawRangeDeg = 0.0;   ///< Largest less smallest yaw.
    double meanAbsYawDeg = 0.0; ///< Mean of |yaw| over the samples.
};

/// The fullest head trace a record holds: 100 Hz for 10 minutes; a longer trial keeps its last
/// ten minutes.
inline constexpr size_t maximumHeadSamples = 60000;

/// The summary of a head trace (samples as HeadMotion::samples): its range and mean |yaw|.
HeadMotion summarizeHeadMotion(std::vector<std::array<double, 4>> samples);

/// One answered trial as recorded.
struct TrialRecord
{
    PlannedTrial trial;
    TrialResponse response;
    double responseTimeS = 0.0; ///< From the onset frame of the last play to the answer.
    int64_t onsetFrame = 0;     ///< Engine frame at which the (last) play started.
    int replays = 0;
    int solos = 0;         ///< stage-map: instruments played alone (written when not 0).
    int lateCallbacks = 0; ///< During this trial's plays.
    int underruns = 0;
    double levelLufs = 0.0; ///< Stimulus loudness target in force.
    double gainDb = 0.0;    ///< Playback gain in force.
    /// The device's level match (<= 0 dB) and its profile's offset, when the trial had a device.
    std::optional<double> deviceCompensationDb, deviceLevelOffsetDb;
    std::string answeredAt;         ///< UTC, ISO 8601.
    std::optional<HeadMotion> head; ///< With a head tracker: how the head moved.
    /// Extra named conditions (imported data keep their own columns here).
    std::map<std::string, std::string> factors;
    /// The line of the session file it was read from (0 when not read from a file).
    int sourceLine = 0;
};

/// Why `response` does not answer `trial` - what its response mode ("azimuth",
/// "azimuth-elevation", "azimuth-distance", "width-edges", "externalization", "stage-map": a
/// placement per instrument, in the trial's order) and its alsoAsk
/// list ask for, each value in its range; "" if it does.
std::string missingAnswer(const TrialResponse& response, const PlannedTrial& trial);

/// Why `record` is not an answer to `planned` (the plan's trial at its index): the first
/// planned field it records differently, or the answer it lacks; "" if it is one.
std::string recordDiffersFromPlan(const TrialRecord& record, const PlannedTrial& planned);

/// A stage-map record as one record per instrument, the way tables and analyses see it: each
/// with the instrument as its stimulus, at its azimuth and distance, answered by its placement
/// (azimuth and distance); the ensemble id stays, the instrument list goes. Any other record
/// is returned as it is.
std::vector<TrialRecord> perInstrumentRecords(const TrialRecord& record);

/// A trial record as its JSON line object (read back by parseTrialLine, trial_line_parser.h).
nlohmann::json trialRecordToJson(const TrialRecord& record);

} // namespace stagelab
