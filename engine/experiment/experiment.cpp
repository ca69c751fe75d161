#include "experiment/experiment.h"

#include "util/json_document.h"

#include "devices/device_profile.h"
#include "experiment/experiment_sections.h"
#include "io/stimulus.h"
#include "util/error.h"
#include "util/files.h"
#include "util/json_reader.h"
#include "util/sha256.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

namespace stagelab {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

/// A stimulus `file`: a path relative to the experiment folder first, then a name of the
/// default set (with or without ".wav"), as resolveStimulus() does for the command line.
std::optional<std::string> resolveStimulusFile(const std::string& folder, const std::string& file)
{
    std::error_code ignored;
    if (file.empty()) return std::nullopt;
    if (const fs::path path = besideExperiment(folder, file); fs::is_regular_file(path, ignored))
        return fs::absolute(path, ignored).string();
    const fs::path defaults = defaultStimulusFolder();
    for (const fs::path& candidate : {defaults / file, defaults / (file + ".wav")})
        if (file.find('/') == std::string::npos && fs::is_regular_file(candidate, ignored))
            return fs::absolute(candidate, ignored).string();
    return std::nullopt;
}

std::string defaultNamesHint()
{
    std::string names;
    for (const std::string& name : defaultStimulusNames())
        names += (names.empty() ? "" : ", ") + name;
    return names.empty() ? "" : " (" + names + ")";
}

/// Records a duplicate id at `path`, naming where it first appeared.
void checkUnique(JsonReader& reader, std::map<std::string, std::string>& seen,
                 const std::string& id, const std::string& path, const char* what)
{
    const auto [where, inserted] = seen.emplace(id, path);
    if (!inserted)
        reader.error(path, std::string("duplicate ") + what + " id '" + id + "' (first at " +
                               where->second + ")");
}

void readStimuli(JsonReader& reader, const Json& document, Experiment& experiment)
{
    const Json* list = reader.member(document, "", "stimuli", true);
    if (!list || !reader.isArray(*list, "/stimuli")) return;
    if (list->empty()) reader.error("/stimuli", "must list at least one stimulus");
    std::map<std::string, std::string> seen;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string path = JsonReader::child("/stimuli", i);
        const Json& item = (*list)[i];
        if (!reader.object(item, path, {"id", "file"})) continue;
        ExperimentStimulus stimulus;
        const Json* id = reader.member(item, path, "id", true);
        const Json* file = reader.member(item, path, "file", true);
        if (id)
            if (auto text = reader.asIdentifier(*id, path + "/id")) {
                stimulus.id = *text;
                checkUnique(reader, seen, *text, path + "/id", "stimulus");
            }
        if (file)
            if (auto text = reader.asString(*file, path + "/file")) {
                stimulus.file = *text;
                if (auto resolved = resolveStimulusFile(experiment.folder, *text))
                    stimulus.path = *resolved;
                else
                    reader.error(path + "/file",
                                 "stimulus file '" + *text +
                                     "' not found: it is neither a file "
                                     "relative to the experiment folder ('" +
                                     besideExperiment(experiment.folder, *text).string() +
                                     "') nor a name of the default stimulus set" +
                                     defaultNamesHint());
            }
        experiment.stimuli.push_back(std::move(stimulus));
    }
}

/// A device's "profile": loaded now, so a bad profile is reported with the experiment's errors.
void readDeviceProfile(JsonReader& reader, const Json& value, const std::string& path,
                       const std::string& folder, ExperimentDevice& device)
{
    const auto reference = reader.asString(value, path);
    if (!reference) return;
    device.profile = *reference;
    try {
        device.deviceProfile = std::make_shared<const DeviceProfile>(
            loadDeviceProfile(resolveDeviceProfile(*reference, folder)));
    } catch (const Error& error) {
        reader.error(path, error.what());
    }
}

