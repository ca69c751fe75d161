#include "results/session_record.h"

#include "util/error.h"

#include <chrono>
#include <ctime>

namespace stagelab {

namespace {
using nlohmann::json;

json optionalNumber(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

std::optional<double> readOptional(const json& object, const char* key)
{
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return std::nullopt;
    return found->get<double>();
}

const json& member(const json& object, const char* key)
{
    const auto found = object.find(key);
    if (found == object.end())
        throw Error(std::string("missing field '") + key + "'");
    return *found;
}

template <typename T>
T field(const json& object, const char* key)
{
    const json& value = member(object, key);
    try {
        return value.get<T>();
    } catch (const json::exception&) {
        throw Error(std::string("field '") + key + "' has the wrong type");
    }
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
    object["answeredAt"] = record.answeredAt;
    if (!record.factors.empty())
        object["factors"] = record.factors;
    return object;
}

TrialRecord trialRecordFromJson(const json& object)
{
    TrialRecord record;
    record.trial = plannedTrialFromJson(object);
    const json& response = member(object, "response");
    record.response.azimuthDeg = readOptional(response, "azimuthDeg");
    record.response.elevationDeg = readOptional(response, "elevationDeg");
    record.response.leftEdgeDeg = readOptional(response, "leftEdgeDeg");
    record.response.rightEdgeDeg = readOptional(response, "rightEdgeDeg");
    record.responseTimeS = field<double>(object, "responseTimeS");
    record.onsetFrame = field<int64_t>(object, "onsetFrame");
    record.replays = field<int>(object, "replays");
    record.lateCallbacks = object.value("lateCallbacks", 0);
    record.underruns = object.value("underruns", 0);
    record.levelLufs = object.value("levelLufs", 0.0);
    record.gainDb = object.value("gainDb", 0.0);
    record.answeredAt = object.value("answeredAt", "");
    if (object.contains("factors") && object["factors"].is_object())
        for (const auto& [name, value] : object["factors"].items())
            record.factors[name] = value.is_string() ? value.get<std::string>() : value.dump();
    return record;
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
