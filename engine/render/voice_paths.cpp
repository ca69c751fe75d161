#include "render/voice_paths.h"

#include "dsp/partitioned_convolution.h"
#include "dsp/spectral_kernels.h"
#include "render/decorrelator.h"
#include "spatial/acoustics.h"
#include "spatial/model_response.h"
#include "spatial/near_field.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace stagelab {

namespace {
/// Moving sources: the direct path every degree at the finest (the minimum audible angle is
/// about 1 deg straight ahead; the nearest entry is at most 0.5 deg off), the reflections every
/// 5 deg (each image moves by at most that, and reflections are heard far less sharply than the
/// direct sound).
constexpr double finestDirectStepDeg = 1.0;
constexpr double reflectionStepDeg = 5.0;

/// The direct table's spacing for `updateStepDeg`: at least 1 deg, dividing the circle.
double directStepFor(double updateStepDeg)
{
    const double step = std::max(finestDirectStepDeg, updateStepDeg);
    return 360.0 / std::max(1.0, std::floor(360.0 / step));
}

size_t longest(const std::vector<std::array<std::vector<float>, 2>>& filters)
{
    size_t length = 1;
    for (const auto& pair : filters)
        for (const auto& ear : pair)
            length = std::max(length, ear.size());
    return length;
}

std::vector<float> convolve(const std::vector<float>& a, const std::vector<float>& b)
{
    std::vector<float> out(a.size() + b.size() - 1, 0.0f);
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] == 0.0f) continue;
        for (size_t j = 0; j < b.size(); ++j)
            out[i + j] += a[i] * b[j];
    }
    return out;
}
/// The model's sphere table, asked for once per scene; null if the model has no responses.
std::shared_ptr<const SphereTable> sphereOf(const SpatialModel& model, DirectTableShare& share)
{
    if (!share.sphere && !share.modelHasNoResponses) {
        share.sphere = SphereTable::of(model);
        share.modelHasNoResponses = !share.sphere;
    }
    return share.sphere;
}
} // namespace

DirectionTable::DirectionTable(const std::vector<std::array<std::vector<float>, 2>>& filters,
                               double stepDeg, int blockFrames)
    : m_table(PartitionLayout{blockFrames, partitionsFor(int(longest(filters)), blockFrames)},
              int(2 * filters.size())),
      m_stepDeg(stepDeg), m_entries(int(filters.size()))
{
    const RealFft fft(m_table.layout().fftSize());
    for (size_t i = 0; i < filters.size(); ++i)
        for (int ear = 0; ear < 2; ++ear)
            m_table.setFilter(int(2 * i) + ear, filters[i][size_t(ear)].data(),
                              int(filters[i][size_t(ear)].size()), fft);
}

void DirectionTable::filterPair(double azimuthDeg, float* pair) const noexcept
{
    const size_t earFloats = m_table.layout().earFloats();
    if (m_entries == 1) {
        std::copy_n(m_table.filter(0), 2 * earFloats, pair);
        return;
    }
    const double position = wrapAzimuthDeg(azimuthDeg) / m_stepDeg;
    const int lower = std::min(int(position), m_entries - 1);
    const int upper = lower + 1 == m_entries ? 0 : lower + 1;
    const float weights[2] = {float(1.0 - (position - lower)), float(position - lower)};
    for (int ear = 0; ear < 2; ++ear) {
        const float* sources[2] = {m_table.filter(2 * lower + ear),
                                   m_table.filter(2 * upper + ear)};
        weightedSum(sources, weights, 2, pair + size_t(ear) * earFloats, int(earFloats));
    }
}

int DirectionTable::nearestEntry(double azimuthDeg) const noexcept
{
    if (m_entries == 1) return 0;
    const int entry = int(std::lround(wrapAzimuthDeg(azimuthDeg) / m_stepDeg));
    return entry >= m_entries ? entry - m_entries : entry;
}

std::vector<float> absorbInAir(const std::vector<float>& samples, double pathM, double sampleRateHz,
                               bool loop)
{
    const int taps = sampleRateHz > 96000.0 ? 512 : 256;
    return filterSignal(samples, airAbsorptionFir(pathM, sampleRateHz, taps), loop);
}

