// Session: the devices of a study. Each gets its clipping-guarded EQ and a level matched to the
// others (level_matching.h); a stored calibration supplies its playback gain; at a device switch
// the trial player gets that device's output.

#include "session/session.h"

#include "devices/device_calibration.h"
#include "devices/device_profile.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>

namespace stagelab {

void Session::prepareDevices(const std::string& resultsFolder, const nlohmann::json& recorded)
{
    for (const ExperimentDevice& device : m_experiment->devices) {
        const DeviceProfile profile = device.profileOrFlat();
        m_deviceLevels.push_back(measureDeviceLevel(profile, m_experiment->sampleRateHz));
        m_deviceLevels.back().deviceId = device.id; // the experiment's id, not the profile's
        if (recorded.is_array()) // resuming: say so if the device's sound changed meanwhile
            for (const nlohmann::json& entry : recorded)
                if (entry.value("id", "") == device.id && entry["profile"].is_object() &&
                    entry["profile"].value("sha256", "") != profile.sha256)
                    m_notices.push_back(
                        "the profile of device '" + device.id +
                        "' changed since the session started; the new one is used from now on");
        // A calibration belongs to the physical device, i.e. its profile, whatever a study calls
        // it.
        if (std::optional<DeviceCalibration> calibration =
                readDeviceCalibration(resultsFolder, profile.id)) {
            if (calibration->profileSha256 != profile.sha256 && device.deviceProfile)
                m_notices.push_back(
                    "the calibration of device '" + device.id +
                    "' was made for another version of its profile; calibrate it again "
                    "(stagelab-cli calibrate); the session's gain is used meanwhile");
            else if (!playbackGainRangeDb.contains(calibration->playbackGainDb))
                m_notices.push_back("the calibration of device '" + device.id + "' (" +
                                    formatNumber(calibration->playbackGainDb) +
                                    " dB) lies outside the playback gain range (" +
                                    playbackGainRangeText() +
                                    "); calibrate it again; the session's gain is used meanwhile");
            else
                m_calibrations.emplace(device.id, *calibration);
        }
    }
    if (m_outputProfile && m_experiment->devices.empty()) {
        // One device, the one on the listener's head: its EQ and offset apply to every trial
        // (trials without devices have the device id "").
        m_deviceLevels.push_back(measureDeviceLevel(*m_outputProfile, m_experiment->sampleRateHz));
        m_deviceLevels.back().deviceId.clear();
    }
    matchDeviceLevels(m_deviceLevels);
}

nlohmann::json Session::devicesJson() const
{
    nlohmann::json devices = nlohmann::json::array();
    for (size_t i = 0; i < m_experiment->devices.size(); ++i) {
        const ExperimentDevice& device = m_experiment->devices[i];
        const DeviceCalibration* calibration = deviceCalibration(device.id);
        devices.push_back(
            {{"id", device.id},
             {"name", device.name},
             {"kind", device.kind},
             {"profile", device.deviceProfile ? deviceProfileToJson(*device.deviceProfile)
                                              : nlohmann::json(nullptr)},
             {"level", deviceLevelToJson(m_deviceLevels[i])},
             {"calibration",
              calibration ? deviceCalibrationToJson(*calibration) : nlohmann::json(nullptr)}});
    }
    return devices;
}

const ExperimentDevice* Session::currentDevice() const
{
    const PlannedTrial* trial = currentTrial();
    return trial ? m_experiment->findDevice(trial->device) : nullptr;
}

const DeviceLevel* Session::deviceLevel(const std::string& deviceId) const
{
    const auto found =
        std::find_if(m_deviceLevels.begin(), m_deviceLevels.end(),
                     [&](const DeviceLevel& level) { return level.deviceId == deviceId; });
    return found == m_deviceLevels.end() ? nullptr : &*found;
}

const DeviceCalibration* Session::deviceCalibration(const std::string& deviceId) const
{
    const auto found = m_calibrations.find(deviceId);
    return found == m_calibrations.end() ? nullptr : &found->second;
}

double Session::playbackGainDb(const std::string& deviceId) const
{
    if (const auto set = m_gainOverrides.find(deviceId); set != m_gainOverrides.end())
        return set->second;
    const DeviceCalibration* calibration = deviceCalibration(deviceId);
    return calibration ? calibration->playbackGainDb : m_gainDb;
}

void Session::calibrateDevice(double gainDb, std::optional<double> splDb)
{
    if (m_stage != SessionStage::Calibration && m_stage != SessionStage::DeviceSwitch)
        throw Error("a device is calibrated on the calibration page or at a device switch");
    const ExperimentDevice* device = currentDevice();
    if (!device) throw Error("this experiment lists no devices to calibrate");
    const DeviceProfile profile = device->profileOrFlat();
    const DeviceCalibration calibration =
        makeDeviceCalibration(profile, m_experiment->sampleRateHz, gainDb, splDb);
    if (!m_simulated) // a simulated listener's "calibration" must not replace a real one
        writeDeviceCalibration(m_resultsFolder, calibration);
    m_calibrations.insert_or_assign(device->id, calibration);
    m_gainOverrides[device->id] = gainDb;
    m_appliedDevice.reset();
    applyDevice(*currentTrial());
}

void Session::useGainForCurrentDevice(double gainDb)
{
    if (const ExperimentDevice* device = currentDevice()) {
        m_gainOverrides[device->id] = gainDb;
        m_appliedDevice.reset();
    }
}

void Session::applyDevice(const PlannedTrial& trial)
{
    const DeviceLevel* level = deviceLevel(trial.device);
    if (!level || m_appliedDevice == trial.device) return;
    m_player->setOutputStage({level->equalizer, level->outputGainDb(), trial.device},
                             playbackGainDb(trial.device));
    m_appliedDevice = trial.device;
}

} // namespace stagelab
