#include "experiment/experiment_sections.h"

#include "spatial/spatial_model.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace stagelab {

using Json = nlohmann::json;

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

/// Reads a factor list: an array whose elements `readElement` converts, not empty, without
/// repeated levels (a repeated level silently doubles those trials; repetitions says that).
/// Returns nullopt when absent (the caller keeps its default) or when any element is bad.
template <typename T>
std::optional<std::vector<T>>
readList(JsonReader& reader, const Json& object, const std::string& path, const char* key,
         bool required,
         const std::function<std::optional<T>(const Json&, const std::string&)>& readElement)
{
    const Json* list = reader.member(object, path, key, required);
    const std::string listPath = JsonReader::child(path, key);
    if (!list || !reader.isArray(*list, listPath)) return std::nullopt;
    if (list->empty()) {
        reader.error(listPath, "is empty, so the block would have zero trials");
        return std::nullopt;
    }
    // Refused before reading: 200,000 levels once took 8 s to check, to be refused anyway.
    if (list->size() > maximumFactorLevels) {
        reader.error(listPath, "has " + std::to_string(list->size()) + " levels; at most " +
                                   std::to_string(maximumFactorLevels) + " are allowed");
        return std::nullopt;
    }
    std::vector<T> values;
    std::set<T> seen; // a repeat is found in log time, not by a scan of all before it
    bool good = true;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string itemPath = JsonReader::child(listPath, i);
        std::optional<T> value = readElement((*list)[i], itemPath);
        if (!value) {
            good = false;
            continue;
        }
        if (!seen.insert(*value).second)
            reader.error(
                itemPath,
                "repeats an earlier level (use \"repetitions\" to present a cell more often)");
        values.push_back(*value);
    }
    return good ? std::optional(std::move(values)) : std::nullopt;
}

struct BlockReader
{
    JsonReader& reader;
    const Experiment& experiment;

    std::function<std::optional<std::string>(const Json&, const std::string&)>
    stimulusId(const char* what)
    {
        return
            [this, what](const Json& value, const std::string& path) -> std::optional<std::string> {
                auto id = reader.asString(value, path);
                if (id && !experiment.findStimulus(*id)) {
                    std::vector<std::string> ids;
                    for (const ExperimentStimulus& stimulus : experiment.stimuli)
                        ids.push_back(stimulus.id);
                    reader.error(path, std::string("unknown ") + what + " '" + *id +
                                           "' (the experiment's stimuli: " + joined(ids) + ")");
                    return std::nullopt;
                }
                return id;
            };
    }

    std::function<std::optional<double>(const Json&, const std::string&)> angle(double minimum,
                                                                                double maximum)
    {
        return [this, minimum, maximum](const Json& value, const std::string& path) {
            return reader.asNumber(value, path, minimum, maximum);
        };
    }

    /// A model factor level: a model's own name or one of the experiment's variants.
    std::optional<std::string> model(const Json& value, const std::string& path)
    {
        auto name = reader.asString(value, path);
        if (!name) return std::nullopt;
        if (!isModelName(*name) && !experiment.models.count(*name)) {
            std::string variants;
            for (const auto& [variant, definition] : experiment.models)
                variants += (variants.empty() ? "" : ", ") + variant;
            reader.error(path,
                         "unknown model '" + *name + "' (known: " + knownModelNames() +
                             (variants.empty() ? "" : "; the experiment's variants: " + variants) +
                             ")");
            return std::nullopt;
        }
        return name;
    }

