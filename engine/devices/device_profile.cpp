#include "devices/device_profile.h"

#include "util/json_document.h"

#include "util/error.h"
#include "util/files.h"
#include "util/json_reader.h"
#include "util/sha256.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef STAGELAB_SOURCE_STIMULI_DIR
#define STAGELAB_SOURCE_STIMULI_DIR "stimuli"
#endif

namespace stagelab {

namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

void readFilters(JsonReader& reader, const Json& value, const std::string& path,
                 Equalizer& equalizer)
{
    if (!reader.object(value, path, {"preampDb", "filters"})) return;
    if (const Json* preamp = reader.member(value, path, "preampDb", false))
        equalizer.preampDb =
            reader
                .asNumber(*preamp, path + "/preampDb", equalizerLimits::preampDb.minimum,
                          equalizerLimits::preampDb.maximum)
                .value_or(0.0);
    const Json* filters = reader.member(value, path, "filters", true);
    if (!filters || !reader.isArray(*filters, path + "/filters")) return;
    if (filters->size() > equalizerLimits::filters) {
        reader.error(path + "/filters", std::to_string(filters->size()) +
                                            " filters, more than the limit of " +
                                            std::to_string(equalizerLimits::filters));
        return;
    }
    for (size_t i = 0; i < filters->size(); ++i) {
        const std::string at = JsonReader::child(path + "/filters", i);
        const Json& item = (*filters)[i];
        if (!reader.object(item, at, {"type", "frequencyHz", "gainDb", "q"})) continue;
        ParametricFilter filter;
        if (const Json* type = reader.member(item, at, "type", true))
            filter.type = reader.asChoice(*type, at + "/type", {"PK", "LSC", "HSC"}).value_or("");
        // Frequencies are checked against Nyquist where the rate is known (EqualizerChain).
        if (const Json* f = reader.member(item, at, "frequencyHz", true))
            filter.frequencyHz =
                reader
                    .asNumber(*f, at + "/frequencyHz", equalizerLimits::frequencyHz.minimum,
                              equalizerLimits::frequencyHz.maximum)
                    .value_or(0);
        if (const Json* g = reader.member(item, at, "gainDb", true))
            filter.gainDb = reader
                                .asNumber(*g, at + "/gainDb", equalizerLimits::gainDb.minimum,
                                          equalizerLimits::gainDb.maximum)
                                .value_or(0);
        if (const Json* q = reader.member(item, at, "q", true))
            filter.q =
                reader
                    .asNumber(*q, at + "/q", equalizerLimits::q.minimum, equalizerLimits::q.maximum)
                    .value_or(0);
        equalizer.filters.push_back(filter);
    }
}

void readEqualization(JsonReader& reader, const Json& document, const std::string& baseFolder,
                      DeviceProfile& profile)
{
    profile.equalization = "none";
    const Json* value = reader.member(document, "", "equalization", false);
    if (!value || (value->is_string() && *value == "none")) return;
    if (!value->is_object()) {
        reader.error(
            "/equalization",
            "must be \"none\", {\"autoEqFile\": ...} or {\"preampDb\": ..., \"filters\": [...]}");
        return;
    }
    if (!value->contains("autoEqFile")) {
        profile.equalization = "filters";
        readFilters(reader, *value, "/equalization", profile.equalizer);
        return;
    }
    profile.equalization = "autoeq";
    if (!reader.object(*value, "/equalization", {"autoEqFile"})) return;
    const auto file = reader.asString(value->at("autoEqFile"), "/equalization/autoEqFile");
    if (!file) return;
    profile.autoEqFile = *file;
    const fs::path path =
        fs::path(*file).is_absolute() ? fs::path(*file) : fs::path(baseFolder) / *file;
    std::error_code ignored;
    if (!fs::is_regular_file(path, ignored)) {
        reader.error("/equalization/autoEqFile", "AutoEq file '" + *file +
                                                     "' not found (looked for '" +
                                                     path.lexically_normal().string() + "')");
        return;
    }
    profile.autoEqPath = fs::absolute(path, ignored).lexically_normal().string();
    try {
        profile.equalizer = loadAutoEqFile(profile.autoEqPath);
        profile.autoEqSha256 = sha256OfFile(profile.autoEqPath);
    } catch (const Error& error) {
        reader.error("/equalization/autoEqFile", error.what());
    }
}
} // namespace

