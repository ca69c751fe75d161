#include "render/scene.h"

#include "render/decorrelator.h"
#include "render/late_reverb.h"
#include "render/voice_paths.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace stagelab {

namespace {
enum Group { Steady = 0, FadingOut = 1, FadingIn = 2, GroupCount = 3 };

int automaticCopies(double widthDeg)
{
    return std::clamp(int(std::lround(widthDeg / 15.0)) + 1, 3, 9);
}

std::string sourceLabel(size_t index)
{
    return "source " + std::to_string(index + 1);
}
} // namespace

/// One point emitter: a source, or one decorrelated copy of a wide source.
struct Scene::Voice
{
    std::shared_ptr<const Stimulus> stimulus; // keeps `samples` alive when not owned
    std::vector<float> ownedSamples;
    const float* samples = nullptr;
    int64_t length = 0;
    bool loop = false;
    float gain = 1.0f;
    Direction direction;
    Vector3 worldVector; // `direction`'s, for a head-tracked voice that stays put
    double rotateDegPerS = 0.0;
    std::optional<FrequencyDelayLine> input; // the voice's spectra of its last blocks
    AlignedBuffer filter;                    // the model's filter pair, when not tabulated
    const float* directPair = nullptr;       // the direct sound's pair in force
    int directEntry = -1;                    // its entry in paths.direct or paths.sphere
    Direction filterDirection;
    double filterHeadYawDeg = 0.0; // the head yaw the reflections in force are for
    bool headTracked = false;
    VoicePaths paths; // distance and room (voice_paths.h)
    int directPartitions = 0;
    AlignedBuffer reflectionFilter; // the reflections' pair in force (in a room)
    int reflectionPartitions = 0;
    int64_t sendDelayFrames = 0; // when its signal enters the room's tail
    float sendGain = 0.0f;

    /// The direct filter for `now` (head-relative): the nearest entry of the voice's table (a
    /// circle or the sphere), or the model's; the reflections for `now`, or for the head's yaw
    /// when they follow the head.
    void updateFilters(const SpatialModel& model, const Direction& now, double headYawDeg) noexcept
    {
        if (paths.direct) {
            directEntry = paths.direct->nearestEntry(now.azimuthDeg);
            directPair = paths.direct->entryPair(directEntry);
        } else if (paths.sphere) {
            directEntry = paths.sphere->nearestEntry(now);
            directPair = paths.sphere->entryPair(directEntry);
        } else {
            model.filterPair(now, filter.data());
            directPair = filter.data();
        }
        if (paths.reflections)
            paths.reflections->filterPair(paths.reflectionsByHeadYaw ? headYawDeg : now.azimuthDeg,
                                          reflectionFilter.data());
        filterDirection = now;
        filterHeadYawDeg = headYawDeg;
    }

    /// Whether the direct sound's table entry for `now` is another than the one in force;
    /// false without a table.
    bool directEntryChanges(const Direction& now) const noexcept
    {
        if (paths.direct) return paths.direct->nearestEntry(now.azimuthDeg) != directEntry;
        if (paths.sphere) return paths.sphere->nearestEntry(now) != directEntry;
        return false;
    }

    /// Where the voice is heard at `seconds` into the scene by a head turned by `head`.
    Direction heardDirection(double seconds, const HeadRotation& head) const noexcept
    {
        const Direction world =
            rotateDegPerS == 0.0
                ? direction
                : Direction{wrapAzimuthDeg(direction.azimuthDeg + rotateDegPerS * seconds),
                            direction.elevationDeg};
        if (!headTracked) return world;
        const Vector3 v = rotateDegPerS == 0.0 ? worldVector : toCartesian(world);
        const double in[3] = {v.x, v.y, v.z};
        double out[3];
        head.toHead(in, out);
        return toDirection({out[0], out[1], out[2]});
    }

