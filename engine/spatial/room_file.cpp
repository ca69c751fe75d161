// Rooms as files and presets: reading stagelab.room/1 (every problem with its JSON path), and the
// presets, written as room files would be and read through the same validation.

#include "spatial/room.h"

#include "util/error.h"
#include "util/files.h"
#include "util/json_document.h"
#include "util/json_reader.h"
#include "util/number_format.h"

#include <cmath>
#include <filesystem>

namespace stagelab {

namespace {
using Json = nlohmann::json;

/// The presets, written as room files would be: read through the same validation.
const char* presetText(const std::string& name)
{
    if (name == "studio")
        return R"json({"format": "stagelab.room/1", "id": "studio",
          "name": "Small treated studio (RT60 about 0.3 s)",
          "sizeM": [6.0, 4.8, 2.8], "listener": {"positionM": [2.6, 2.4, 1.2], "yawDeg": 0},
          "rt60S": [0.38, 0.33, 0.30, 0.28, 0.28, 0.27, 0.25], "reflectionOrder": 3})json";
    if (name == "living-room")
        return R"json({"format": "stagelab.room/1", "id": "living-room",
          "name": "Furnished living room (RT60 about 0.5 s)",
          "sizeM": [6.5, 5.0, 2.6], "listener": {"positionM": [2.8, 2.5, 1.2], "yawDeg": 0},
          "rt60S": [0.60, 0.55, 0.50, 0.50, 0.48, 0.45, 0.40], "reflectionOrder": 3})json";
    if (name == "hall")
        return R"json({"format": "stagelab.room/1", "id": "hall",
          "name": "Concert hall (RT60 about 1.8 s)",
          "sizeM": [36.0, 24.0, 14.0], "listener": {"positionM": [14.0, 12.0, 1.2], "yawDeg": 0},
          "rt60S": [2.2, 2.0, 1.9, 1.8, 1.7, 1.5, 1.2], "reflectionOrder": 3})json";
    return nullptr;
}

/// A number or one per octave band.
std::optional<OctaveValues> readBands(JsonReader& reader, const Json& value,
                                      const std::string& path, double minimum, double maximum)
{
    OctaveValues values{};
    if (value.is_number()) {
        auto number = reader.asNumber(value, path, minimum, maximum);
        if (!number) return std::nullopt;
        values.fill(*number);
        return values;
    }
    if (!value.is_array() || value.size() != size_t(octaveBandCount)) {
        reader.error(path, "must be a number or an array of 7 numbers (125 Hz to 8 kHz)");
        return std::nullopt;
    }
    bool ok = true;
    for (size_t b = 0; b < values.size(); ++b) {
        auto number = reader.asNumber(value[b], JsonReader::child(path, b), minimum, maximum);
        ok = ok && number.has_value();
        values[b] = number.value_or(0.0);
    }
    return ok ? std::optional(values) : std::nullopt;
}

std::optional<std::array<double, 3>> readTriple(JsonReader& reader, const Json& value,
                                                const std::string& path, double minimum,
                                                double maximum)
{
    if (!value.is_array() || value.size() != 3) {
        reader.error(path, "must be an array of 3 numbers (x, y, z in metres)");
        return std::nullopt;
    }
    std::array<double, 3> triple{};
    bool ok = true;
    for (size_t i = 0; i < 3; ++i) {
        auto number = reader.asNumber(value[i], JsonReader::child(path, i), minimum, maximum);
        ok = ok && number.has_value();
        triple[i] = number.value_or(0.0);
    }
    return ok ? std::optional(triple) : std::nullopt;
}

