#include "results/session_record.h"

#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <cmath>

namespace stagelab {

namespace {
using nlohmann::json;

json optionalNumber(const std::optional<double>& value)
{
    return value ? json(*value) : json(nullptr);
}

} // namespace

namespace {
std::string missingRating(const TrialResponse& response)
{
    if (!response.externalization)
        return "the answer lacks the externalization rating the block asks for";
    if (*response.externalization < 0 || *response.externalization > maximumExternalization)
        return "externalization " + std::to_string(*response.externalization) +
               " is not on the 0-" + std::to_string(maximumExternalization) + " scale";
    return "";
}
} // namespace

namespace {
std::string distanceProblem(double metres)
{
    if (metres >= minimumResponseDistanceM && metres <= maximumResponseDistanceM) return "";
    return "distance " + formatNumber(metres) + " m is not in [" +
           formatNumber(minimumResponseDistanceM) + ", " + formatNumber(maximumResponseDistanceM) +
           "] m";
}

/// A stage map is answered by one placement per instrument, in the trial's order.
std::string missingPlacements(const TrialResponse& response, const PlannedTrial& trial)
{
    const auto& placed = response.placements;
    if (placed.size() != trial.instruments.size())
        return "the answer places " + std::to_string(placed.size()) +
               " instruments; the stage "
               "map has " +
               std::to_string(trial.instruments.size());
    for (size_t i = 0; i < placed.size(); ++i) {
        const std::string which = "placement " + std::to_string(i + 1) + " ";
        if (placed[i].stimulus != trial.instruments[i].stimulus)
            return which + "is of '" + placed[i].stimulus + "', the instrument there is '" +
                   trial.instruments[i].stimulus + "'";
        if (!(std::abs(placed[i].azimuthDeg) <= 360.0))
            return which + "has azimuth " + formatNumber(placed[i].azimuthDeg);
        if (std::string problem = distanceProblem(placed[i].distanceM); !problem.empty())
            return which + "has " + problem;
    }
    return "";
}
} // namespace

std::string missingAnswer(const TrialResponse& response, const PlannedTrial& trial)
{
    const std::string& mode = trial.responseMode;
    for (const std::string& also : trial.alsoAsk)
        if (also == "externalization")
            if (std::string missing = missingRating(response); !missing.empty()) return missing;
    if (mode == "externalization") return missingRating(response);
    if (mode == "stage-map") return missingPlacements(response, trial);
    if (mode == "width-edges")
        return response.leftEdgeDeg && response.rightEdgeDeg
                   ? ""
                   : "the answer lacks the edges the block asks for (width-edges)";
    if (!response.azimuthDeg)
        return "the answer lacks the azimuth the block asks for (" + mode + ")";
    if ((mode == "azimuth-elevation" || mode == "head-pointing") && !response.elevationDeg)
        return "the answer lacks the elevation the block asks for";
    if (mode == "azimuth-distance") {
        if (!response.distanceM) return "the answer lacks the distance the block asks for";
        return distanceProblem(*response.distanceM);
    }
    return "";
}

namespace {
std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ",") + item;
    return text;
}
} // namespace

std::string recordDiffersFromPlan(const TrialRecord& record, const PlannedTrial& planned)
{
    const PlannedTrial& recorded = record.trial;
    const std::string trial = "trial " + std::to_string(planned.index) + " ";
    auto text = [&](const char* field, const std::string& got,
                    const std::string& expected) -> std::string {
        return got == expected
                   ? ""
                   : trial + "records " + field + " '" + got + "', planned '" + expected + "'";
    };
    auto number = [&](const char* field, double got, double expected) -> std::string {
        return got == expected ? ""
                               : trial + "records " + field + " " + formatNumber(got) +
                                     ", planned " + formatNumber(expected);
    };
    for (const std::string& difference :
         {text("blockId", recorded.blockId, planned.blockId),
          text("kind", recorded.kind, planned.kind),
          text("responseMode", recorded.responseMode, planned.responseMode),
          text("alsoAsk", joined(recorded.alsoAsk), joined(planned.alsoAsk)),
          text("stimulus", recorded.stimulus, planned.stimulus),
          text("model", recorded.model, planned.model),
          text("device", recorded.device, planned.device),
          number("azimuthDeg", recorded.azimuthDeg, planned.azimuthDeg),
          number("elevationDeg", recorded.elevationDeg, planned.elevationDeg),
          number("widthDeg", recorded.widthDeg, planned.widthDeg),
          number("distanceM", recorded.distanceM, planned.distanceM),
          number("repetition", recorded.repetition, planned.repetition),
          text("training", recorded.training ? "true" : "false",
               planned.training ? "true" : "false"),
          number("distractors", double(recorded.distractors.size()),
                 double(planned.distractors.size())),
          text("ensemble", recorded.ensemble, planned.ensemble),
          text("headTracking", recorded.headTracking ? "on" : "off",
               planned.headTracking ? "on" : "off")})
        if (!difference.empty()) return difference;
    for (size_t i = 0; i < planned.distractors.size(); ++i) {
        const PlannedDistractor &got = recorded.distractors[i], &expected = planned.distractors[i];
        if (got.stimulus != expected.stimulus || got.azimuthDeg != expected.azimuthDeg ||
            got.elevationDeg != expected.elevationDeg)
            return trial + "records distractor " + std::to_string(i + 1) +
                   " differently from the plan";
    }
    if (recorded.instruments != planned.instruments)
        return trial + "records the ensemble's instruments differently from the plan";
    if (const std::string missing = missingAnswer(record.response, planned); !missing.empty())
        return trial + "is recorded without an answer: " + missing;
    return "";
}

