// Stage-map blocks' ensembles ("factors": {"ensemble": [...]}; experiment_sections.h).

#include "experiment/experiment_sections.h"

#include "spatial/direction.h"
#include "util/number_format.h"

#include <map>
#include <set>

namespace stagelab {

using Json = nlohmann::json;

namespace {

std::optional<EnsembleInstrument> readInstrument(JsonReader& reader, const Experiment& experiment,
                                                 const Json& value, const std::string& path)
{
    if (!reader.object(value, path, {"stimulus", "azimuthDeg", "distanceM"})) return std::nullopt;
    const size_t errorsBefore = reader.errorCount();
    EnsembleInstrument instrument;
    if (const Json* stimulus = reader.member(value, path, "stimulus", true))
        if (auto id = reader.asString(*stimulus, path + "/stimulus")) {
            if (!experiment.findStimulus(*id))
                reader.error(path + "/stimulus", "unknown stimulus '" + *id + "'");
            instrument.stimulus = *id;
        }
    if (const Json* azimuth = reader.member(value, path, "azimuthDeg", true))
        instrument.azimuthDeg =
            reader.asNumber(*azimuth, path + "/azimuthDeg", -180.0, 360.0).value_or(0.0);
    // Scored against the answer on the floor plan: within its rings, or the answers to the
    // nearest and farthest would be clipped and bias the depth ratio.
    if (const Json* distance = reader.member(value, path, "distanceM", true))
        instrument.distanceM =
            reader.asNumber(*distance, path + "/distanceM", answerableNearestM, answerableFarthestM)
                .value_or(1.0);
    if (reader.errorCount() != errorsBefore) return std::nullopt;
    return instrument;
}

std::optional<Ensemble> readEnsemble(JsonReader& reader, const Experiment& experiment,
                                     const Json& value, const std::string& path)
{
    if (!reader.object(value, path, {"id", "instruments"})) return std::nullopt;
    const size_t errorsBefore = reader.errorCount();
    Ensemble ensemble;
    if (const Json* id = reader.member(value, path, "id", true))
        ensemble.id = reader.asIdentifier(*id, path + "/id").value_or("");
    const Json* list = reader.member(value, path, "instruments", true);
    const std::string listPath = path + "/instruments";
    if (!list || !reader.isArray(*list, listPath)) return std::nullopt;
    if (list->size() < minimumEnsembleSize || list->size() > maximumEnsembleSize) {
        reader.error(listPath, "has " + std::to_string(list->size()) +
                                   " instruments; a stage map "
                                   "needs " +
                                   std::to_string(minimumEnsembleSize) + " to " +
                                   std::to_string(maximumEnsembleSize));
        return std::nullopt;
    }
    std::map<std::string, std::string> stimuli; // stimulus -> where first
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string itemPath = JsonReader::child(listPath, i);
        auto instrument = readInstrument(reader, experiment, (*list)[i], itemPath);
        if (!instrument) continue;
        // A token per instrument, named by its stimulus: two of one would be one name twice.
        if (const auto [first, inserted] = stimuli.emplace(instrument->stimulus, itemPath);
            !inserted) {
            reader.error(itemPath + "/stimulus", "'" + instrument->stimulus +
                                                     "' is already in this ensemble (at " +
                                                     first->second + ")");
            continue;
        }
        for (size_t j = 0; j < ensemble.instruments.size(); ++j) {
            const EnsembleInstrument& other = ensemble.instruments[j];
            if (angleBetweenDeg({other.azimuthDeg, 0.0}, {instrument->azimuthDeg, 0.0}) < 1e-9 &&
                other.distanceM == instrument->distanceM)
                reader.error(itemPath, "stands where '" + other.stimulus +
                                           "' stands; the listener could not tell them apart");
        }
        ensemble.instruments.push_back(*instrument);
    }
    if (reader.errorCount() != errorsBefore) return std::nullopt;
    return ensemble;
}

} // namespace

std::optional<std::vector<Ensemble>> readEnsembles(JsonReader& reader, const Experiment& experiment,
                                                   const Json& value, const std::string& path)
{
    if (!reader.isArray(value, path)) return std::nullopt;
    if (value.empty()) {
        reader.error(path, "is empty, so the block would have zero trials");
        return std::nullopt;
    }
    if (value.size() > maximumFactorLevels) {
        reader.error(path, "has " + std::to_string(value.size()) + " levels; at most " +
                               std::to_string(maximumFactorLevels) + " are allowed");
        return std::nullopt;
    }
    std::vector<Ensemble> ensembles;
    std::map<std::string, std::string> ids;
    bool good = true;
    for (size_t i = 0; i < value.size(); ++i) {
        const std::string itemPath = JsonReader::child(path, i);
        auto ensemble = readEnsemble(reader, experiment, value[i], itemPath);
        if (!ensemble) {
            good = false;
            continue;
        }
        if (const auto [first, inserted] = ids.emplace(ensemble->id, itemPath + "/id"); !inserted) {
            reader.error(itemPath + "/id", "duplicate ensemble id '" + ensemble->id +
                                               "' (first at " + first->second + ")");
            good = false;
        }
        ensembles.push_back(std::move(*ensemble));
    }
    return good ? std::optional(std::move(ensembles)) : std::nullopt;
}

} // namespace stagelab