    void distractors(const Json& value, const std::string& path, ExperimentBlock& block)
    {
        if (!reader.object(value, path, {"count", "stimuli", "minimumSeparationDeg"})) return;
        DistractorFactor& factor = block.factors.distractors;
        if (auto count = readList<int>(
                reader, value, path, "count", false, [this](const Json& v, const std::string& p) {
                    const auto number = reader.asInteger(v, p, 0, 16);
                    return number ? std::optional<int>(int(*number)) : std::nullopt;
                }))
            factor.count = *count;
        const bool needed =
            std::any_of(factor.count.begin(), factor.count.end(), [](int n) { return n > 0; });
        if (auto stimuli = readList<std::string>(reader, value, path, "stimuli", needed,
                                                 stimulusId("distractor stimulus")))
            factor.stimuli = *stimuli;
        else
            return; // Missing or bad: the availability check below would only repeat that.
        if (const Json* separation = reader.member(value, path, "minimumSeparationDeg", false))
            factor.minimumSeparationDeg =
                reader.asNumber(*separation, path + "/minimumSeparationDeg", 0.0, 180.0)
                    .value_or(30.0);
        // Distractors in one trial are different stimuli, none the target's: check there are
        // enough for the largest count with every target, now rather than mid-session.
        const auto largest = std::max_element(factor.count.begin(), factor.count.end());
        for (const std::string& target : block.factors.stimulus) {
            const auto available =
                std::count_if(factor.stimuli.begin(), factor.stimuli.end(),
                              [&](const std::string& id) { return id != target; });
            if (*largest > available) {
                reader.error(
                    JsonReader::child(path + "/count", size_t(largest - factor.count.begin())),
                    std::to_string(*largest) + " distractors need " + std::to_string(*largest) +
                        " stimuli other than the target '" + target +
                        "', but distractors.stimuli offers " + std::to_string(available));
                return;
            }
        }
    }

    /// "headTracking": "off" | "on", or both as a factor; default the experiment's. "on" needs
    /// models that render a head at every direction (hrtf, spherical-head and their variants).
    void headTracking(const Json& value, const std::string& path, ExperimentBlock& block)
    {
        BlockFactors& factors = block.factors;
        factors.headTracking = {experiment.headTracking};
        const Json* given = reader.member(value, path, "headTracking", false);
        if (given && given->is_string()) {
            if (auto level = reader.asChoice(*given, path + "/headTracking", {"off", "on"}))
                factors.headTracking = {*level};
        } else if (given) {
            factors.headTracking =
                readList<std::string>(reader, value, path, "headTracking", false,
                                      [this](const Json& v, const std::string& p) {
                                          return reader.asChoice(v, p, {"off", "on"});
                                      })
                    .value_or(factors.headTracking);
            if (factors.headTracking.size() == 2 &&
                factors.headTracking[0] == factors.headTracking[1])
                reader.error(path + "/headTracking",
                             "lists '" + factors.headTracking[0] + "' twice");
        }
    }

    /// Head tracking "on" in a block: its models must render a head the tracker can turn.
    void checkHeadTrackedModels(const std::string& path, const ExperimentBlock& block)
    {
        const auto& levels = block.factors.headTracking;
        if (std::find(levels.begin(), levels.end(), "on") == levels.end()) return;
        for (size_t m = 0; m < block.factors.model.size(); ++m) {
            const ModelVariant variant = experiment.modelVariant(block.factors.model[m]);
            if (variant.model != "hrtf" && variant.model != "spherical-head")
                reader.error(JsonReader::child(path + "/factors/model", m),
                             "'" + block.factors.model[m] + "' (" + variant.model +
                                 ") cannot be head-tracked: only models that render a head at "
                                 "every direction can (hrtf, spherical-head)");
        }
    }

    /// A stage-map block crosses its models with its ensembles; the instruments carry the
    /// stimuli and their places, so no other factor applies.
    void stageMapFactors(const Json& value, const std::string& path, ExperimentBlock& block)
    {
        if (!reader.object(value, path, {"model", "ensemble", "headTracking"})) return;
        BlockFactors& factors = block.factors;
        factors.stimulus = {""};
        headTracking(value, path, block);
        factors.model = readList<std::string>(
                            reader, value, path, "model", false,
                            [this](const Json& v, const std::string& p) { return model(v, p); })
                            .value_or(factors.model);
        if (const Json* ensembles = reader.member(value, path, "ensemble", true))
            factors.ensemble = readEnsembles(reader, experiment, *ensembles, path + "/ensemble")
                                   .value_or(std::vector<Ensemble>{});
    }

