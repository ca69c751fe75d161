// The experiment's rooms and named model variants ("rooms", "models"; docs/experiment-format.md).

#include "experiment/experiment_sections.h"

#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>

namespace stagelab {

using Json = nlohmann::json;

namespace {

std::string roomChoices(const Experiment& experiment)
{
    std::string names;
    for (const auto& [id, room] : experiment.rooms)
        names += (names.empty() ? "" : ", ") + id;
    std::string presets;
    for (const std::string& name : roomPresetNames())
        presets += (presets.empty() ? "" : ", ") + name;
    return (names.empty() ? "" : "the experiment's rooms: " + names + "; ") +
           "presets: " + presets + "; or a stagelab.room/1 file beside the experiment";
}

/// A variant's "room": an inline room, the experiment's room of that id, a preset, or a room
/// file beside the experiment (in that order); nullopt for "anechoic" or a problem (reported).
std::optional<RoomSpec> resolveRoom(JsonReader& reader, const Experiment& experiment,
                                    const Json& value, const std::string& path,
                                    const std::string& variantName)
{
    if (value.is_object()) {
        std::optional<RoomSpec> room = readRoom(reader, value, "the experiment", path);
        if (room && room->id.empty()) room->id = variantName;
        return room;
    }
    const auto name = reader.asString(value, path);
    if (!name) return std::nullopt;
    if (name->empty()) {
        reader.error(path, "is empty (" + roomChoices(experiment) + ")");
        return std::nullopt;
    }
    if (const auto found = experiment.rooms.find(*name); found != experiment.rooms.end())
        return found->second;
    const auto& presets = roomPresetNames();
    const bool preset = std::find(presets.begin(), presets.end(), *name) != presets.end();
    std::error_code ignored;
    const std::string file = besideExperiment(experiment.folder, *name).string();
    if (!preset && !std::filesystem::is_regular_file(file, ignored)) {
        reader.error(path, "unknown room '" + *name + "' (" + roomChoices(experiment) + ")");
        return std::nullopt;
    }
    try {
        return loadRoom(preset ? *name : file); // nullopt for "anechoic"
    } catch (const Error& error) {
        reader.error(path, error.what());
        return std::nullopt;
    }
}

void readRooms(JsonReader& reader, const Json& document, Experiment& experiment)
{
    const Json* rooms = reader.member(document, "", "rooms", false);
    if (!rooms) return;
    if (!rooms->is_object()) {
        reader.error("/rooms", "must be an object of rooms by id");
        return;
    }
    for (const auto& [id, value] : rooms->items()) {
        const std::string path = JsonReader::child("/rooms", id);
        if (!reader.asIdentifier(Json(id), path)) continue;
        const auto& presets = roomPresetNames();
        if (std::find(presets.begin(), presets.end(), id) != presets.end()) {
            reader.error(path, "'" + id + "' is a preset's name; give the room a name of its own");
            continue;
        }
        std::optional<RoomSpec> room = readRoom(reader, value, "the experiment", path);
        if (!room) continue;
        if (!room->id.empty() && room->id != id) {
            reader.error(path + "/id", "'" + room->id + "' differs from the room's key '" + id +
                                           "' (leave it out)");
            continue;
        }
        room->id = id;
        experiment.rooms.emplace(id, std::move(*room));
    }
}

} // namespace

/// Every target of the block in a room must be inside it: checked now, not when its trial
/// comes. Targets at the model's reference distance are checked when the session loads its
/// models (the reference is the HRTF set's measurement distance).
void checkTargetsInsideRooms(JsonReader& reader, const Experiment& experiment,
                             const std::string& path, const ExperimentBlock& block)
{
    const BlockFactors& f = block.factors;
    for (const std::string& name : f.model) {
        const ModelVariant variant = experiment.modelVariant(name);
        // Through virtual-speakers a source is a phantom image: only the speakers are in the
        // room.
        if (!variant.room || variant.model == "virtual-speakers") continue;
        for (size_t e = 0; e < f.ensemble.size(); ++e)
            for (size_t i = 0; i < f.ensemble[e].instruments.size(); ++i)
                try {
                    const EnsembleInstrument& instrument = f.ensemble[e].instruments[i];
                    checkArcInsideRoom(*variant.room, {instrument.azimuthDeg, 0.0}, 0.0,
                                       instrument.distanceM,
                                       "'" + instrument.stimulus + "' (model '" + name + "')");
                } catch (const Error& error) {
                    reader.error(JsonReader::child(
                                     JsonReader::child(path + "/ensemble", e) + "/instruments", i),
                                 error.what());
                    return;
                }
        for (size_t d = 0; d < f.distanceM.size(); ++d) {
            if (f.distanceM[d] == 0.0) continue;
            for (const double azimuth : f.azimuthDeg)
                for (const double elevation : f.elevationDeg)
                    for (const double width : f.widthDeg)
                        try {
                            checkArcInsideRoom(*variant.room, {azimuth, elevation}, width,
                                               f.distanceM[d],
                                               "a source of model '" + name + "' at " +
                                                   formatNumber(f.distanceM[d]) + " m, azimuth " +
                                                   formatNumber(azimuth) + " deg");
                        } catch (const Error& error) {
                            reader.error(JsonReader::child(path + "/distanceM", d), error.what());
                            return;
                        }
        }
    }
}

void readModels(JsonReader& reader, const Json& document, Experiment& experiment)
{
    readRooms(reader, document, experiment);
    const Json* models = reader.member(document, "", "models", false);
    if (!models) return;
    if (!models->is_object()) {
        reader.error("/models", "must be an object of model variants by name");
        return;
    }
    for (const auto& [name, value] : models->items()) {
        const std::string path = JsonReader::child("/models", name);
        if (!reader.asIdentifier(Json(name), path)) continue;
        if (isModelName(name)) {
            reader.error(path, "'" + name +
                                   "' is a model's own name; a variant needs a name of its own "
                                   "(e.g. '" +
                                   name + "-studio')");
            continue;
        }
        // A copy: clang 14 cannot capture a structured binding.
        const std::string variantName = name;
        const auto room = [&](const Json& roomValue, const std::string& roomPath) {
            return resolveRoom(reader, experiment, roomValue, roomPath, variantName);
        };
        if (auto variant = readModelVariant(reader, value, path, name, room))
            experiment.models.emplace(name, std::move(*variant));
    }
}

} // namespace stagelab
