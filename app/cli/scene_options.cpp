#include "cli/scene_options.h"

#include "io/stimulus.h"
#include "render/prepared_model.h"
#include "spatial/model_variant.h"
#include "spatial/room.h"
#include "spatial/spatial_model.h"
#include "util/error.h"
#include "util/number_format.h"

#include <cmath>
#include <map>
#include <sstream>

namespace stagelab::cli {

namespace {

double parseNumber(const std::string& key, const std::string& value)
{
    try {
        size_t used = 0;
        const double number = std::stod(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
        return number;
    } catch (const std::exception&) {
        throw UsageError("--source: " + key + "=" + value + " is not a number");
    }
}

void checkSource(const SourceOptions& source, const std::string& label)
{
    try {
        validateDirection({source.azimuthDeg, source.elevationDeg}, label);
    } catch (const Error& error) {
        throw UsageError(error.what());
    }
    if (!std::isfinite(source.widthDeg) || source.widthDeg < 0.0 || source.widthDeg > 360.0)
        throw UsageError(label + ": width " + std::to_string(source.widthDeg) +
                         " deg is not in [0, 360]");
    if (!std::isfinite(source.gainDb) || source.gainDb < -120.0 || source.gainDb > 24.0)
        throw UsageError(label + ": gain " + std::to_string(source.gainDb) +
                         " dB is not in [-120, 24]");
    if (!std::isfinite(source.rotateDegPerS) || std::abs(source.rotateDegPerS) > 3600.0)
        throw UsageError(label + ": rotation " + std::to_string(source.rotateDegPerS) +
                         " deg/s is not in [-3600, 3600]");
    if (!std::isfinite(source.distanceM) ||
        (source.distanceM != 0.0 &&
         (source.distanceM < minimumSourceDistanceM || source.distanceM > maximumSourceDistanceM)))
        throw UsageError(label + ": distance " + formatNumber(source.distanceM) + " m is not in [" +
                         formatNumber(minimumSourceDistanceM) + ", " +
                         formatNumber(maximumSourceDistanceM) + "] m");
}

/// The model and room the options ask for, checked as an experiment's variant is (one set of
/// rules), its problems named by option.
ModelVariant modelVariant(const SceneOptions& options)
{
    if (!isModelName(options.model))
        throw Error("unknown model '" + options.model + "' (known models: " + knownModelNames() +
                    ")");
    const std::pair<const char*, const char*> names[] = {
        {"speakerAzimuthDeg", "--speaker-azimuth"}, {"speakerDistanceM", "--speaker-distance"},
        {"headRadiusM", "--head-radius"},           {"cutoffHz", "--crossfeed-cutoff"},
        {"levelDb", "--crossfeed-level"},           {"room", "--room"}};
    nlohmann::json json = {{"model", options.model}};
    const std::optional<double> values[] = {options.speakerAzimuthDeg, options.speakerDistanceM,
                                            options.headRadiusM, options.crossfeedCutoffHz,
                                            options.crossfeedLevelDb};
    for (size_t i = 0; i < std::size(values); ++i)
        if (values[i]) json[names[i].first] = *values[i];
    if (!options.room.empty()) json["room"] = options.room;
    std::vector<ValidationError> errors;
    JsonReader reader(errors);
    std::optional<RoomSpec> room;
    const auto resolveRoom = [&](const nlohmann::json& value,
                                 const std::string&) -> std::optional<RoomSpec> {
        return loadRoom(value.get<std::string>()); // throws Error naming the file and field
    };
    std::optional<ModelVariant> variant =
        readModelVariant(reader, json, "", options.model, resolveRoom);
    if (variant) return *variant;
    std::string message;
    for (const ValidationError& error : errors) {
        std::string where = error.jsonPath;
        for (const auto& [key, option] : names)
            if (where == "/" + std::string(key)) where = option;
        if (where.empty()) where = "--model " + options.model;
        message += (message.empty() ? "" : "\n") + where + ": " + error.message;
    }
    throw UsageError(message);
}

} // namespace

void addSceneOptions(CLI::App& command, SceneOptions& options)
{
    command.add_option("--model", options.model, "Rendering model: " + knownModelNames())
        ->capture_default_str();
    command.add_option("--hrtf", options.hrtf,
                       "SOFA SimpleFreeFieldHRIR file (default: MIT KEMAR)");
    std::string rooms;
    for (const std::string& room : roomPresetNames())
        rooms += (rooms.empty() ? "" : ", ") + room;
    command.add_option("--room", options.room,
                       "Room the sources are in: " + rooms +
                           ", or a stagelab.room/1 file (default: anechoic; virtual-speakers: "
                           "its built-in room, and anechoic puts its speakers in free field)");
    command.add_option("--speaker-azimuth", options.speakerAzimuthDeg,
                       "virtual-speakers: the speakers at +-this many degrees (default 30)");
    command.add_option("--speaker-distance", options.speakerDistanceM,
                       "virtual-speakers: the speakers' distance in metres (default 2)");
    command.add_option("--head-radius", options.headRadiusM,
                       "spherical-head: the head's radius in metres (default 0.0875)");
    command.add_option("--crossfeed-cutoff", options.crossfeedCutoffHz,
                       "crossfeed: libbs2b's cut-off in Hz, 300-2000 (default 700)");
    command.add_option("--crossfeed-level", options.crossfeedLevelDb,
                       "crossfeed: libbs2b's feed level in dB, 1-15 (default 4.5)");
    command.add_option("--propagation-delay", options.propagationDelay,
                       "Delay each source by distance / c (default: only in a room)");
    command.add_option("--sample-rate", options.sampleRateHz, "Engine sample rate in Hz")
        ->capture_default_str();
    command
        .add_option("--block", options.blockFrames,
                    "Render block (FFT partition) size in frames, a power of two")
        ->capture_default_str();
    command.add_option(
        "--duration", options.durationS,
        "Seconds to render; sources shorter than this loop (default: the longest source once)");
    auto single = [&](CLI::Option* option) {
        option->each([&](const std::string&) { options.singleGiven = true; });
    };
    single(command
               .add_option("--stimulus", options.single.stimulus,
                           "Audio file, or a name of the default stimulus set")
               ->capture_default_str());
    single(command.add_option("--azimuth", options.single.azimuthDeg,
                              "Azimuth in degrees, +90 = LEFT (SOFA)"));
    single(command.add_option("--elevation", options.single.elevationDeg,
                              "Elevation in degrees, +90 = up"));
    single(command.add_option("--width", options.single.widthDeg,
                              "Source width (azimuth extent) in degrees"));
    single(command.add_option("--gain", options.single.gainDb, "Source gain in dB"));
    single(command.add_option("--distance", options.single.distanceM,
                              "Source distance in metres from the head's centre (default: the "
                              "HRTF set's measurement distance, 1.4 m for MIT KEMAR)"));
    single(command.add_option("--rotate", options.single.rotateDegPerS,
                              "Azimuth speed in deg/s (+ = towards the left)"));
    command
        .add_option("--source", options.sources,
                    "A source: "
                    "\"stimulus=NAME,azimuth=DEG,elevation=DEG,width=DEG,gainDb=DB,distanceM=M,"
                    "rotateDegPerS=R\" "
                    "(repeat for several)")
        ->take_all();
}

SourceOptions parseSourceOption(const std::string& text)
{
    SourceOptions source;
    std::istringstream stream(text);
    std::string field;
    bool hasStimulus = false;
    while (std::getline(stream, field, ',')) {
        const size_t equals = field.find('=');
        if (equals == std::string::npos)
            throw UsageError("--source \"" + text + "\": '" + field + "' is not KEY=VALUE");
        const std::string key = field.substr(0, equals);
        const std::string value = field.substr(equals + 1);
        if (key == "stimulus") {
            source.stimulus = value;
            hasStimulus = true;
        } else if (key == "azimuth")
            source.azimuthDeg = parseNumber(key, value);
        else if (key == "elevation")
            source.elevationDeg = parseNumber(key, value);
        else if (key == "width")
            source.widthDeg = parseNumber(key, value);
        else if (key == "gainDb")
            source.gainDb = parseNumber(key, value);
        else if (key == "rotateDegPerS")
            source.rotateDegPerS = parseNumber(key, value);
        else if (key == "distanceM")
            source.distanceM = parseNumber(key, value);
        else
            throw UsageError(
                "--source \"" + text + "\": unknown key '" + key +
                "' (known: stimulus, azimuth, elevation, width, gainDb, distanceM, rotateDegPerS)");
    }
    if (!hasStimulus) throw UsageError("--source \"" + text + "\": stimulus=NAME is required");
    return source;
}

SceneSpec buildScene(const SceneOptions& options)
{
    if (!options.sources.empty() && options.singleGiven)
        throw UsageError("use either --source or the single-source options (--stimulus, --azimuth, "
                         "...), not both");
    if (options.durationS && (!std::isfinite(*options.durationS) || *options.durationS <= 0.0 ||
                              *options.durationS > 86400.0))
        throw UsageError("--duration must be between 0 and 86400 s");
    std::vector<SourceOptions> sources;
    for (const std::string& text : options.sources)
        sources.push_back(parseSourceOption(text));
    if (sources.empty()) sources.push_back(options.single);
    for (size_t i = 0; i < sources.size(); ++i)
        checkSource(sources[i],
                    options.sources.empty() ? "source" : "--source " + std::to_string(i + 1));

    SceneSpec spec;
    ModelSettings settings;
    settings.sampleRateHz = options.sampleRateHz;
    settings.blockFrames = options.blockFrames;
    settings.hrtfPath = options.hrtf;
    const PreparedModel prepared = prepareModel(modelVariant(options), settings);
    spec.model = prepared.model;
    spec.room = prepared.room;
    spec.propagationDelay = options.propagationDelay;
    spec.durationS = options.durationS.value_or(0.0);
    StimulusSettings stimulusSettings;
    stimulusSettings.sampleRateHz = options.sampleRateHz;
    std::map<std::string, std::shared_ptr<const Stimulus>> loaded;
    for (const SourceOptions& source : sources) {
        const std::string path = resolveStimulus(source.stimulus);
        auto& stimulus = loaded[path];
        if (!stimulus) stimulus = loadStimulus(path, stimulusSettings);
        SourceSpec spec1;
        spec1.stimulus = stimulus;
        spec1.direction = {source.azimuthDeg, source.elevationDeg};
        spec1.widthDeg = source.widthDeg;
        spec1.gainDb = source.gainDb;
        spec1.rotateDegPerS = source.rotateDegPerS;
        spec1.distanceM = source.distanceM;
        spec1.loop = spec.durationS > stimulus->durationS();
        spec.sources.push_back(spec1);
    }
    return spec;
}

SceneOptions demoScene()
{
    SceneOptions demo;
    demo.single.stimulus = "acoustic-guitar";
    demo.single.azimuthDeg = 0.0;
    demo.single.rotateDegPerS = 45.0;
    demo.durationS = 16.0;
    return demo;
}

} // namespace stagelab::cli
