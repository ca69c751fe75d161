#pragma once
/// A model variant made ready for scenes: the model built with its parameters, and its room
/// prepared for it (off the audio thread; both immutable and shared by every scene using them).

#include "render/prepared_room.h"
#include "spatial/model_variant.h"

#include <memory>

namespace stagelab {

struct PreparedModel
{
    std::shared_ptr<const SpatialModel> model;
    std::shared_ptr<const PreparedRoom> room; ///< Null: anechoic (or virtual-speakers' own).
};

/// Builds `variant` with `base` settings (rate, block, HRTF). A room is prepared for the model;
/// virtual-speakers in a room hears its speakers through an HRTF model in that room: each
/// speaker's response is its direct sound and the room's reflections of it, and the room's late
/// tail is prepared for that HRTF model. Throws Error naming what failed.
PreparedModel prepareModel(const ModelVariant& variant, const ModelSettings& base);

} // namespace stagelab