/// Eyring inverted: the uniform wall absorption that gives `rt60S` in every band.
void absorptionFromRt60(RoomSpec& room, JsonReader& reader, const std::string& path)
{
    const double v = roomVolumeM3(room);
    double s = 0.0;
    for (double area : wallAreasM2(room))
        s += area;
    for (int b = 0; b < octaveBandCount; ++b) {
        const double t = (*room.targetRt60S)[size_t(b)];
        const double fc = octaveBandCentresHz[size_t(b)];
        const double air = 4.0 * airEnergyAttenuationPerM(fc) * v;
        const double walls = sabineConstantSPerM * v / t - air;
        const std::string band = JsonReader::child(path, size_t(b));
        if (walls <= 0.0) {
            reader.error(band, formatNumber(t) + " s at " + formatNumber(fc) +
                                   " Hz is longer than the air alone allows in this room (" +
                                   formatNumberFixed(sabineConstantSPerM * v / air, 3) + " s)");
            continue;
        }
        const double mean = 1.0 - std::exp(-walls / s);
        if (mean > 0.99) {
            reader.error(band, formatNumber(t) + " s at " + formatNumber(fc) +
                                   " Hz is shorter than even fully absorbing walls give");
            continue;
        }
        for (auto& wall : room.absorption)
            wall[size_t(b)] = mean;
    }
}

} // namespace

const char* wallName(int wall)
{
    static const char* names[wallCount] = {"back", "front", "right", "left", "floor", "ceiling"};
    return names[wall];
}

const std::vector<std::string>& roomPresetNames()
{
    static const std::vector<std::string> names = {"anechoic", "studio", "living-room", "hall"};
    return names;
}

std::optional<RoomSpec> readRoom(JsonReader& reader, const Json& document,
                                 const std::string& sourceName, const std::string& pathPrefix)
{
    const size_t errorsBefore = reader.errorCount();
    RoomSpec room;
    room.source = sourceName;
    const std::string& p = pathPrefix;
    if (reader.object(document, p,
                      {"format", "id", "name", "sizeM", "listener", "rt60S", "absorption",
                       "reflectionOrder"})) {
        if (const Json* format = reader.member(document, p, "format", pathPrefix.empty()))
            if (auto text = reader.asString(*format, p + "/format"); text && *text != roomFormat)
                reader.error(p + "/format",
                             "must be \"" + std::string(roomFormat) + "\", not \"" + *text + "\"");
        if (const Json* id = reader.member(document, p, "id", pathPrefix.empty()))
            room.id = reader.asIdentifier(*id, p + "/id").value_or("");
        room.name = room.id;
        if (const Json* name = reader.member(document, p, "name", false))
            room.name = reader.asString(*name, p + "/name").value_or(room.id);
        bool sized = false;
        if (const Json* size = reader.member(document, p, "sizeM", true))
            if (auto triple = readTriple(reader, *size, p + "/sizeM", 1.5, 200.0)) {
                room.lengthM = (*triple)[0];
                room.widthM = (*triple)[1];
                room.heightM = (*triple)[2];
                sized = true;
            }
        if (const Json* listener = reader.member(document, p, "listener", true);
            listener && reader.object(*listener, p + "/listener", {"positionM", "yawDeg"})) {
            if (const Json* yaw = reader.member(*listener, p + "/listener", "yawDeg", false))
                room.listenerYawDeg =
                    reader.asNumber(*yaw, p + "/listener/yawDeg", -360, 360).value_or(0.0);
            if (const Json* position = reader.member(*listener, p + "/listener", "positionM", true))
                if (auto xyz = readTriple(reader, *position, p + "/listener/positionM", 0, 200)) {
                    room.listenerM = {(*xyz)[0], (*xyz)[1], (*xyz)[2]};
                    const double limits[3] = {room.lengthM, room.widthM, room.heightM};
                    for (int axis = 0; axis < 3 && sized; ++axis)
                        if ((*xyz)[size_t(axis)] < 0.1 || (*xyz)[size_t(axis)] > limits[axis] - 0.1)
                            reader.error(JsonReader::child(p + "/listener/positionM", size_t(axis)),
                                         formatNumber((*xyz)[size_t(axis)]) +
                                             " m puts the listener's head within 10 cm of a wall "
                                             "(the room is " +
                                             formatNumber(limits[axis]) + " m that way)");
                }
        }
        if (const Json* order = reader.member(document, p, "reflectionOrder", false))
            room.reflectionOrder =
                int(reader.asInteger(*order, p + "/reflectionOrder", 0, 6).value_or(3));
        const Json* rt60 = reader.member(document, p, "rt60S", false);
        const Json* absorption = reader.member(document, p, "absorption", false);
        if ((rt60 == nullptr) == (absorption == nullptr))
            reader.error(p, "give either \"rt60S\" (the reverberation time) or \"absorption\" "
                            "(the walls), not both or neither");
        else if (rt60) {
            room.targetRt60S = readBands(reader, *rt60, p + "/rt60S", 0.05, 20.0);
            if (room.targetRt60S && sized) absorptionFromRt60(room, reader, p + "/rt60S");
        } else if (absorption->is_object()) {
            const std::string path = p + "/absorption";
            if (reader.object(*absorption, path,
                              {"default", "back", "front", "right", "left", "floor", "ceiling"})) {
                std::optional<OctaveValues> fallback;
                if (const Json* all = reader.member(*absorption, path, "default", false))
                    fallback = readBands(reader, *all, path + "/default", 0.01, 0.99);
                for (int wall = 0; wall < wallCount; ++wall) {
                    const Json* value = reader.member(*absorption, path, wallName(wall), false);
                    std::optional<OctaveValues> bands =
                        value ? readBands(reader, *value, path + "/" + wallName(wall), 0.01, 0.99)
                              : fallback;
                    if (!value && !fallback)
                        reader.error(path, std::string("no absorption for the ") + wallName(wall) +
                                               " wall (and no \"default\")");
                    room.absorption[size_t(wall)] = bands.value_or(OctaveValues{});
                }
            }
        } else if (auto bands = readBands(reader, *absorption, p + "/absorption", 0.01, 0.99)) {
            room.absorption.fill(*bands);
        }
        // Walls given by their absorption: the reverberation time they make must lie where a
        // reverberation time may be given (0.05-20 s), or the tail cannot be rendered.
        if (absorption && !rt60 && sized && reader.errorCount() == errorsBefore) {
            const RoomAcoustics acoustics = roomAcoustics(room);
            for (int b = 0; b < octaveBandCount; ++b) {
                const double t60 = acoustics.rt60S[size_t(b)];
                if (t60 < 0.05 || t60 > 20.0)
                    reader.error(p + "/absorption",
                                 "gives an RT60 of " + formatNumberFixed(t60, 3) + " s at " +
                                     formatNumber(octaveBandCentresHz[size_t(b)]) +
                                     " Hz, outside 0.05-20 s");
            }
        }
    }
    if (reader.errorCount() != errorsBefore) return std::nullopt;
    room.document = document;
    return room;
}

