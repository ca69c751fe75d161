#include "results/session_record.h"

#include "util/error.h"

#include <chrono>
#include <ctime>

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

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace stagelab
