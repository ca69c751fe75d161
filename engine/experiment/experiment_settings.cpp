#include "experiment/experiment_sections.h"

#include <algorithm>

namespace stagelab {

using Json = nlohmann::json;

void readSettings(JsonReader& reader, const Json& document, Experiment& experiment)
{
    if (const Json* value = reader.member(document, "", "playback", false);
        value &&
        reader.object(*value, "/playback", {"durationS", "replaysAllowed", "answerAfterS"})) {
        if (const Json* v = reader.member(*value, "/playback", "durationS", false))
            experiment.playback.durationS =
                reader.asNumber(*v, "/playback/durationS", 0.05, 600.0).value_or(3.0);
        if (const Json* v = reader.member(*value, "/playback", "replaysAllowed", false))
            experiment.playback.replaysAllowed =
                int(reader.asInteger(*v, "/playback/replaysAllowed", 0, 100).value_or(0));
        if (const Json* v = reader.member(*value, "/playback", "answerAfterS", false))
            experiment.playback.answerAfterS =
                reader.asNumber(*v, "/playback/answerAfterS", 0.0, 600.0);
        if (experiment.playback.answerAfterS &&
            *experiment.playback.answerAfterS > experiment.playback.durationS)
            reader.error("/playback/answerAfterS",
                         "is longer than the sound (durationS): no answer could ever be given");
    }
    if (const Json* value = reader.member(document, "", "breaks", false);
        value && reader.object(*value, "/breaks", {"everyTrials", "minimumS"})) {
        if (const Json* v = reader.member(*value, "/breaks", "everyTrials", false))
            experiment.breaks.everyTrials =
                int(reader.asInteger(*v, "/breaks/everyTrials", 0, 1000000).value_or(0));
        if (const Json* v = reader.member(*value, "/breaks", "minimumS", false))
            experiment.breaks.minimumS =
                reader.asNumber(*v, "/breaks/minimumS", 0.0, 3600.0).value_or(0.0);
    }
}

void readRandomization(JsonReader& reader, const Json& document, Experiment& experiment)
{
    const std::string path = "/randomization";
    const Json* value = reader.member(document, "", "randomization", false);
    if (!value ||
        !reader.object(*value, path,
                       {"seedPolicy", "seed", "blockOrder", "deviceOrder", "constraints"}))
        return;
    RandomizationSettings& settings = experiment.randomization;
    if (const Json* v = reader.member(*value, path, "seedPolicy", false))
        settings.seedPolicy =
            reader.asChoice(*v, path + "/seedPolicy", {"fixed", "per-participant", "per-session"})
                .value_or(settings.seedPolicy);
    const Json* seed = reader.member(*value, path, "seed", false);
    if (seed)
        settings.seed = reader.asUnsigned(*seed, path + "/seed").value_or(0);
    else if (settings.seedPolicy == "fixed")
        reader.error(path + "/seed", "required when seedPolicy is 'fixed'");
    if (const Json* v = reader.member(*value, path, "blockOrder", false))
        settings.blockOrder =
            reader.asChoice(*v, path + "/blockOrder", {"fixed", "random", "latin-square"})
                .value_or(settings.blockOrder);
    if (const Json* v = reader.member(*value, path, "deviceOrder", false)) {
        settings.deviceOrder =
            reader.asChoice(*v, path + "/deviceOrder", {"fixed", "abba", "latin-square"})
                .value_or(settings.deviceOrder);
        if (settings.deviceOrder != "fixed" && experiment.devices.size() < 2)
            reader.error(path + "/deviceOrder",
                         "'" + settings.deviceOrder +
                             "' needs at least two devices; the experiment lists " +
                             std::to_string(experiment.devices.size()));
    }
    const Json* constraints = reader.member(*value, path, "constraints", false);
    if (!constraints || !reader.object(*constraints, path + "/constraints", {"noImmediateRepeat"}))
        return;
    const Json* list =
        reader.member(*constraints, path + "/constraints", "noImmediateRepeat", false);
    if (!list || !reader.isArray(*list, path + "/constraints/noImmediateRepeat")) return;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string itemPath = JsonReader::child(path + "/constraints/noImmediateRepeat", i);
        auto factor =
            reader.asChoice((*list)[i], itemPath,
                            {"stimulus", "model", "azimuthDeg", "elevationDeg", "distanceM",
                             "widthDeg", "distractorCount", "ensemble", "headTracking"});
        if (!factor) continue;
        if (std::find(settings.noImmediateRepeat.begin(), settings.noImmediateRepeat.end(),
                      *factor) != settings.noImmediateRepeat.end())
            reader.error(itemPath, "'" + *factor + "' is listed twice");
        else
            settings.noImmediateRepeat.push_back(*factor);
    }
}

} // namespace stagelab
