#include "spatial/room.h"

#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace stagelab {

namespace {
constexpr double ln1e6 = 13.815510557964274; // ln(10^6): 60 dB of energy decay
constexpr double wallMarginM = 0.05;

Vector3 rotateYaw(const Vector3& v, double yawDeg)
{
    const double a = yawDeg * std::numbers::pi / 180.0;
    return {std::cos(a) * v.x - std::sin(a) * v.y, std::sin(a) * v.x + std::cos(a) * v.y, v.z};
}

/// Coordinate of a source's image along one axis after index n (Allen & Berkley): even n
/// shifts it by n room sizes, odd n mirrors it as well. Reflections on the far wall (at size)
/// come first for n > 0, on the near wall (at 0) for n < 0.
double imageCoordinate(double source, double size, int n)
{
    return n % 2 == 0 ? source + n * size : (n + 1) * size - source;
}
void countHits(int n, int nearWall, int farWall, std::array<int, wallCount>& hits)
{
    const int many = (std::abs(n) + 1) / 2, few = std::abs(n) / 2;
    hits[size_t(farWall)] = n > 0 ? many : few;
    hits[size_t(nearWall)] = n > 0 ? few : many;
}
} // namespace

double roomVolumeM3(const RoomSpec& room)
{
    return room.lengthM * room.widthM * room.heightM;
}

std::array<double, wallCount> wallAreasM2(const RoomSpec& room)
{
    const double front = room.widthM * room.heightM, side = room.lengthM * room.heightM,
                 floor = room.lengthM * room.widthM;
    return {front, front, side, side, floor, floor};
}

RoomAcoustics roomAcoustics(const RoomSpec& room)
{
    RoomAcoustics result;
    result.volumeM3 = roomVolumeM3(room);
    const auto areas = wallAreasM2(room);
    for (double area : areas)
        result.surfaceM2 += area;
    for (int b = 0; b < octaveBandCount; ++b) {
        double absorbed = 0.0;
        for (int wall = 0; wall < wallCount; ++wall)
            absorbed += areas[size_t(wall)] * room.absorption[size_t(wall)][size_t(b)];
        const double mean = absorbed / result.surfaceM2;
        const double air =
            4.0 * airEnergyAttenuationPerM(octaveBandCentresHz[size_t(b)]) * result.volumeM3;
        const double area = -result.surfaceM2 * std::log(1.0 - std::min(mean, 0.999)) + air;
        result.meanAbsorption[size_t(b)] = mean;
        result.equivalentAreaM2[size_t(b)] = area;
        result.rt60S[size_t(b)] = sabineConstantSPerM * result.volumeM3 / area;
        result.sabineRt60S[size_t(b)] = sabineConstantSPerM * result.volumeM3 / (absorbed + air);
        result.criticalDistanceM[size_t(b)] = std::sqrt(area / (16.0 * std::numbers::pi));
    }
    result.mixingTimeS = std::sqrt(result.volumeM3) / 1000.0;
    return result;
}

Vector3 roomPosition(const RoomSpec& room, const Direction& direction, double distanceM)
{
    const Vector3 unit = rotateYaw(toCartesian(direction), room.listenerYawDeg);
    return {room.listenerM.x + distanceM * unit.x, room.listenerM.y + distanceM * unit.y,
            room.listenerM.z + distanceM * unit.z};
}

void checkInsideRoom(const RoomSpec& room, const Vector3& position, const std::string& what)
{
    const double values[3] = {position.x, position.y, position.z};
    const double sizes[3] = {room.lengthM, room.widthM, room.heightM};
    const char* nearNames[3] = {"back wall", "right wall", "floor"};
    const char* farNames[3] = {"front wall", "left wall", "ceiling"};
    for (int axis = 0; axis < 3; ++axis) {
        const char* wall = values[axis] < wallMarginM                 ? nearNames[axis]
                           : values[axis] > sizes[axis] - wallMarginM ? farNames[axis]
                                                                      : nullptr;
        if (wall)
            throw Error(what + " is outside the room '" + room.id + "': it would stand at (" +
                        formatNumberFixed(position.x, 2) + ", " + formatNumberFixed(position.y, 2) +
                        ", " + formatNumberFixed(position.z, 2) + ") m, beyond the " + wall +
                        " of a " + formatNumber(room.lengthM) + " x " + formatNumber(room.widthM) +
                        " x " + formatNumber(room.heightM) + " m room");
    }
}

