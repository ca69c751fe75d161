#pragma once
/// Models with parameters: an experiment's named variants ("models": {"speakers-narrow":
/// {"model": "virtual-speakers", "speakerAzimuthDeg": 15, "room": "living-room"}}), or what the
/// CLI's options describe. A variant is a model, the parameters it takes, and the room it
/// renders in; it is validated with JSON paths and recorded in full in session headers.

#include "spatial/room.h"
#include "spatial/spatial_model.h"
#include "util/json_reader.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace stagelab {

struct ModelVariant
{
    std::string name;  ///< What trials call it: the variant's name, or the model's own.
    std::string model; ///< The model it is a variant of (a modelDescriptions() name).
    // Parameters, each taken by one model; unset = the model's default (ModelSettings).
    std::optional<double> speakerAzimuthDeg, speakerDistanceM; ///< virtual-speakers
    std::optional<double> headRadiusM;                         ///< spherical-head
    std::optional<double> cutoffHz, levelDb;                   ///< crossfeed
    /// The room as named ("" = none given; "anechoic"; a preset, an experiment's room or a
    /// file) and as read (unset for "" and "anechoic"). Without one, virtual-speakers plays in
    /// its built-in room, and with "anechoic" in none.
    std::string roomName;
    std::optional<RoomSpec> room;

    /// The settings the model is built with: `base` (rate, block, HRTF) with these parameters.
    ModelSettings settings(ModelSettings base) const;
    /// In full, for session headers: the model, every parameter with its value in effect, and
    /// the room's whole document.
    nlohmann::json toJson() const;
};

/// The model `name` with its defaults and no room.
ModelVariant plainModel(const std::string& name);

/// Resolves a variant's "room" value (a string or an inline object) at `path`, reporting its
/// problems through the reader; nullopt for "anechoic" or a problem.
using RoomResolver =
    std::function<std::optional<RoomSpec>(const nlohmann::json& value, const std::string& path)>;

/// Reads the variant `name` from `value` at `path`: its "model" (a known model, not another
/// variant), only the parameters that model takes, each within the range the model accepts,
/// and its room (loudspeakers inside it). Reports every problem; nullopt if there was any.
std::optional<ModelVariant> readModelVariant(JsonReader& reader, const nlohmann::json& value,
                                             const std::string& path, const std::string& name,
                                             const RoomResolver& resolveRoom);

/// The names of the models, comma-separated, for messages.
std::string knownModelNames();
/// Whether `name` is a model of modelDescriptions().
bool isModelName(const std::string& name);

} // namespace stagelab