void readDevices(JsonReader& reader, const Json& document, Experiment& experiment)
{
    const Json* list = reader.member(document, "", "devices", false);
    if (!list || !reader.isArray(*list, "/devices")) return;
    std::map<std::string, std::string> seen;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string path = JsonReader::child("/devices", i);
        const Json& item = (*list)[i];
        if (!reader.object(item, path, {"id", "name", "kind", "profile"})) continue;
        ExperimentDevice device;
        if (const Json* id = reader.member(item, path, "id", true))
            if (auto text = reader.asIdentifier(*id, path + "/id")) {
                device.id = *text;
                checkUnique(reader, seen, *text, path + "/id", "device");
            }
        if (const Json* profile = reader.member(item, path, "profile", false))
            readDeviceProfile(reader, *profile, path + "/profile", experiment.folder, device);
        const DeviceProfile* profile = device.deviceProfile.get();
        device.name = profile ? profile->name : device.id;
        if (const Json* name = reader.member(item, path, "name", false))
            if (auto text = reader.asString(*name, path + "/name")) device.name = *text;
        // The kind comes from the profile when there is one; written as well, it must agree.
        if (const Json* kind = reader.member(item, path, "kind", !item.contains("profile")))
            if (auto text = reader.asChoice(*kind, path + "/kind",
                                            {"open-back", "closed-back", "iem", "loudspeakers"})) {
                device.kind = *text;
                if (profile && profile->kind != *text)
                    reader.error(path + "/kind", "'" + *text +
                                                     "' contradicts the profile's kind '" +
                                                     profile->kind + "'");
            }
        if (profile && device.kind.empty()) device.kind = profile->kind;
        experiment.devices.push_back(std::move(device));
    }
}

void readExperiment(JsonReader& reader, const Json& document, Experiment& experiment)
{
    if (!reader.object(document, "",
                       {"format", "id", "title", "description", "instructions", "stimuli",
                        "devices", "hrtf", "sampleRateHz", "levelLufs", "rooms", "models",
                        "playback", "breaks", "randomization", "headTracking",
                        "faceFrontToleranceDeg", "blocks"}))
        return;
    if (const Json* format = reader.member(document, "", "format", true))
        if (auto text = reader.asString(*format, "/format"); text && *text != experimentFormat)
            reader.error("/format", "unsupported format '" + *text + "'; this version reads '" +
                                        experimentFormat + "'");
    if (const Json* id = reader.member(document, "", "id", true))
        experiment.id = reader.asIdentifier(*id, "/id").value_or("");
    if (const Json* title = reader.member(document, "", "title", true))
        experiment.title = reader.asString(*title, "/title").value_or("");
    if (const Json* description = reader.member(document, "", "description", false))
        experiment.description = reader.asString(*description, "/description").value_or("");
    if (const Json* instructions = reader.member(document, "", "instructions", false))
        experiment.instructions = reader.asString(*instructions, "/instructions").value_or("");
    if (const Json* hrtf = reader.member(document, "", "hrtf", false))
        if (auto text = reader.asString(*hrtf, "/hrtf")) {
            std::error_code ignored;
            const fs::path path = besideExperiment(experiment.folder, *text);
            if (fs::is_regular_file(path, ignored))
                experiment.hrtf = fs::absolute(path, ignored).string();
            else
                reader.error("/hrtf", "SOFA file '" + path.string() + "' not found");
        }
    if (const Json* rate = reader.member(document, "", "sampleRateHz", false))
        experiment.sampleRateHz =
            reader.asNumber(*rate, "/sampleRateHz", 8000.0, 384000.0).value_or(48000.0);
    if (const Json* level = reader.member(document, "", "levelLufs", false))
        experiment.levelLufs = reader.asNumber(*level, "/levelLufs", -70.0, 0.0).value_or(-23.0);
    if (const Json* tracking = reader.member(document, "", "headTracking", false))
        experiment.headTracking =
            reader.asChoice(*tracking, "/headTracking", {"off", "on"}).value_or("off");
    if (const Json* tolerance = reader.member(document, "", "faceFrontToleranceDeg", false))
        experiment.faceFrontToleranceDeg =
            reader.asNumber(*tolerance, "/faceFrontToleranceDeg", 1.0, 45.0).value_or(5.0);
    readStimuli(reader, document, experiment);
    readDevices(reader, document, experiment);
    readModels(reader, document, experiment);
    readSettings(reader, document, experiment);
    readRandomization(reader, document, experiment);
    readBlocks(reader, document, experiment);
}

} // namespace