    void factors(const Json& value, const std::string& path, ExperimentBlock& block)
    {
        if (block.kind == "stage-map") return stageMapFactors(value, path, block);
        if (!reader.object(value, path,
                           {"stimulus", "model", "azimuthDeg", "elevationDeg", "distanceM",
                            "widthDeg", "distractors", "headTracking"}))
            return;
        BlockFactors& factors = block.factors;
        headTracking(value, path, block);
        const bool width = block.kind == "width";
        factors.stimulus =
            readList<std::string>(reader, value, path, "stimulus", true, stimulusId("stimulus"))
                .value_or(factors.stimulus);
        factors.model = readList<std::string>(
                            reader, value, path, "model", false,
                            [this](const Json& v, const std::string& p) { return model(v, p); })
                            .value_or(factors.model);
        // Localization needs its targets spelled out; a width block defaults to a centred source.
        factors.azimuthDeg =
            readList<double>(reader, value, path, "azimuthDeg", !width, angle(-180.0, 360.0))
                .value_or(factors.azimuthDeg);
        factors.elevationDeg =
            readList<double>(reader, value, path, "elevationDeg", false, angle(-90.0, 90.0))
                .value_or(factors.elevationDeg);
        factors.distanceM =
            readList<double>(reader, value, path, "distanceM", false,
                             [this](const Json& v, const std::string& p) -> std::optional<double> {
                                 // 0 = the reference distance; else what scenes can render.
                                 auto metres = reader.asNumber(v, p, 0.0, maximumSourceDistanceM);
                                 if (metres && *metres != 0.0 && *metres < minimumSourceDistanceM) {
                                     reader.error(p, formatNumber(*metres) +
                                                         " m is inside the head's near field "
                                                         "limit (" +
                                                         formatNumber(minimumSourceDistanceM) +
                                                         " m; 0 = the reference distance)");
                                     return std::nullopt;
                                 }
                                 return metres;
                             })
                .value_or(factors.distanceM);
        factors.widthDeg =
            readList<double>(reader, value, path, "widthDeg", width, angle(0.0, 360.0))
                .value_or(factors.widthDeg);
        if (const Json* distractorValue = reader.member(value, path, "distractors", false))
            distractors(*distractorValue, path + "/distractors", block);
    }

