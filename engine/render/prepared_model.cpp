#include "render/prepared_model.h"

#include "spatial/model_response.h"

namespace stagelab {

namespace {

/// The speakers of virtual-speakers in `room`, each heard through `listener` (an HRTF model):
/// its direct sound (through the listener's filters, at full level: stimuli are normalised at
/// the speakers) and the room's image sources of it, relative to the direct sound, with air
/// beyond the direct path's.
std::shared_ptr<const SpeakerRoom> speakersInRoom(const PreparedRoom& room,
                                                  std::shared_ptr<const SpatialModel> listener,
                                                  const ModelSettings& settings)
{
    auto speakers = std::make_shared<SpeakerRoom>();
    EarResponses direct(*listener);
    const double distance = settings.speakerDistanceM;
    for (int speaker = 0; speaker < 2; ++speaker) {
        const Direction direction{(speaker == 0 ? 1.0 : -1.0) * settings.speakerAzimuthDeg, 0.0};
        const Vector3 position = roomPosition(room.spec(), direction, distance);
        checkInsideRoom(room.spec(), position,
                        std::string(speaker == 0 ? "the left" : "the right") + " speaker");
        auto reflections = room.reflections(position, 0.0, distance);
        for (int ear = 0; ear < 2; ++ear) {
            std::vector<float>& response = reflections[size_t(ear)];
            const std::vector<float>& own = direct.at(direction)[size_t(ear)];
            if (response.size() < own.size()) response.resize(own.size(), 0.0f);
            for (size_t i = 0; i < own.size(); ++i)
                response[i] += own[i];
            speakers->ears[size_t(speaker)][size_t(ear)] = std::move(response);
        }
    }
    speakers->listener = std::move(listener);
    return speakers;
}

} // namespace

PreparedModel prepareModel(const ModelVariant& variant, const ModelSettings& base)
{
    ModelSettings settings = variant.settings(base);
    PreparedModel prepared;
    if (!variant.room) {
        prepared.model = createModel(variant.model, settings);
        return prepared;
    }
    if (variant.model == "virtual-speakers") {
        auto listener = createModel("hrtf", settings);
        settings.hrtf = listener->hrtf();
        prepared.room =
            std::make_shared<const PreparedRoom>(*variant.room, listener, settings.sampleRateHz);
        settings.speakerRoom = speakersInRoom(*prepared.room, listener, settings);
        prepared.model = createModel(variant.model, settings);
        return prepared;
    }
    prepared.model = createModel(variant.model, settings);
    prepared.room =
        std::make_shared<const PreparedRoom>(*variant.room, prepared.model, settings.sampleRateHz);
    return prepared;
}

} // namespace stagelab