    /// Writes the gained signal for frames [frame, frame + count): silence before the start and
    /// after a one-shot's end; a looping signal wraps (one division per block, not per sample).
    void fillBlock(int64_t frame, float* out, int count) const noexcept
    {
        fill(samples, length, gain, frame, out, count);
    }
    /// The same for the room's send (at sendGain).
    void fillSendBlock(int64_t frame, float* out, int count) const noexcept
    {
        fill(samples, length, sendGain, frame, out, count);
    }

private:
    void fill(const float* data, int64_t size, float scale, int64_t frame, float* out,
              int count) const noexcept
    {
        int i = 0;
        for (; i < count && frame < 0; ++i, ++frame)
            out[i] = 0.0f;
        if (loop) {
            int64_t position = i < count ? frame % size : 0;
            for (; i < count; ++i) {
                out[i] = data[position] * scale;
                if (++position == size) position = 0;
            }
            return;
        }
        for (; i < count; ++i, ++frame)
            out[i] = frame < size ? data[frame] * scale : 0.0f;
    }
};

void validateScene(const SceneSpec& spec)
{
    if (!spec.model) throw Error("scene has no model");
    if (spec.sources.empty()) throw Error("scene has no sources");
    if (!std::isfinite(spec.durationS) || spec.durationS < 0.0 || spec.durationS > 86400.0)
        throw Error("duration must be between 0 and 86400 s");
    if (!std::isfinite(spec.rampS) || spec.rampS < 0.0 || spec.rampS > 1.0)
        throw Error("ramp must be between 0 and 1 s");
    if (!std::isfinite(spec.directionUpdateDeg) || spec.directionUpdateDeg < 0.0 ||
        spec.directionUpdateDeg > 30.0)
        throw Error("direction update step must be between 0 and 30 deg");
    for (size_t i = 0; i < spec.sources.size(); ++i) {
        const SourceSpec& source = spec.sources[i];
        const std::string label = sourceLabel(i);
        if (!source.stimulus || source.stimulus->samples.empty())
            throw Error(label + ": no stimulus");
        validateDirection(source.direction, label);
        if (!std::isfinite(source.widthDeg) || source.widthDeg < 0.0 || source.widthDeg > 360.0)
            throw Error(label + ": width " + std::to_string(source.widthDeg) +
                        " deg is not in [0, 360]");
        if (source.widthCopies < 0 || source.widthCopies > 32)
            throw Error(label + ": width copies must be 0 (automatic) to 32");
        if (!std::isfinite(source.gainDb) || source.gainDb < -120.0 || source.gainDb > 24.0)
            throw Error(label + ": gain " + std::to_string(source.gainDb) +
                        " dB is not in [-120, 24]");
        if (!std::isfinite(source.rotateDegPerS) || std::abs(source.rotateDegPerS) > 3600.0)
            throw Error(label + ": rotation " + std::to_string(source.rotateDegPerS) +
                        " deg/s is not in [-3600, 3600]");
        if (spec.headTracking && source.rotateDegPerS != 0.0 && spec.room)
            throw Error(label + ": a moving source in a room cannot be heard by a tracked head "
                                "(its reflections would need a table over both the source's "
                                "azimuth and the head's yaw)");
        if (!std::isfinite(source.distanceM) ||
            (source.distanceM != 0.0 && (source.distanceM < minimumSourceDistanceM ||
                                         source.distanceM > maximumSourceDistanceM)))
            throw Error(label + ": distance " + formatNumber(source.distanceM) + " m is not in [" +
                        formatNumber(minimumSourceDistanceM) + ", " +
                        formatNumber(maximumSourceDistanceM) + "] m");
    }
    if (spec.room && &spec.room->model() != &spec.model->roomListener())
        throw Error("the scene's room was prepared for another model");
    if (!spec.room && &spec.model->roomListener() != spec.model.get())
        throw Error("the " + spec.model->name() +
                    " model was prepared in a room: its scenes must be in that room");
    if (spec.headTracking && (!spec.model->rendersHead() || !spec.model->loudspeakers().empty()))
        throw Error("head tracking needs a model that renders a head at every direction (hrtf, "
                    "spherical-head): " +
                    spec.model->name() +
                    (spec.model->loudspeakers().empty()
                         ? " renders no head"
                         : " plays through loudspeakers whose directions are in its filters"));
    if (spec.room && spec.propagationDelay == false)
        throw Error("a room needs the propagation delay (its reflections and tail follow the "
                    "direct sound by their paths): leave it on");
}

