#include "session/trial_reproduction.h"

#include "devices/level_matching.h"
#include "session/recorded_session.h"
#include "session/trial_player.h"
#include "session/trial_scene_builder.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>

namespace stagelab {

namespace {
using Json = nlohmann::json;

/// The recorded SHA-256 of what shaped the sound, against the file read now.
void checkSame(const std::string& what, const std::string& recorded, const std::string& now,
               const std::string& sessionPath)
{
    if (recorded != now)
        throw Error(what + " is not the one " + sessionPath + " played (SHA-256 " +
                    now.substr(0, 12) + "..., recorded " + recorded.substr(0, 12) +
                    "...); refusing to render something else");
}
} // namespace

ReproducedTrial reproduceTrial(const std::string& path, int trialIndex)
{
    const SessionFileContents contents = readSessionFile(path, true);
    const Json& header = contents.header;
    const auto record =
        std::find_if(contents.trials.begin(), contents.trials.end(),
                     [&](const TrialRecord& r) { return r.trial.index == trialIndex; });
    if (record == contents.trials.end())
        throw Error(path + " has no answered trial " + std::to_string(trialIndex) +
                    " (it records " + std::to_string(contents.trials.size()) +
                    " answers; trial numbers are the records' \"index\", from 0)");
    const RecordedSession recorded = recordedSession(contents);
    const Experiment& experiment = recorded.experiment;
    const std::string where = path + ":" + std::to_string(record->sourceLine);
    if (trialIndex < 0 || size_t(trialIndex) >= recorded.plan.trials.size())
        throw Error(where + ": trial index " + std::to_string(trialIndex) + " is not in the plan");
    const PlannedTrial& trial = recorded.plan.trials[size_t(trialIndex)];
    if (const std::string differs = recordDiffersFromPlan(*record, trial); !differs.empty())
        throw Error(where + ": trial " + std::to_string(trialIndex) + " " + differs);

    ReproducedTrial reproduced;
    reproduced.sampleRateHz = experiment.sampleRateHz;
    TrialSceneBuilder builder(experiment, sessionBlockFrames);
    builder.load(trial);
    // The HRTF and stimuli must be the files the session played.
    const Json hrtfNow = builder.hrtfJson();
    const Json hrtfThen = header.value("hrtf", Json());
    if (hrtfNow.is_object() && hrtfThen.is_object())
        checkSame("the HRTF " + hrtfNow.value("file", ""), hrtfThen.value("sha256", ""),
                  hrtfNow.value("sha256", ""), path);
    const Json stimuliThen = header.value("stimuli", Json());
    for (const Json& now : builder.stimuliJson()) {
        if (!stimuliThen.is_array()) break;
        const auto then = std::find_if(stimuliThen.begin(), stimuliThen.end(), [&](const Json& s) {
            return s.is_object() && s.value("id", "") == now.value("id", "");
        });
        if (then == stimuliThen.end())
            throw Error(path + " does not record stimulus '" + now.value("id", "") + "'");
        checkSame("stimulus file " + now.value("file", ""), then->value("sha256", ""),
                  now.value("sha256", ""), path);
    }
    if (!stimuliThen.is_array())
        reproduced.notes.push_back(path +
                                   " does not record its stimuli's SHA-256 (written before "
                                   "Stagelab recorded them): rendered from the stimulus files "
                                   "as they are now");
    reproduced.scene = builder.sceneSpec(trial);

    // The output in force: the device's clipping-guarded EQ (measured again from its profile,
    // which must be the one recorded), the level match and offset the record holds, and the
    // playback gain.
    std::optional<DeviceProfile> profile;
    std::string deviceLabel = "no device profile";
    if (!trial.device.empty()) {
        const ExperimentDevice* device = experiment.findDevice(trial.device);
        if (!device)
            throw Error(where + ": device '" + trial.device + "' is not in the experiment copy");
        profile = device->profileOrFlat();
        for (const Json& entry : header.value("devices", Json::array()))
            if (entry.is_object() && entry.value("id", "") == device->id &&
                entry.value("profile", Json()).is_object())
                checkSame("the profile of device '" + device->id + "'",
                          entry["profile"].value("sha256", ""), profile->sha256, path);
        deviceLabel = "device '" + device->id + "'";
    } else if (const Json output = header.value("outputProfile", Json()); output.is_object()) {
        profile = loadDeviceProfile(output.value("file", ""));
        checkSame("the headphone profile " + output.value("file", ""), output.value("sha256", ""),
                  profile->sha256, path);
        deviceLabel = "headphone profile '" + profile->id + "'";
    }
    reproduced.output.gainDb = record->gainDb + record->deviceCompensationDb.value_or(0.0) +
                               record->deviceLevelOffsetDb.value_or(0.0);
    if (profile) {
        reproduced.output.equalizer =
            measureDeviceLevel(*profile, experiment.sampleRateHz).equalizer;
        reproduced.output.label = profile->id;
    }
    reproduced.description =
        "trial " + std::to_string(trialIndex) + " of " + path + ": model '" + trial.model + "'" +
        (hrtfNow.is_object() ? " with HRTF '" + hrtfNow.value("name", "") + "'" : std::string()) +
        ", " + deviceLabel + ", output gain " + formatNumber(reproduced.output.gainDb) + " dB";
    return reproduced;
}

} // namespace stagelab