DeviceProfile deviceProfileFromJson(const Json& document, const std::string& sourceName,
                                    const std::string& baseFolder)
{
    std::vector<ValidationError> errors;
    JsonReader reader(errors);
    DeviceProfile profile;
    if (reader.object(document, "",
                      {"format", "id", "name", "kind", "equalization", "levelOffsetDb", "notes"})) {
        if (const Json* format = reader.member(document, "", "format", true))
            if (auto text = reader.asString(*format, "/format");
                text && *text != deviceProfileFormat)
                reader.error("/format", "must be \"" + std::string(deviceProfileFormat) +
                                            "\", not \"" + *text + "\"");
        if (const Json* id = reader.member(document, "", "id", true))
            profile.id = reader.asIdentifier(*id, "/id").value_or("");
        profile.name = profile.id;
        if (const Json* name = reader.member(document, "", "name", false))
            profile.name = reader.asString(*name, "/name").value_or(profile.id);
        if (const Json* kind = reader.member(document, "", "kind", true))
            profile.kind =
                reader.asChoice(*kind, "/kind", {"open-back", "closed-back", "iem", "loudspeakers"})
                    .value_or("");
        if (const Json* offset = reader.member(document, "", "levelOffsetDb", false))
            profile.levelOffsetDb =
                reader.asNumber(*offset, "/levelOffsetDb", -40, 20).value_or(0.0);
        if (const Json* notes = reader.member(document, "", "notes", false))
            profile.notes = reader.asString(*notes, "/notes").value_or("");
        readEqualization(reader, document, baseFolder, profile);
    }
    if (!errors.empty()) {
        std::string text = sourceName + " is not a valid device profile:";
        for (const ValidationError& error : errors)
            text += "\n" + sourceName + ": " + (error.jsonPath.empty() ? "/" : error.jsonPath) +
                    ": " + error.message;
        throw Error(text);
    }
    profile.equalizer.source = profile.autoEqPath.empty() ? sourceName : profile.autoEqPath;
    profile.document = document;
    profile.sha256 = sha256Hex(document.dump() + "\n" + profile.autoEqSha256);
    return profile;
}

DeviceProfile loadDeviceProfile(const std::string& path)
{
    // 1 MiB: a profile is a few hundred bytes (its AutoEq file is read on its own).
    const std::string text = readTextFile(path, 1u << 20, "device profile");
    Json document;
    try {
        document = parseJsonDocument(text);
    } catch (const JsonSyntaxError& error) {
        throw Error(path + ": not a valid JSON document: " + error.what());
    }
    DeviceProfile profile =
        deviceProfileFromJson(document, path, fs::absolute(path).parent_path().string());
    profile.file = fs::absolute(path).lexically_normal().string();
    return profile;
}

DeviceProfile flatDeviceProfile(const std::string& id, const std::string& name,
                                const std::string& kind)
{
    DeviceProfile profile;
    profile.id = id;
    profile.name = name;
    profile.kind = kind;
    profile.equalization = "none";
    profile.equalizer.source = id;
    return profile;
}

std::string defaultDeviceFolder()
{
    if (const char* folder = std::getenv("STAGELAB_DEVICES"); folder && *folder) return folder;
    return (fs::path(STAGELAB_SOURCE_STIMULI_DIR) / "devices").string();
}

std::vector<std::string> defaultDeviceProfileNames()
{
    std::vector<std::string> names;
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(defaultDeviceFolder(), ignored))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolveDeviceProfile(const std::string& reference, const std::string& baseFolder)
{
    std::error_code ignored;
    const fs::path path =
        fs::path(reference).is_absolute() ? fs::path(reference) : fs::path(baseFolder) / reference;
    if (!reference.empty() && fs::is_regular_file(path, ignored))
        return fs::absolute(path, ignored).lexically_normal().string();
    const fs::path defaults = defaultDeviceFolder();
    if (!reference.empty() && reference.find('/') == std::string::npos)
        for (const fs::path& candidate : {defaults / reference, defaults / (reference + ".json")})
            if (fs::is_regular_file(candidate, ignored))
                return fs::absolute(candidate, ignored).string();
    std::string names;
    for (const std::string& name : defaultDeviceProfileNames())
        names += (names.empty() ? "" : ", ") + name;
    throw Error("device profile '" + reference + "' not found: it is neither a file ('" +
                path.lexically_normal().string() + "') nor a default profile (" + names + ")");
}

Json equalizerToJson(const Equalizer& equalizer)
{
    Json filters = Json::array();
    for (const ParametricFilter& filter : equalizer.filters)
        filters.push_back({{"type", filter.type},
                           {"frequencyHz", filter.frequencyHz},
                           {"gainDb", filter.gainDb},
                           {"q", filter.q}});
    Json curve = Json::array();
    for (const auto& [frequencyHz, gainDb] : equalizer.graphicCurve)
        curve.push_back({frequencyHz, gainDb});
    return {{"preampDb", equalizer.preampDb}, {"filters", filters}, {"graphicCurve", curve}};
}

Json deviceProfileToJson(const DeviceProfile& profile)
{
    return {
        {"file", profile.file.empty() ? Json(nullptr) : Json(profile.file)},
        {"sha256", profile.sha256},
        {"copy", profile.document},
        {"autoEqFile", profile.autoEqPath.empty() ? Json(nullptr) : Json(profile.autoEqPath)},
        {"autoEqSha256", profile.autoEqSha256.empty() ? Json(nullptr) : Json(profile.autoEqSha256)},
        {"equalizer", equalizerToJson(profile.equalizer)}};
}

} // namespace stagelab