int64_t ExperimentBlock::trialCount() const
{
    int64_t count = repetitions;
    for (size_t size : {factors.stimulus.size(), factors.model.size(), factors.azimuthDeg.size(),
                        factors.elevationDeg.size(), factors.distanceM.size(),
                        factors.widthDeg.size(), factors.distractors.count.size(),
                        std::max<size_t>(1, factors.ensemble.size()), factors.headTracking.size()})
        count *= int64_t(size);
    return count;
}

bool Experiment::needsHeadTracker() const
{
    return std::any_of(blocks.begin(), blocks.end(), [](const ExperimentBlock& block) {
        const auto& levels = block.factors.headTracking;
        return block.responseMode == "head-pointing" ||
               std::find(levels.begin(), levels.end(), "on") != levels.end();
    });
}

const ExperimentStimulus* Experiment::findStimulus(const std::string& id) const
{
    for (const ExperimentStimulus& stimulus : stimuli)
        if (stimulus.id == id) return &stimulus;
    return nullptr;
}

DeviceProfile ExperimentDevice::profileOrFlat() const
{
    return deviceProfile ? *deviceProfile : flatDeviceProfile(id, name, kind);
}

const ExperimentDevice* Experiment::findDevice(const std::string& id) const
{
    for (const ExperimentDevice& device : devices)
        if (device.id == id) return &device;
    return nullptr;
}

const ExperimentBlock* Experiment::findBlock(const std::string& id) const
{
    for (const ExperimentBlock& block : blocks)
        if (block.id == id) return &block;
    return nullptr;
}

ModelVariant Experiment::modelVariant(const std::string& name) const
{
    const auto found = models.find(name);
    return found != models.end() ? found->second : plainModel(name);
}

fs::path besideExperiment(const std::string& folder, const std::string& file)
{
    const fs::path path(file);
    return (path.is_absolute() ? path : fs::path(folder) / path).lexically_normal();
}

std::string ExperimentLoad::errorText() const
{
    std::string text;
    for (const ValidationError& error : errors)
        text += (error.jsonPath.empty() ? std::string("(document)") : error.jsonPath) + ": " +
                error.message + "\n";
    return text;
}

std::string experimentContentHash(const Json& document)
{
    return sha256Hex(document.dump());
}

ExperimentLoad loadExperimentFromJson(const Json& document, const std::string& baseFolder)
{
    ExperimentLoad load;
    try {
        load.contentHash = experimentContentHash(document);
    } catch (const Json::type_error&) {
        // Parsed text is always valid UTF-8; a document built in code may not be, and then
        // it has no canonical text to hash.
        load.errors.push_back({"", "contains a string that is not valid UTF-8"});
        return load;
    }
    Experiment experiment;
    std::error_code ignored;
    experiment.folder =
        fs::absolute(baseFolder.empty() ? fs::path(".") : fs::path(baseFolder), ignored)
            .lexically_normal()
            .string();
    JsonReader reader(load.errors);
    readExperiment(reader, document, experiment);
    if (load.errors.empty()) {
        experiment.document = document;
        experiment.contentHash = load.contentHash;
        load.experiment = std::move(experiment);
    }
    return load;
}

ExperimentLoad loadExperimentFromString(const std::string& text, const std::string& baseFolder)
{
    Json document;
    try {
        document = parseJsonDocument(text);
    } catch (const JsonSyntaxError& error) {
        ExperimentLoad load;
        if (error.line() > 0)
            load.errors.push_back({"",
                                   "malformed JSON at line " + std::to_string(error.line()) +
                                       ", column " + std::to_string(error.column()) + ": " +
                                       error.reason(),
                                   error.line(), error.column()});
        else
            load.errors.push_back({error.jsonPath(), error.reason()});
        return load;
    }
    return loadExperimentFromJson(document, baseFolder);
}

ExperimentLoad loadExperiment(const std::string& path)
{
    std::string text;
    try {
        // 16 MiB: the largest shipped experiment is 4 KB; a 200,000-trial one is written in a
        // few hundred.
        text = readTextFile(path, 16u << 20, "experiment file");
    } catch (const Error& error) {
        ExperimentLoad load;
        load.errors.push_back({"", error.what()});
        return load;
    }
    return loadExperimentFromString(text, fs::path(path).parent_path().string());
}

} // namespace stagelab