RoomSpec roomFromJson(const Json& document, const std::string& sourceName,
                      const std::string& pathPrefix)
{
    std::vector<ValidationError> errors;
    JsonReader reader(errors);
    std::optional<RoomSpec> room = readRoom(reader, document, sourceName, pathPrefix);
    if (!room) {
        std::string text = sourceName + " is not a valid room:";
        for (const ValidationError& error : errors)
            text += "\n" + sourceName + ": " + (error.jsonPath.empty() ? "/" : error.jsonPath) +
                    ": " + error.message;
        throw Error(text);
    }
    return *room;
}

std::optional<RoomSpec> loadRoom(const std::string& nameOrPath)
{
    if (nameOrPath.empty() || nameOrPath == "anechoic") return std::nullopt;
    if (const char* preset = presetText(nameOrPath)) {
        RoomSpec room = roomFromJson(parseJsonDocument(preset), "room preset '" + nameOrPath + "'");
        room.source = "preset";
        return room;
    }
    if (!std::filesystem::exists(nameOrPath)) {
        std::string known;
        for (const std::string& name : roomPresetNames())
            known += (known.empty() ? "" : ", ") + name;
        throw Error("room '" + nameOrPath + "' is neither a preset (" + known +
                    ") nor an existing file");
    }
    // 1 MiB: a room file is a few hundred bytes.
    const std::string text = readTextFile(nameOrPath, 1u << 20, "room file");
    Json document;
    try {
        document = parseJsonDocument(text);
    } catch (const JsonSyntaxError& error) {
        throw Error(nameOrPath + ": not a valid JSON document: " + error.what());
    }
    return roomFromJson(document, nameOrPath);
}

} // namespace stagelab