std::vector<TrialRecord> perInstrumentRecords(const TrialRecord& record)
{
    if (record.trial.instruments.empty() || record.trial.responseMode != "stage-map")
        return {record};
    // One copy without the lists, then a row per instrument from it; the response holds only
    // what the placement says.
    TrialRecord base = record;
    base.trial.instruments.clear();
    base.response = TrialResponse{};
    std::vector<TrialRecord> records;
    for (size_t i = 0; i < record.trial.instruments.size(); ++i) {
        TrialRecord one = base;
        const EnsembleInstrument& instrument = record.trial.instruments[i];
        one.trial.stimulus = instrument.stimulus;
        one.trial.azimuthDeg = instrument.azimuthDeg;
        one.trial.elevationDeg = 0.0;
        one.trial.distanceM = instrument.distanceM;
        if (i < record.response.placements.size()) {
            one.response.azimuthDeg = record.response.placements[i].azimuthDeg;
            one.response.distanceM = record.response.placements[i].distanceM;
        }
        records.push_back(std::move(one));
    }
    return records;
}

json trialRecordToJson(const TrialRecord& record)
{
    json object = plannedTrialToJson(record.trial);
    object["type"] = "trial";
    object["response"] = {{"azimuthDeg", optionalNumber(record.response.azimuthDeg)},
                          {"elevationDeg", optionalNumber(record.response.elevationDeg)},
                          {"leftEdgeDeg", optionalNumber(record.response.leftEdgeDeg)},
                          {"rightEdgeDeg", optionalNumber(record.response.rightEdgeDeg)}};
    // Only where asked: records of the older modes stay as they were.
    if (record.response.distanceM) object["response"]["distanceM"] = *record.response.distanceM;
    if (record.response.externalization)
        object["response"]["externalization"] = *record.response.externalization;
    if (!record.response.placements.empty()) {
        json placements = json::array();
        for (const EnsembleInstrument& placement : record.response.placements)
            placements.push_back({{"stimulus", placement.stimulus},
                                  {"azimuthDeg", placement.azimuthDeg},
                                  {"distanceM", placement.distanceM}});
        object["response"]["placements"] = std::move(placements);
    }
    object["responseTimeS"] = record.responseTimeS;
    object["onsetFrame"] = record.onsetFrame;
    object["replays"] = record.replays;
    if (record.solos) object["solos"] = record.solos;
    object["lateCallbacks"] = record.lateCallbacks;
    object["underruns"] = record.underruns;
    object["levelLufs"] = record.levelLufs;
    object["gainDb"] = record.gainDb;
    if (record.deviceCompensationDb) object["deviceCompensationDb"] = *record.deviceCompensationDb;
    if (record.deviceLevelOffsetDb) object["deviceLevelOffsetDb"] = *record.deviceLevelOffsetDb;
    object["answeredAt"] = record.answeredAt;
    if (!record.factors.empty()) object["factors"] = record.factors;
    if (record.head) {
        json samples = json::array();
        for (const auto& sample : record.head->samples)
            samples.push_back({sample[0], sample[1], sample[2], sample[3]});
        object["head"] = {{"yawRangeDeg", record.head->yawRangeDeg},
                          {"meanAbsYawDeg", record.head->meanAbsYawDeg},
                          {"samples", std::move(samples)}};
    }
    return object;
}

HeadMotion summarizeHeadMotion(std::vector<std::array<double, 4>> samples)
{
    HeadMotion motion;
    if (samples.size() > maximumHeadSamples)
        samples.erase(samples.begin(),
                      samples.begin() + std::ptrdiff_t(samples.size() - maximumHeadSamples));
    motion.sampleCount = samples.size();
    if (!samples.empty()) {
        // The range follows the head through +-180 (yaw is wrapped): 170 then -170 is a turn
        // of 20 deg, not 340.
        double unwrapped = samples.front()[1], lowest = unwrapped, highest = unwrapped, sum = 0.0;
        double previous = samples.front()[1];
        for (const auto& sample : samples) {
            double step = std::fmod(sample[1] - previous + 540.0, 360.0) - 180.0;
            if (step == -180.0) step = 180.0;
            unwrapped += step;
            previous = sample[1];
            lowest = std::min(lowest, unwrapped);
            highest = std::max(highest, unwrapped);
            sum += std::abs(sample[1]);
        }
        motion.yawRangeDeg = highest - lowest;
        motion.meanAbsYawDeg = sum / double(samples.size());
    }
    motion.samples = std::move(samples);
    return motion;
}

} // namespace stagelab