Scene::Scene(const SceneSpec& spec, double sampleRateHz, uint64_t id)
    : m_id(id), m_sampleRateHz(sampleRateHz), m_rampFrames(std::round(spec.rampS * sampleRateHz)),
      m_directionUpdateDeg(spec.directionUpdateDeg), m_model(spec.model),
      m_layout(spec.model ? spec.model->layout() : PartitionLayout{})
{
    validateScene(spec);
    const int block = m_layout.blockFrames;
    m_fft = std::make_unique<RealFft>(m_layout.fftSize());
    m_earBus = m_model->makeEarBusProcessor();
    m_accumulators = AlignedBuffer(GroupCount * 2 * m_layout.partitionFloats());
    m_timeScratch = AlignedBuffer(size_t(m_layout.fftSize()));
    m_earOut = AlignedBuffer(2 * size_t(block));
    m_fadeIn = AlignedBuffer(size_t(block));
    for (int i = 0; i < block; ++i)
        m_fadeIn[size_t(i)] = float(0.5 - 0.5 * std::cos(std::numbers::pi * (i + 0.5) / block));

    int64_t longest = 0;
    bool allLoop = true;
    const double reference = m_model->referenceDistanceM();
    const bool propagationDelay = spec.propagationDelay.value_or(spec.room != nullptr);
    m_tailFrames = int64_t(m_layout.partitions) * block;
    DirectTableShare tables;
    for (size_t s = 0; s < spec.sources.size(); ++s) {
        const SourceSpec& source = spec.sources[s];
        if (std::abs(source.stimulus->sampleRateHz - sampleRateHz) > 1e-6)
            throw Error(sourceLabel(s) + ": stimulus '" + source.stimulus->name + "' is at " +
                        std::to_string(source.stimulus->sampleRateHz) + " Hz, the scene at " +
                        std::to_string(sampleRateHz) + " Hz");
        const int copies =
            source.widthDeg > 0.0
                ? (source.widthCopies > 0 ? source.widthCopies : automaticCopies(source.widthDeg))
                : 1;
        std::vector<std::vector<float>> signals;
        if (copies > 1) {
            // A one-shot source is heard until the scene's end at most (past it the envelope is
            // zero): its copies need no more of the recording than that.
            const int64_t heard =
                spec.durationS > 0.0 ? std::llround(spec.durationS * sampleRateHz) : -1;
            signals = decorrelatedCopies(source.stimulus->samples, copies, sampleRateHz,
                                         source.loop, uint32_t(0x5EED0000u + s), heard);
        }
        // Copies are uncorrelated, so their powers add: 1/sqrt(K) keeps the source's level.
        const float gain = float(std::pow(10.0, source.gainDb / 20.0) / std::sqrt(double(copies)));
        // Evenly over the extent; a full circle has no edge to place twice.
        const double spacing =
            copies == 1 ? 0.0 : source.widthDeg / (source.widthDeg >= 360.0 ? copies : copies - 1);
        for (int c = 0; c < copies; ++c) {
            auto voice = std::make_unique<Voice>();
            voice->stimulus = source.stimulus;
            if (copies > 1) {
                voice->ownedSamples = std::move(signals[size_t(c)]);
                voice->samples = voice->ownedSamples.data();
            } else {
                voice->samples = source.stimulus->samples.data();
            }
            voice->length =
                int64_t(copies > 1 ? voice->ownedSamples.size() : source.stimulus->samples.size());
            voice->loop = source.loop;
            voice->gain = gain;
            voice->direction = {source.direction.azimuthDeg - source.widthDeg / 2.0 + spacing * c +
                                    (source.widthDeg >= 360.0 ? spacing / 2.0 : 0.0),
                                source.direction.elevationDeg};
            if (copies == 1) voice->direction.azimuthDeg = source.direction.azimuthDeg;
            voice->rotateDegPerS = source.rotateDegPerS;
            voice->worldVector = toCartesian(voice->direction);

            VoicePathRequest request;
            request.direction = voice->direction;
            request.distanceM = source.distanceM > 0.0 ? source.distanceM : reference;
            request.moving = source.rotateDegPerS != 0.0;
            request.headTracked = spec.headTracking;
            voice->headTracked = spec.headTracking;
            request.propagationDelay = propagationDelay;
            request.sampleRateHz = sampleRateHz;
            request.updateStepDeg = spec.directionUpdateDeg;
            const std::string label =
                sourceLabel(s) + (copies > 1 ? " copy " + std::to_string(c + 1) : "");
            voice->paths = prepareVoicePaths(*m_model, spec.room.get(), request, label, tables);
            voice->gain *= voice->paths.distanceGain;
            if (voice->paths.signalAirM > 0.0) {
                voice->ownedSamples =
                    absorbInAir(copies > 1 ? voice->ownedSamples : source.stimulus->samples,
                                voice->paths.signalAirM, sampleRateHz, source.loop);
                voice->samples = voice->ownedSamples.data();
            }
            voice->directPartitions = voice->paths.direct ? voice->paths.direct->layout().partitions
                                      : voice->paths.sphere
                                          ? voice->paths.sphere->layout().partitions
                                          : m_layout.partitions;
            voice->reflectionPartitions =
                voice->paths.reflections ? voice->paths.reflections->layout().partitions : 0;
            const PartitionLayout lineLayout{
                block, std::max(voice->directPartitions, voice->reflectionPartitions)};
            voice->input.emplace(lineLayout);
            if (!voice->paths.direct && !voice->paths.sphere)
                voice->filter =
                    AlignedBuffer(PartitionLayout{block, voice->directPartitions}.pairFloats());
            if (voice->reflectionPartitions > 0)
                voice->reflectionFilter =
                    AlignedBuffer(PartitionLayout{block, voice->reflectionPartitions}.pairFloats());
            voice->updateFilters(*m_model, voice->direction, 0.0);
            m_tailFrames = std::max(m_tailFrames, voice->paths.delayFrames +
                                                      int64_t(lineLayout.partitions) * block);
            m_voices.push_back(std::move(voice));
        }
        if (!source.loop) {
            allLoop = false;
            longest = std::max(longest, int64_t(source.stimulus->samples.size()));
        }
    }
    if (spec.room) {
        // Each source's send enters the tail when its image sources run out (less the
        // networks' own delay); the tail is calibrated for the earliest, and later sends are
        // scaled down by the decay they skipped.
        const int64_t latency = spec.room->tailLatencyFrames();
        int64_t injection = std::numeric_limits<int64_t>::max();
        for (auto& voice : m_voices) {
            voice->sendDelayFrames = std::max<int64_t>(0, voice->paths.tailStartFrames - latency);
            injection = std::min(injection, voice->sendDelayFrames);
        }
        m_lateReverb = std::make_unique<LateReverb>(spec.room, block, injection);
        for (auto& voice : m_voices) {
            // The send carries the source's own strength (its level at 1 m), not its distance.
            // Through loudspeakers, the speakers are the sources: constant-power panning gives
            // them together the voice's power, at the speakers' distance.
            const std::vector<Loudspeaker> speakers = m_model->loudspeakers();
            const float strength = speakers.empty()
                                       ? voice->gain / voice->paths.distanceGain * float(reference)
                                       : voice->gain * float(speakers.front().distanceM);
            // The networks' level assumes the source emitted at frame 0; the speakers emit at
            // the voice's delay less their own path, so their tail has decayed that much less.
            const int64_t emission =
                speakers.empty()
                    ? 0
                    : voice->paths.delayFrames - std::llround(speakers.front().distanceM /
                                                              speedOfSoundMPerS * sampleRateHz);
            voice->sendGain = strength * m_lateReverb->delayedSendGain(voice->sendDelayFrames -
                                                                       injection - emission);
        }
        // The tail rings on after the last send, which the latest-starting source makes.
        int64_t latestSend = injection;
        for (const auto& voice : m_voices)
            latestSend = std::max(latestSend, voice->sendDelayFrames);
        m_tailFrames = std::max(m_tailFrames, m_lateReverb->ringFrames() + latestSend - injection);
        m_sendScratch = AlignedBuffer(size_t(block));
    }
    if (spec.durationS > 0.0)
        m_endFrame = std::llround(spec.durationS * sampleRateHz);
    else if (!allLoop)
        m_endFrame = longest;
}

