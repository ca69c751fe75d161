#pragma once
/// Shoebox rooms: their description (a preset or a "stagelab.room/1" file), their acoustics by
/// the classical formulae (Eyring's and Sabine's reverberation times, critical distance, the
/// direct-to-reverberant ratio), and their image sources (Allen & Berkley 1979).
///
/// Room coordinates: x along the room's length, y across its width, z up, the origin in the
/// corner where the back wall (x = 0), the right wall (y = 0) and the floor meet. The listener
/// stands at `listenerM` and faces `listenerYawDeg` (0 = +x, +90 = +y: counter-clockwise, as
/// SOFA azimuths), so a source at azimuth +90 deg is towards +y when the yaw is 0.

#include "spatial/acoustics.h"
#include "spatial/direction.h"
#include "util/json_reader.h"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

/// The six walls, in this order everywhere (absorption arrays, wall-hit counts).
enum class Wall { Back, Front, Right, Left, Floor, Ceiling };
inline constexpr int wallCount = 6;
/// "back", "front", "right", "left", "floor", "ceiling".
const char* wallName(int wall);

/// The value of the "format" field of a room file.
inline constexpr const char* roomFormat = "stagelab.room/1";

struct RoomSpec
{
    std::string id;     ///< Preset name or the file's id.
    std::string name;   ///< For people.
    std::string source; ///< "preset" or the file it was read from.
    double lengthM = 5.0, widthM = 4.0, heightM = 2.8;
    Vector3 listenerM{2.0, 2.0, 1.2};
    double listenerYawDeg = 0.0;
    /// Energy absorption coefficient per wall and octave band (filled from targetRt60S when
    /// the room is given by its reverberation time).
    std::array<OctaveValues, wallCount> absorption{};
    /// The reverberation time the room was asked for, if it was given that way.
    std::optional<OctaveValues> targetRt60S;
    int reflectionOrder = 3; ///< Image sources up to this order, 0..6.
    nlohmann::json document; ///< The room as a file would hold it (for session headers).
};

/// The names `loadRoom` knows besides files: anechoic, studio, living-room, hall.
const std::vector<std::string>& roomPresetNames();

/// A preset by name or a room file by path. "anechoic" (and "") give nullopt: no room. Throws
/// Error naming the file and every bad field (with its JSON path), or the unknown name.
std::optional<RoomSpec> loadRoom(const std::string& nameOrPath);

/// Reads a room from its JSON into `reader`'s errors (paths under `pathPrefix`; an inline room,
/// with a prefix, needs no "format" or "id"); nullopt if it had any problem.
std::optional<RoomSpec> readRoom(JsonReader& reader, const nlohmann::json& document,
                                 const std::string& sourceName, const std::string& pathPrefix);

/// Reads a room from its JSON (a file's document, or a room defined inline in an experiment,
/// whose fields are reported under `pathPrefix`). Throws Error listing every problem.
RoomSpec roomFromJson(const nlohmann::json& document, const std::string& sourceName,
                      const std::string& pathPrefix = "");

/// 24 ln(10) / c: Sabine's constant, 0.161 s/m at 343.2 m/s.
inline constexpr double sabineConstantSPerM = 24.0 * 2.302585092994046 / speedOfSoundMPerS;
double roomVolumeM3(const RoomSpec& room);
/// Areas of the six walls, in Wall order.
std::array<double, wallCount> wallAreasM2(const RoomSpec& room);

/// The classical acoustics of a room, per octave band.
struct RoomAcoustics
{
    double volumeM3 = 0, surfaceM2 = 0;
    OctaveValues meanAbsorption{};    ///< Area-weighted mean of the walls' coefficients.
    OctaveValues equivalentAreaM2{};  ///< Eyring's A = -S ln(1 - mean alpha) + 4 m V.
    OctaveValues rt60S{};             ///< Eyring (with the air's absorption): what is rendered.
    OctaveValues sabineRt60S{};       ///< Sabine, for comparison.
    OctaveValues criticalDistanceM{}; ///< sqrt(A / 16 pi): direct and reverberant energy equal.
    double mixingTimeS = 0;           ///< Perceptual mixing time, sqrt(V) ms (Polack).
};
RoomAcoustics roomAcoustics(const RoomSpec& room);

/// Where a source at `direction` and `distanceM` from the listener's head is in the room.
Vector3 roomPosition(const RoomSpec& room, const Direction& direction, double distanceM);
/// Throws Error (naming `what`, the position and the wall it crosses) unless `position` lies
/// inside the room, at least 5 cm from every wall.
void checkInsideRoom(const RoomSpec& room, const Vector3& position, const std::string& what);

/// The same for a source `widthDeg` wide around `centre` at `distanceM`: every point of its arc
/// (every degree, and the edges; 360 or more is the whole circle) must be inside.
void checkArcInsideRoom(const RoomSpec& room, const Direction& centre, double widthDeg,
                        double distanceM, const std::string& what);

/// One mirror image of a source.
struct ImageSource
{
    int order = 0;                     ///< Reflections on its path (0 = the direct sound).
    std::array<int, wallCount> hits{}; ///< Reflections on each wall.
    double distanceM = 0;              ///< Path length to the listener's head centre.
    Direction arrival;                 ///< Direction it arrives from, relative to the head.
    OctaveValues reflectance{};        ///< Product of the walls' pressure reflection factors.
};

/// The earliest the late tail takes over after a source emits: its own delay (the shortest
/// feedback-network line, 6 ms, and its linear-phase diffuse filters, 21 ms) is 27 ms, so image
/// sources of every order cover at least the first 30 ms.
inline constexpr double minimumLateTailStartS = 0.030;

/// A source's image sources that arrive before the late tail takes over, and the time it does.
struct ImageSourceSet
{
    std::vector<ImageSource> early; ///< Every image before tailStartM, in order of arrival.
    /// Path length of the first image of a higher order than the room's reflection order (from
    /// there the image set would be incomplete and the statistical tail stands in for it), or
    /// minimumLateTailStartS of path if that is later (images of any order fill the gap).
    double tailStartM = 0;
};
ImageSourceSet imageSources(const RoomSpec& room, const Vector3& sourceM);

/// The energy of the statistical late tail after `tailStartM` of path, relative to the direct
/// sound of the same source at 1 m (diffuse-field theory: the reverberant energy arrives at
/// 4 pi c / V per second and decays at the band's reverberation time).
OctaveValues lateTailEnergy(const RoomSpec& room, const RoomAcoustics& acoustics,
                            double tailStartM);

/// Direct-to-reverberant ratio per band for a source at `direction`, `distanceM`, in dB: as
/// rendered (direct sound against image sources plus the tail, air absorption beyond
/// `referenceM` on every path) and by diffuse-field theory, 10 log10(A / (16 pi r^2)).
struct DirectToReverberant
{
    OctaveValues renderedDb{};
    OctaveValues theoryDb{};
};
DirectToReverberant directToReverberant(const RoomSpec& room, const Direction& direction,
                                        double distanceM, double referenceM);

/// What `room-info` prints, as text or JSON, for sources straight ahead at `distancesM`.
std::string describeRoom(const RoomSpec& room, const std::vector<double>& distancesM,
                         double referenceM);
nlohmann::json roomInfoJson(const RoomSpec& room, const std::vector<double>& distancesM,
                            double referenceM);

} // namespace stagelab