VoicePaths prepareVoicePaths(const SpatialModel& model, const PreparedRoom* room,
                             const VoicePathRequest& request, const std::string& label,
                             DirectTableShare& share)
{
    VoicePaths paths;
    const double reference = model.referenceDistanceM();
    const double distance = request.distanceM;
    const double rate = request.sampleRateHz;
    const int block = model.layout().blockFrames;
    paths.distanceGain = float(reference / distance);
    if (request.propagationDelay)
        paths.delayFrames = std::llround(distance / speedOfSoundMPerS * rate);
    if (distance - reference > airAbsorptionThresholdM) paths.signalAirM = distance - reference;

    // Directions the tables hold: the one direction, or every step around the circle.
    auto directions = [&](double stepDeg) {
        std::vector<Direction> list;
        if (!request.moving && !request.headTracked) {
            list.push_back(request.direction);
        } else {
            for (int i = 0; i < int(std::lround(360.0 / stepDeg)); ++i)
                list.push_back({i * stepDeg, request.direction.elevationDeg});
        }
        return list;
    };

    // A moving voice out of a room changes filter when the nearest entry does, so its table is
    // spaced at the update step; others (head-tracked, in a room) follow the step themselves
    // and take the nearest entry of the finest table.
    const double directStepDeg =
        request.moving && !room ? directStepFor(request.updateStepDeg) : finestDirectStepDeg;
    // Near field: 5 % inside the reference the change is below 0.3 dB at any frequency.
    if (model.rendersHead() && distance < 0.95 * reference) {
        const int taps = rate > 96000.0 ? 1024 : rate > 48000.0 ? 512 : 256;
        EarResponses responses(model);
        std::map<long, std::vector<float>> variationByIncidence; // per 0.25 deg
        std::vector<std::array<std::vector<float>, 2>> filters;
        for (const Direction& direction : directions(directStepDeg)) {
            const auto& ears = responses.at(direction);
            std::array<std::vector<float>, 2> pair;
            for (int ear = 0; ear < 2; ++ear) {
                const double incidence = earIncidenceDeg(direction, ear);
                auto& variation = variationByIncidence[std::lround(incidence * 4.0)];
                if (variation.empty())
                    variation = distanceVariationFir(distance, reference, incidence, rate, taps);
                pair[size_t(ear)] = convolve(ears[size_t(ear)], variation);
            }
            filters.push_back(std::move(pair));
        }
        const bool around = request.moving || request.headTracked;
        paths.direct =
            std::make_shared<DirectionTable>(filters, around ? directStepDeg : 0.0, block);
    } else if (!request.headTracked && !request.moving) {
        // The model's best filters, when it has any: a static voice's pair.
        if (std::array<std::vector<float>, 2> ears;
            model.earImpulseResponses(request.direction, ears))
            paths.direct = std::make_shared<DirectionTable>(
                std::vector<std::array<std::vector<float>, 2>>{std::move(ears)}, 0.0, block);
    } else if (request.headTracked) {
        // Yaw, pitch and roll move the heard direction anywhere: the whole sphere.
        paths.sphere = sphereOf(model, share);
    } else if (!share.modelHasNoResponses) {
        // A moving voice's circle, shared by the voices on it, within the scene's budget.
        const std::pair<double, double> circle{request.direction.elevationDeg, directStepDeg};
        std::shared_ptr<const DirectionTable> table;
        if (const auto found = share.byCircle.find(circle); found != share.byCircle.end())
            table = found->second;
        const size_t bytes = size_t(std::lround(360.0 / directStepDeg)) *
                             model.layout().pairFloats() * sizeof(float);
        if (!table && share.bytes + bytes <= DirectTableShare::budgetBytes) {
            std::vector<std::array<std::vector<float>, 2>> filters;
            std::array<std::vector<float>, 2> ears;
            for (const Direction& direction : directions(directStepDeg)) {
                if (!model.earImpulseResponses(direction, ears)) break;
                filters.push_back(ears);
            }
            if (filters.empty()) {
                share.modelHasNoResponses = true;
            } else {
                auto built = std::make_shared<DirectionTable>(filters, directStepDeg, block);
                share.bytes += bytes;
                share.byCircle[circle] = built;
                table = std::move(built);
            }
        }
        paths.direct = table;
        if (!table) paths.sphere = sphereOf(model, share); // beyond the budget
    }

    if (room && !model.loudspeakers().empty()) {
        // Loudspeakers in a room: their reflections are in the model's filters; the tail takes
        // over where theirs does (the earlier speaker's), after the voice's own delay.
        const RoomSpec& spec = room->spec();
        int64_t after = std::numeric_limits<int64_t>::max();
        for (const Loudspeaker& speaker : model.loudspeakers()) {
            const Vector3 position = roomPosition(spec, speaker.direction, speaker.distanceM);
            after = std::min<int64_t>(
                after, room->tailStartFrames(position) -
                           std::llround(speaker.distanceM / speedOfSoundMPerS * rate));
        }
        paths.tailStartFrames = paths.delayFrames + after;
    } else if (room && request.headTracked) {
        if (request.moving)
            throw Error(label +
                        ": a moving source in a room cannot be heard by a tracked head (its "
                        "reflections would need a table over both the source's azimuth and the "
                        "head's yaw)");
        // The source stays put in the room; the head turns: every image arrives from its own
        // direction less the head's yaw.
        const RoomSpec& spec = room->spec();
        const Vector3 position = roomPosition(spec, request.direction, distance);
        checkInsideRoom(spec, position,
                        label + " (" + formatNumber(distance) + " m at azimuth " +
                            formatNumber(request.direction.azimuthDeg) + " deg)");
        std::vector<std::array<std::vector<float>, 2>> filters;
        for (int i = 0; i < int(std::lround(360.0 / reflectionStepDeg)); ++i)
            filters.push_back(
                room->reflections(position, paths.signalAirM, reference, i * reflectionStepDeg));
        paths.reflections = std::make_unique<DirectionTable>(filters, reflectionStepDeg, block);
        paths.reflectionsByHeadYaw = true;
        paths.tailStartFrames = room->tailStartFrames(position);
    } else if (room) {
        const RoomSpec& spec = room->spec();
        std::vector<std::array<std::vector<float>, 2>> filters;
        const auto list = directions(request.moving ? reflectionStepDeg : 0.0);
        // A moving source must stay in the room all the way round (checked finely).
        for (const Direction& direction : directions(request.moving ? 1.0 : 0.0))
            checkInsideRoom(spec, roomPosition(spec, direction, distance),
                            label + " (" + formatNumber(distance) + " m at azimuth " +
                                formatNumber(direction.azimuthDeg) + " deg)");
        for (const Direction& direction : list)
            filters.push_back(room->reflections(roomPosition(spec, direction, distance),
                                                paths.signalAirM, reference));
        paths.reflections = std::make_unique<DirectionTable>(
            filters, request.moving ? reflectionStepDeg : 0.0, block);
        paths.tailStartFrames =
            room->tailStartFrames(roomPosition(spec, request.direction, distance));
    }
    return paths;
}

} // namespace stagelab