void checkArcInsideRoom(const RoomSpec& room, const Direction& centre, double widthDeg,
                        double distanceM, const std::string& what)
{
    // Every degree of the arc (a wide source's copies lie anywhere on it) and its two edges;
    // the message is made only for the first point outside.
    const double width = std::min(std::max(widthDeg, 0.0), 360.0);
    const int steps = int(std::ceil(width));
    for (int i = 0; i <= steps; ++i) {
        const Direction direction{centre.azimuthDeg - width / 2.0 +
                                      (steps ? width * i / steps : 0.0),
                                  centre.elevationDeg};
        const Vector3 p = roomPosition(room, direction, distanceM);
        if (p.x < wallMarginM || p.x > room.lengthM - wallMarginM || p.y < wallMarginM ||
            p.y > room.widthM - wallMarginM || p.z < wallMarginM ||
            p.z > room.heightM - wallMarginM)
            checkInsideRoom(room, p,
                            what + (width > 0.0 ? " (its part at azimuth " +
                                                      formatNumber(direction.azimuthDeg) + " deg)"
                                                : std::string()));
    }
}

ImageSourceSet imageSources(const RoomSpec& room, const Vector3& sourceM)
{
    const Vector3& head = room.listenerM;
    auto makeImage = [&](int nx, int ny, int nz) {
        const Vector3 image{imageCoordinate(sourceM.x, room.lengthM, nx),
                            imageCoordinate(sourceM.y, room.widthM, ny),
                            imageCoordinate(sourceM.z, room.heightM, nz)};
        const Vector3 world{image.x - head.x, image.y - head.y, image.z - head.z};
        ImageSource source;
        source.order = std::abs(nx) + std::abs(ny) + std::abs(nz);
        countHits(nx, int(Wall::Back), int(Wall::Front), source.hits);
        countHits(ny, int(Wall::Right), int(Wall::Left), source.hits);
        countHits(nz, int(Wall::Floor), int(Wall::Ceiling), source.hits);
        source.distanceM = std::hypot(world.x, world.y, world.z);
        source.arrival = toDirection(rotateYaw(world, -room.listenerYawDeg));
        return source;
    };
    // Every image of exactly order n, by its index triple.
    auto forOrder = [&](int n, auto&& visit) {
        for (int nx = -n; nx <= n; ++nx)
            for (int ny = -(n - std::abs(nx)); ny <= n - std::abs(nx); ++ny) {
                const int rest = n - std::abs(nx) - std::abs(ny);
                visit(nx, ny, rest);
                if (rest != 0) visit(nx, ny, -rest);
            }
    };
    // The image set is complete up to the first image of the next orders; the tail takes over
    // there, but never before its own delay allows: then more orders fill the gap.
    double tailStart = std::numeric_limits<double>::infinity();
    for (int n = room.reflectionOrder + 1; n <= room.reflectionOrder + 2; ++n)
        forOrder(n, [&](int nx, int ny, int nz) {
            tailStart = std::min(tailStart, makeImage(nx, ny, nz).distanceM);
        });
    tailStart = std::max(tailStart, minimumLateTailStartS * speedOfSoundMPerS);
    ImageSourceSet set;
    set.tailStartM = tailStart;
    // Orders beyond which no image comes before the tail (a few past the one that first has
    // none, as a higher order's nearest image may still come sooner), at most 24.
    int empty = 0;
    for (int n = 1; n <= 24 && empty < 3; ++n) {
        bool any = false;
        forOrder(n, [&](int nx, int ny, int nz) {
            ImageSource source = makeImage(nx, ny, nz);
            if (source.distanceM >= tailStart) return;
            any = true;
            for (int b = 0; b < octaveBandCount; ++b) {
                double factor = 1.0;
                for (int wall = 0; wall < wallCount; ++wall)
                    factor *= std::pow(std::sqrt(1.0 - room.absorption[size_t(wall)][size_t(b)]),
                                       source.hits[size_t(wall)]);
                source.reflectance[size_t(b)] = factor;
            }
            set.early.push_back(source);
        });
        empty = any ? 0 : empty + 1;
    }
    std::sort(set.early.begin(), set.early.end(),
              [](const ImageSource& a, const ImageSource& b) { return a.distanceM < b.distanceM; });
    return set;
}

