#pragma once
/// Factories of the individual models (private to the engine; use createModel()).

#include "spatial/spatial_model.h"

namespace stagelab::models {

std::shared_ptr<const SpatialModel> makeHrtfModel(const ModelSettings& settings);
std::shared_ptr<const SpatialModel> makeSphericalHeadModel(const ModelSettings& settings);
std::shared_ptr<const SpatialModel> makeStereoPanModel(const ModelSettings& settings);
std::shared_ptr<const SpatialModel> makeCrossfeedModel(const ModelSettings& settings);
std::shared_ptr<const SpatialModel> makeVirtualSpeakersModel(const ModelSettings& settings);
std::shared_ptr<const SpatialModel> makeDioticModel(const ModelSettings& settings);

/// Throws Error unless virtual-speakers' speakers fit its built-in room (RoomSettings; any
/// placement fits when it has no reflections).
void checkBuiltInSpeakerPlacement(const ModelSettings& settings);

/// Constant-power gains over a ±30° stereo base from the lateral angle (+ = left).
struct PanGains
{
    float left = 0.0f, right = 0.0f;
};
PanGains stereoPanGains(const Direction& direction) noexcept;

} // namespace stagelab::models