    void block(const Json& value, const std::string& path, ExperimentBlock& block)
    {
        if (!reader.object(value, path,
                           {"id", "name", "kind", "training", "feedback", "responseMode", "alsoAsk",
                            "instructions", "repetitions", "factors"}))
            return;
        const size_t errorsBefore = reader.errorCount();
        if (const Json* id = reader.member(value, path, "id", true))
            block.id = reader.asIdentifier(*id, path + "/id").value_or("");
        block.name = block.id;
        if (const Json* name = reader.member(value, path, "name", false))
            block.name = reader.asString(*name, path + "/name").value_or(block.id);
        if (const Json* instructions = reader.member(value, path, "instructions", false))
            block.instructions =
                reader.asString(*instructions, path + "/instructions").value_or("");
        if (const Json* kind = reader.member(value, path, "kind", true))
            block.kind = reader
                             .asChoice(*kind, path + "/kind",
                                       {"localization", "width", "externalization", "stage-map"})
                             .value_or("");
        if (const Json* training = reader.member(value, path, "training", false))
            block.training = reader.asBoolean(*training, path + "/training").value_or(false);
        if (const Json* feedback = reader.member(value, path, "feedback", false))
            block.feedback = reader.asBoolean(*feedback, path + "/feedback").value_or(false);
        // The modes of width, externalization and stage-map blocks are their kind's own.
        const std::string ownMode = block.kind == "width"             ? "width-edges"
                                    : block.kind == "externalization" ? "externalization"
                                    : block.kind == "stage-map"       ? "stage-map"
                                                                      : "";
        block.responseMode = ownMode.empty() ? "azimuth" : ownMode;
        if (const Json* mode = reader.member(value, path, "responseMode", false))
            if (auto text = reader.asChoice(*mode, path + "/responseMode",
                                            {"azimuth", "azimuth-elevation", "azimuth-distance",
                                             "head-pointing", "width-edges", "externalization",
                                             "stage-map"})) {
                const std::string fits = ownMode.empty() ? "localization" : ownMode;
                const bool localizationMode = *text == "azimuth" || *text == "azimuth-elevation" ||
                                              *text == "azimuth-distance" ||
                                              *text == "head-pointing";
                if (!block.kind.empty() &&
                    (fits == "localization" ? !localizationMode : *text != fits))
                    reader.error(path + "/responseMode",
                                 "'" + *text + "' does not fit a " + block.kind + " block (" +
                                     (block.kind == "width" ? "width blocks answer with "
                                                              "'width-edges'"
                                      : block.kind == "externalization"
                                          ? "externalization blocks answer with "
                                            "'externalization'"
                                      : block.kind == "stage-map"
                                          ? "stage-map blocks answer with 'stage-map'"
                                          : "localization blocks answer with 'azimuth', "
                                            "'azimuth-elevation', 'azimuth-distance' or "
                                            "'head-pointing'") +
                                     ")");
                block.responseMode = *text;
            }
        if (const Json* also = reader.member(value, path, "alsoAsk", false))
            if (reader.isArray(*also, path + "/alsoAsk"))
                for (size_t i = 0; i < also->size(); ++i) {
                    const std::string itemPath = JsonReader::child(path + "/alsoAsk", i);
                    auto question = reader.asChoice((*also)[i], itemPath, {"externalization"});
                    if (!question) continue;
                    if (block.kind == "externalization")
                        reader.error(itemPath, "an externalization block asks it already");
                    else if (block.kind == "stage-map")
                        reader.error(itemPath, "a stage map asks for the instruments' places "
                                               "only (ask it in a block of its own)");
                    else if (block.responseMode == "head-pointing")
                        reader.error(itemPath, "a head-pointing answer is the head's alone "
                                               "(ask it in a block of its own)");
                    else if (std::find(block.alsoAsk.begin(), block.alsoAsk.end(), *question) !=
                             block.alsoAsk.end())
                        reader.error(itemPath, "asks '" + *question + "' twice");
                    else
                        block.alsoAsk.push_back(*question);
                }
        if (const Json* repetitions = reader.member(value, path, "repetitions", false)) {
            const auto count = reader.asInteger(*repetitions, path + "/repetitions", 0, 10000);
            if (count == 0)
                reader.error(path + "/repetitions", "is 0, so the block would have zero trials");
            block.repetitions = int(count.value_or(1));
        }
        if (const Json* factorValue = reader.member(value, path, "factors", true)) {
            factors(*factorValue, path + "/factors", block);
            // A distance answer is scored against the true distance: every level must say it.
            if (block.responseMode == "azimuth-distance" && factorValue->is_object())
                for (size_t d = 0; d < block.factors.distanceM.size(); ++d) {
                    if (const double metres = block.factors.distanceM[d];
                        metres != 0.0 &&
                        (metres < answerableNearestM || metres > answerableFarthestM))
                        reader.error(JsonReader::child(path + "/factors/distanceM", d),
                                     formatNumber(metres) +
                                         " m is beyond the distances a listener can answer "
                                         "(the floor plan's " +
                                         formatNumber(answerableNearestM) + "-" +
                                         formatNumber(answerableFarthestM) + " m)");
                    else if (metres == 0.0)
                        reader.error(factorValue->contains("distanceM")
                                         ? JsonReader::child(path + "/factors/distanceM", d)
                                         : path + "/factors",
                                     "an azimuth-distance block needs its targets' distances "
                                     "in metres (\"distanceM\"; 0, the reference distance, is "
                                     "not a distance a listener can be scored against)");
                }
        }
        if (const int64_t trials = block.trialCount(); trials > maximumBlockTrials)
            reader.error(path, "has " + std::to_string(trials) +
                                   " trials (the factors crossed × repetitions); more than " +
                                   std::to_string(maximumBlockTrials) + " is surely a mistake");
        else if (reader.errorCount() == errorsBefore) // bounded by the trial count
            checkTargetsInsideRooms(reader, experiment, path + "/factors", block);
        checkHeadTrackedModels(path, block);
    }
};

} // namespace

void readBlocks(JsonReader& reader, const Json& document, Experiment& experiment)
{
    const Json* list = reader.member(document, "", "blocks", true);
    if (!list || !reader.isArray(*list, "/blocks")) return;
    if (list->empty()) reader.error("/blocks", "must list at least one block");
    BlockReader blockReader{reader, experiment};
    std::map<std::string, std::string> seen;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string path = JsonReader::child("/blocks", i);
        ExperimentBlock block;
        blockReader.block((*list)[i], path, block);
        if (!block.id.empty())
            if (const auto [where, inserted] = seen.emplace(block.id, path + "/id"); !inserted)
                reader.error(path + "/id", "duplicate block id '" + block.id + "' (first at " +
                                               where->second + ")");
        experiment.blocks.push_back(std::move(block));
    }
    const bool anyTest = std::any_of(experiment.blocks.begin(), experiment.blocks.end(),
                                     [](const ExperimentBlock& block) { return !block.training; });
    if (!list->empty() && !anyTest)
        reader.error("/blocks",
                     "has only training blocks; an experiment needs at least one test block");
}

} // namespace stagelab