OctaveValues lateTailEnergy(const RoomSpec& room, const RoomAcoustics& acoustics, double tailStartM)
{
    OctaveValues energy{};
    const double rate = 4.0 * std::numbers::pi * speedOfSoundMPerS / roomVolumeM3(room);
    const double start = tailStartM / speedOfSoundMPerS;
    for (int b = 0; b < octaveBandCount; ++b) {
        const double t60 = acoustics.rt60S[size_t(b)];
        energy[size_t(b)] = rate * t60 / ln1e6 * std::exp(-ln1e6 * start / t60);
    }
    return energy;
}

DirectToReverberant directToReverberant(const RoomSpec& room, const Direction& direction,
                                        double distanceM, double referenceM)
{
    const Vector3 position = roomPosition(room, direction, distanceM);
    checkInsideRoom(room, position, "a source at " + formatNumber(distanceM) + " m");
    const RoomAcoustics acoustics = roomAcoustics(room);
    const ImageSourceSet images = imageSources(room, position);
    const OctaveValues tail = lateTailEnergy(room, acoustics, images.tailStartM);
    auto airEnergy = [&](double pathM, int band) {
        return std::pow(10.0, -airAbsorptionDbPerM(octaveBandCentresHz[size_t(band)]) *
                                  std::max(0.0, pathM - referenceM) / 10.0);
    };
    DirectToReverberant result;
    for (int b = 0; b < octaveBandCount; ++b) {
        const double direct = airEnergy(distanceM, b) / (distanceM * distanceM);
        // Image sources add in pressure, not in energy: two reflections a fraction of a
        // millisecond apart interfere across the whole band. Their band energy is the mean of
        // |sum of a_i exp(-j 2 pi f r_i / c)|^2 over the octave (400 frequencies, evenly in f).
        const double low = octaveBandCentresHz[size_t(b)] / std::sqrt(2.0);
        const double high = octaveBandCentresHz[size_t(b)] * std::sqrt(2.0);
        double early = 0.0;
        constexpr int points = 400;
        for (int p = 0; p < points; ++p) {
            const double f = low + (high - low) * (p + 0.5) / points;
            double re = 0.0, im = 0.0;
            for (const ImageSource& image : images.early) {
                const double amplitude = image.reflectance[size_t(b)] / image.distanceM *
                                         std::sqrt(airEnergy(image.distanceM, b));
                const double phase =
                    -2.0 * std::numbers::pi * f * image.distanceM / speedOfSoundMPerS;
                re += amplitude * std::cos(phase);
                im += amplitude * std::sin(phase);
            }
            early += (re * re + im * im) / points;
        }
        result.renderedDb[size_t(b)] = 10.0 * std::log10(direct / (early + tail[size_t(b)]));
        result.theoryDb[size_t(b)] =
            10.0 * std::log10(acoustics.equivalentAreaM2[size_t(b)] /
                              (16.0 * std::numbers::pi * distanceM * distanceM));
    }
    return result;
}

} // namespace stagelab
