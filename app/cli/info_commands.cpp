#include "audio/audio_output.h"
#include "cli/commands.h"
#include "render/scene.h"
#include "spatial/hrtf_set.h"
#include "spatial/room.h"
#include "spatial/spatial_model.h"
#include "util/number_format.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace stagelab::cli {

int listDevices(bool json)
{
    const std::vector<AudioDeviceInfo> devices = listAudioOutputDevices();
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const AudioDeviceInfo& device : devices)
            list.push_back({{"id", device.id},
                            {"api", device.api},
                            {"name", device.name},
                            {"outputChannels", device.outputChannels},
                            {"sampleRatesHz", device.sampleRatesHz},
                            {"preferredSampleRateHz", device.preferredSampleRateHz},
                            {"isDefault", device.isDefaultOutput}});
        std::cout << nlohmann::json{{"format", "stagelab.devices/1"}, {"devices", list}}.dump(2)
                  << '\n';
        return 0;
    }
    if (devices.empty()) {
        std::cout
            << "No audio output devices found (is PulseAudio running, or a sound card present?).\n";
        return 0;
    }
    for (const AudioDeviceInfo& device : devices)
        std::cout << (device.isDefaultOutput ? "* " : "  ") << device.id << "  " << device.name
                  << "  (" << device.outputChannels << " ch, preferred "
                  << device.preferredSampleRateHz << " Hz)\n";
    std::cout << "(* = default output of its API; pass the id to `play --device`)\n";
    return 0;
}

int showHrtfInfo(const std::string& path, bool json)
{
    const auto hrtf = HrtfSet::load(path.empty() ? HrtfSet::defaultPath() : path);
    const HrtfInfo& info = hrtf->info();
    if (json) {
        std::cout << nlohmann::json{{"format", "stagelab.hrtf-info/1"},
                                    {"file", info.file},
                                    {"sha256", info.sha256},
                                    {"name", info.name},
                                    {"measurements", info.measurements},
                                    {"irLength", info.irLength},
                                    {"sampleRateHz", info.sampleRateHz},
                                    {"measurementDistanceM", hrtf->measurementDistanceM()},
                                    {"attributes", info.attributes}}
                         .dump(2)
                  << '\n';
        return 0;
    }
    std::cout << "file          " << info.file << '\n'
              << "name          " << info.name << '\n'
              << "sha256        " << info.sha256 << '\n'
              << "measurements  " << info.measurements << '\n'
              << "irLength      " << info.irLength << " taps\n"
              << "sampleRateHz  " << info.sampleRateHz << '\n'
              << "distance      " << hrtf->measurementDistanceM() << " m\n";
    return 0;
}

int showRoomInfo(const RoomInfoOptions& options)
{
    const std::optional<RoomSpec> room = loadRoom(options.room);
    if (!room) {
        if (options.json)
            std::cout
                << nlohmann::json{{"format", "stagelab.room-info/1"}, {"id", "anechoic"}}.dump(2)
                << '\n';
        else
            std::cout << "anechoic: no room - only the direct sound, at any distance\n";
        return 0;
    }
    const std::string range = "[" + formatNumber(minimumSourceDistanceM) + ", " +
                              formatNumber(maximumSourceDistanceM) + "] m";
    for (double distance : options.distancesM)
        if (!(distance >= minimumSourceDistanceM && distance <= maximumSourceDistanceM))
            throw UsageError("--distances: " + formatNumber(distance) + " m is not in " + range);
    if (!(options.referenceM >= minimumSourceDistanceM &&
          options.referenceM <= maximumSourceDistanceM))
        throw UsageError("--reference: " + formatNumber(options.referenceM) + " m is not in " +
                         range);
    if (options.json) {
        nlohmann::json json = roomInfoJson(*room, options.distancesM, options.referenceM);
        json["format"] = "stagelab.room-info/1";
        std::cout << json.dump(2) << '\n';
    } else {
        std::cout << describeRoom(*room, options.distancesM, options.referenceM);
    }
    return 0;
}

int listModels(bool json)
{
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const ModelDescription& model : modelDescriptions())
            list.push_back({{"name", model.name}, {"summary", model.summary}});
        std::cout << nlohmann::json{{"format", "stagelab.models/1"}, {"models", list}}.dump(2)
                  << '\n';
        return 0;
    }
    for (const ModelDescription& model : modelDescriptions())
        std::cout << model.name << "\n    " << model.summary << "\n";
    return 0;
}

} // namespace stagelab::cli
