#include "results/session_record.h"

#include "util/error.h"

namespace stagelab {

namespace {
using nlohmann::json;

json optionalNumber(const std::optional<double>& value)
{
    return value ? json(*value) : json(nullptr);
}

} // namespace

json trialRecordToJson(const TrialRecord& record)
{
    json object = plannedTrialToJson(record.trial);
    object["type"] = "trial";
    object["response"] = {{"azimuthDeg", optionalNumber(record.response.azimuthDeg)},
                          {"elevationDeg", optionalNumber(record.response.elevationDeg)},
                          {"leftEdgeDeg", optionalNumber(record.response.leftEdgeDeg)},
                          {"rightEdgeDeg", optionalNumber(record.response.rightEdgeDeg)}};
    object["responseTimeS"] = record.responseTimeS;
    object["onsetFrame"] = record.onsetFrame;
    object["replays"] = record.replays;
    object["lateCallbacks"] = record.lateCallbacks;
    object["underruns"] = record.underruns;
    object["levelLufs"] = record.levelLufs;
    object["gainDb"] = record.gainDb;
    if (record.deviceCompensationDb) object["deviceCompensationDb"] = *record.deviceCompensationDb;
    if (record.deviceLevelOffsetDb) object["deviceLevelOffsetDb"] = *record.deviceLevelOffsetDb;
    object["answeredAt"] = record.answeredAt;
    if (!record.factors.empty()) object["factors"] = record.factors;
    return object;
}

} // namespace stagelab