Scene::~Scene() = default;

void Scene::stopAt(int64_t frame) noexcept
{
    const int64_t relative = std::max<int64_t>(frame - m_startFrame, 0) + int64_t(m_rampFrames);
    if (m_endFrame < 0 || relative < m_endFrame) m_endFrame = relative;
}

float Scene::envelope(int64_t sceneFrame, int64_t endFrame) const noexcept
{
    if (sceneFrame < 0 || (endFrame >= 0 && sceneFrame >= endFrame)) return 0.0f;
    double value = 1.0;
    if (sceneFrame < m_rampFrames)
        value = 0.5 - 0.5 * std::cos(std::numbers::pi * (double(sceneFrame) + 0.5) / m_rampFrames);
    if (endFrame >= 0 && double(endFrame - sceneFrame) < m_rampFrames)
        value = std::min(
            value, 0.5 - 0.5 * std::cos(std::numbers::pi * (double(endFrame - sceneFrame) - 0.5) /
                                        m_rampFrames));
    return float(value);
}

void Scene::applyEnvelope(int64_t firstFrame, float* samples) const noexcept
{
    const int block = m_layout.blockFrames;
    const int64_t end = m_endFrame;
    // Most blocks lie wholly inside the sound, past the onset ramp and before the offset's.
    const bool inside = firstFrame >= int64_t(m_rampFrames) &&
                        (end < 0 || firstFrame + block + int64_t(m_rampFrames) < end);
    if (inside) return;
    for (int i = 0; i < block; ++i)
        samples[i] *= envelope(firstFrame + i, end);
}

