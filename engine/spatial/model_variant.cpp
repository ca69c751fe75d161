#include "spatial/model_variant.h"

#include "spatial/models/models.h"
#include "util/error.h"
#include "util/number_format.h"

#include <cmath>

namespace stagelab {

using Json = nlohmann::json;

std::string knownModelNames()
{
    std::string known;
    for (const ModelDescription& description : modelDescriptions())
        known += (known.empty() ? "" : ", ") + description.name;
    return known;
}

bool isModelName(const std::string& name)
{
    for (const ModelDescription& description : modelDescriptions())
        if (description.name == name) return true;
    return false;
}

ModelVariant plainModel(const std::string& name)
{
    ModelVariant variant;
    variant.name = name;
    variant.model = name;
    return variant;
}

ModelSettings ModelVariant::settings(ModelSettings base) const
{
    if (speakerAzimuthDeg) base.speakerAzimuthDeg = *speakerAzimuthDeg;
    if (speakerDistanceM) base.speakerDistanceM = *speakerDistanceM;
    if (headRadiusM) base.headRadiusM = *headRadiusM;
    if (cutoffHz) base.crossfeedCutoffHz = *cutoffHz;
    if (levelDb) base.crossfeedLevelDb = *levelDb;
    // virtual-speakers told "anechoic" plays its speakers without a room at all.
    if (model == "virtual-speakers" && roomName == "anechoic") base.room.reflectionOrder = 0;
    return base;
}

Json ModelVariant::toJson() const
{
    const ModelSettings defaults;
    const ModelSettings used = settings(defaults);
    Json json = {{"name", name}, {"model", model}};
    if (model == "virtual-speakers") {
        json["speakerAzimuthDeg"] = used.speakerAzimuthDeg;
        json["speakerDistanceM"] = used.speakerDistanceM;
    } else if (model == "spherical-head") {
        json["headRadiusM"] = used.headRadiusM;
    } else if (model == "crossfeed") {
        json["cutoffHz"] = used.crossfeedCutoffHz;
        json["levelDb"] = used.crossfeedLevelDb;
    }
    if (room)
        json["room"] = room->document;
    else if (roomName == "anechoic")
        json["room"] = "anechoic";
    else if (model == "virtual-speakers")
        json["room"] = "built-in"; // RoomSettings: what virtual-speakers always rendered
    else
        json["room"] = "anechoic";
    return json;
}

namespace {

/// Reads `key` of `value` if present, as a number in [minimum, maximum].
void readNumber(JsonReader& reader, const Json& value, const std::string& path, const char* key,
                double minimum, double maximum, std::optional<double>& into, bool& good)
{
    const Json* member = reader.member(value, path, key, false);
    if (!member) return;
    into = reader.asNumber(*member, JsonReader::child(path, key), minimum, maximum);
    if (!into) good = false;
}

} // namespace

std::optional<ModelVariant> readModelVariant(JsonReader& reader, const Json& value,
                                             const std::string& path, const std::string& name,
                                             const RoomResolver& resolveRoom)
{
    ModelVariant variant;
    variant.name = name;
    if (!value.is_object()) {
        reader.error(path, "must be an object with a \"model\" and its parameters");
        return std::nullopt;
    }
    const Json* model = reader.member(value, path, "model", true);
    if (!model) return std::nullopt;
    const auto base = reader.asString(*model, path + "/model");
    if (!base) return std::nullopt;
    if (!isModelName(*base)) {
        reader.error(path + "/model", "unknown model '" + *base +
                                          "' (a variant is of one of: " + knownModelNames() + ")");
        return std::nullopt;
    }
    variant.model = *base;
    // Each model takes its own parameters; another's is a mistake worth naming as such.
    bool good = reader.object(value, path,
                              {"model", "room", "speakerAzimuthDeg", "speakerDistanceM",
                               "headRadiusM", "cutoffHz", "levelDb"});
    const std::pair<const char*, const char*> owners[] = {{"speakerAzimuthDeg", "virtual-speakers"},
                                                          {"speakerDistanceM", "virtual-speakers"},
                                                          {"headRadiusM", "spherical-head"},
                                                          {"cutoffHz", "crossfeed"},
                                                          {"levelDb", "crossfeed"}};
    for (const auto& [key, owner] : owners)
        if (value.contains(key) && variant.model != owner) {
            reader.error(JsonReader::child(path, key), std::string("is a parameter of the ") +
                                                           owner + " model, not of " +
                                                           variant.model);
            good = false;
        }
    // The ranges the models accept (spatial/models): a stereo base inside +-90 deg; speakers
    // beyond arm's length and within a large hall; a head from a child's to a large adult's;
    // libbs2b's own limits, checked for its resolution below.
    readNumber(reader, value, path, "speakerAzimuthDeg", 1.0, 89.0, variant.speakerAzimuthDeg,
               good);
    readNumber(reader, value, path, "speakerDistanceM", 0.5, 20.0, variant.speakerDistanceM, good);
    readNumber(reader, value, path, "headRadiusM", 0.05, 0.15, variant.headRadiusM, good);
    readNumber(reader, value, path, "cutoffHz", 300.0, 2000.0, variant.cutoffHz, good);
    readNumber(reader, value, path, "levelDb", 1.0, 15.0, variant.levelDb, good);
    if (variant.cutoffHz && *variant.cutoffHz != std::round(*variant.cutoffHz)) {
        reader.error(path + "/cutoffHz", "must be a whole number of hertz (libbs2b's resolution)");
        good = false;
    }
    if (variant.levelDb &&
        std::abs(*variant.levelDb * 10.0 - std::round(*variant.levelDb * 10.0)) > 1e-9) {
        reader.error(path + "/levelDb", "must be in steps of 0.1 dB (libbs2b's resolution)");
        good = false;
    }
    if (const Json* room = reader.member(value, path, "room", false)) {
        variant.roomName = room->is_string() ? room->get<std::string>() : "(inline)";
        const size_t errorsBefore = reader.errorCount();
        variant.room = resolveRoom(*room, path + "/room");
        if (reader.errorCount() != errorsBefore) good = false;
        if (variant.room) variant.roomName = variant.room->id;
    }
    if (good && !variant.room && variant.model == "virtual-speakers") {
        try {
            models::checkBuiltInSpeakerPlacement(variant.settings({}));
        } catch (const Error& error) {
            reader.error(path + "/speakerDistanceM", error.what());
            good = false;
        }
    }
    if (variant.room && variant.model == "virtual-speakers") {
        const ModelSettings settings = variant.settings({});
        for (const double sign : {1.0, -1.0}) {
            const Direction direction{sign * settings.speakerAzimuthDeg, 0.0};
            try {
                checkInsideRoom(*variant.room,
                                roomPosition(*variant.room, direction, settings.speakerDistanceM),
                                std::string(sign > 0 ? "the left" : "the right") + " speaker (" +
                                    formatNumber(settings.speakerDistanceM) + " m at " +
                                    formatNumber(direction.azimuthDeg) + " deg)");
            } catch (const Error& error) {
                reader.error(variant.speakerDistanceM ? path + "/speakerDistanceM" : path + "/room",
                             error.what());
                good = false;
                break;
            }
        }
    }
    if (!good) return std::nullopt;
    return variant;
}

} // namespace stagelab