bool Scene::render(int64_t blockStart, float* left, float* right,
                   const HeadOrientation& head) noexcept
{
    const int block = m_layout.blockFrames;
    const int64_t sceneFrame = blockStart - m_startFrame;
    if (sceneFrame + block <= 0) return true;
    if (m_endFrame >= 0 && sceneFrame >= m_endFrame + tailFrames()) return false;

    // The envelope is shared by all voices: compute it once per block (all ones most of the time).
    float* envelopeBlock = m_earOut.data(); // reused as scratch before the ears are written
    bool flat = true;
    for (int i = 0; i < block; ++i) {
        envelopeBlock[i] = envelope(sceneFrame + i, m_endFrame);
        flat = flat && envelopeBlock[i] == 1.0f;
    }

    m_accumulators.clear();
    bool used[GroupCount] = {false, false, false};
    const size_t partitionFloats = m_layout.partitionFloats();
    const double seconds = double(sceneFrame) / m_sampleRateHz;
    const HeadRotation rotation(head); // once a block, not once a voice
    for (auto& voicePointer : m_voices) {
        Voice& voice = *voicePointer;
        FrequencyDelayLine& input = *voice.input;
        float* samples = input.nextInputBlock();
        const int64_t emitted = sceneFrame - voice.paths.delayFrames;
        voice.fillBlock(emitted, samples, block);
        if (voice.paths.delayFrames == 0) {
            if (!flat)
                for (int i = 0; i < block; ++i)
                    samples[i] *= envelopeBlock[i];
        } else {
            applyEnvelope(emitted, samples);
        }
        input.transformInput(*m_fft);
        if (m_lateReverb) {
            // The room's tail hears the source from when its image sources run out.
            float* scratch = m_sendScratch.data();
            const int64_t sent = sceneFrame - voice.sendDelayFrames;
            voice.fillSendBlock(sent, scratch, block);
            applyEnvelope(sent, scratch);
            float* send = m_lateReverb->send();
            for (int i = 0; i < block; ++i)
                send[i] += scratch[i];
        }

        // y += X * H over the delay line, both ears, into one group of accumulators: the direct
        // filter and, in a room, the reflections.
        const size_t directEarFloats = size_t(voice.directPartitions) * partitionFloats;
        const size_t reflectionEarFloats = size_t(voice.reflectionPartitions) * partitionFloats;
        auto accumulate = [&](int group) noexcept {
            used[group] = true;
            for (int ear = 0; ear < 2; ++ear) {
                float* accumulator =
                    m_accumulators.data() + (size_t(group) * 2 + size_t(ear)) * partitionFloats;
                input.multiplyAccumulate(voice.directPair + size_t(ear) * directEarFloats,
                                         accumulator, voice.directPartitions);
                if (voice.reflectionPartitions > 0)
                    input.multiplyAccumulate(voice.reflectionFilter.data() +
                                                 size_t(ear) * reflectionEarFloats,
                                             accumulator, voice.reflectionPartitions);
            }
        };
        bool moved = false;
        Direction now = voice.filterDirection;
        if (voice.headTracked) {
            now = voice.heardDirection(seconds, rotation);
            // On a table the filter changes when the nearest entry does (the step is for the
            // model's own filters and the reflections' blend).
            const bool tabulated = voice.paths.direct || voice.paths.sphere;
            moved =
                (tabulated ? voice.directEntryChanges(now)
                           : angleBetweenDeg(now, voice.filterDirection) > m_directionUpdateDeg) ||
                (voice.paths.reflectionsByHeadYaw &&
                 std::abs(wrapDifferenceDeg(head.yawDeg - voice.filterHeadYawDeg)) >
                     m_directionUpdateDeg);
            if (!m_rendered) { // the first block: nothing to fade from
                voice.updateFilters(*m_model, now, head.yawDeg);
                moved = false;
            }
        } else if (voice.rotateDegPerS != 0.0) {
            now = voice.heardDirection(seconds, rotation);
            if ((voice.paths.direct || voice.paths.sphere) && !voice.paths.reflections)
                // Tabulated (at the update step, or 1 deg on the sphere): the filter changes
                // when the nearest entry does.
                moved = voice.directEntryChanges(now);
            else
                moved =
                    std::abs(wrapDifferenceDeg(now.azimuthDeg - voice.filterDirection.azimuthDeg)) >
                    m_directionUpdateDeg;
        }
        if (moved) {
            // Old filters into the fading-out sums, then the new ones (a table entry, or the
            // model's written over the old: one filter per voice keeps the working set small)
            // into the fading-in sums.
            accumulate(FadingOut);
            voice.updateFilters(*m_model, now, head.yawDeg);
            accumulate(FadingIn);
        } else {
            accumulate(Steady);
        }
    }
    m_rendered = true;
    if (m_lateReverb) {
        used[Steady] = true;
        m_lateReverb->render(*m_fft, m_accumulators.data() + size_t(Steady) * 2 * partitionFloats,
                             m_accumulators.data() + (size_t(Steady) * 2 + 1) * partitionFloats);
    }

    // One inverse FFT per ear and group in use: the cost does not grow with the voice count.
    m_earOut.clear();
    for (int ear = 0; ear < 2; ++ear) {
        float* out = m_earOut.data() + size_t(ear) * size_t(block);
        for (int group = 0; group < GroupCount; ++group) {
            if (!used[group]) continue;
            float* accumulator =
                m_accumulators.data() + (size_t(group) * 2 + size_t(ear)) * partitionFloats;
            const float* tail =
                overlapSaveOutput(*m_fft, m_layout, accumulator, m_timeScratch.data());
            if (group == Steady)
                for (int i = 0; i < block; ++i)
                    out[i] += tail[i];
            else if (group == FadingOut)
                for (int i = 0; i < block; ++i)
                    out[i] += (1.0f - m_fadeIn[size_t(i)]) * tail[i];
            else
                for (int i = 0; i < block; ++i)
                    out[i] += m_fadeIn[size_t(i)] * tail[i];
        }
    }
    float* outLeft = m_earOut.data();
    float* outRight = m_earOut.data() + block;
    if (m_earBus) m_earBus->process(outLeft, outRight, block);
    for (int i = 0; i < block; ++i) {
        left[i] += outLeft[i];
        right[i] += outRight[i];
    }
    return true;
}

} // namespace stagelab
