// Sessions with devices: at each device switch the trial player gets that device's EQ and
// matched level; calibrations set the playback gain; headers and trial records carry the
// profiles and the levels in force.

#include "common/test_main.h"
#include "devices/device_calibration.h"
#include "devices/device_profile.h"
#include "results/session_file.h"
#include "session/session.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
/// An output stage the session put in force, with the playback gain that came with it.
struct AppliedOutput
{
    OutputStageSpec stage;
    double playbackGainDb = 0.0;
};

/// The virtual clock, remembering every device output the session puts in force.
class RecordingPlayer final : public TrialPlayer
{
public:
    RecordingPlayer(const Experiment& experiment, std::vector<AppliedOutput>& outputs)
        : m_inner(makeVirtualTrialPlayer(experiment)), m_outputs(outputs)
    {}
    int64_t play(const PlannedTrial& trial) override
    {
        m_playedOn.push_back(m_outputs.empty() ? std::string() : m_outputs.back().stage.label);
        if (m_playedOn.back() != trial.device)
            throw Error("trial " + std::to_string(trial.index) + " plays on '" + m_playedOn.back() +
                        "', planned '" + trial.device + "'");
        return m_inner->play(trial);
    }
    PlayStats waitUntilDone() override { return m_inner->waitUntilDone(); }
    bool pollPlayback(PlayStats& stats) override { return m_inner->pollPlayback(stats); }
    void checkDevice() override { m_inner->checkDevice(); }
    void playCalibration(CalibrationSignal signal) override { m_inner->playCalibration(signal); }
    void stopSound() override { m_inner->stopSound(); }
    void loadInputs(const TrialPlan& plan) override { m_inner->loadInputs(plan); }
    void setGainDb(double gainDb) override { m_inner->setGainDb(gainDb); }
    int64_t currentFrame() const override { return m_inner->currentFrame(); }
    void advance(double seconds) override { m_inner->advance(seconds); }
    double sampleRateHz() const override { return m_inner->sampleRateHz(); }
    nlohmann::json describe() override { return m_inner->describe(); }
    nlohmann::json hrtf() override { return m_inner->hrtf(); }
    nlohmann::json stimuli() override { return m_inner->stimuli(); }
    void setOutputStage(const OutputStageSpec& stage, double playbackGainDb) override
    {
        m_outputs.push_back({stage, playbackGainDb});
    }

private:
    std::unique_ptr<TrialPlayer> m_inner;
    std::vector<AppliedOutput>& m_outputs;
    std::vector<std::string> m_playedOn;
};

void writeText(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
}

/// folder/bright.json: a bright device (+6 dB shelf above 2 kHz under a -6 dB preamp).
void writeBrightProfile(const std::string& folder, double levelOffsetDb)
{
    const Json bright = {
        {"format", "stagelab.device/1"},
        {"id", "bright"},
        {"name", "Bright cans"},
        {"kind", "open-back"},
        {"equalization",
         {{"preampDb", -6.0},
          {"filters", {{{"type", "HSC"}, {"frequencyHz", 2000}, {"gainDb", 6.0}, {"q", 0.7}}}}}},
        {"levelOffsetDb", levelOffsetDb}};
    writeText(folder + "/bright.json", bright.dump());
}
} // namespace

class TestSessionDevices : public QObject
{
    Q_OBJECT
private slots:
    void deviceSwitchAppliesEqAndLevel()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        // A bright device (+6 dB shelf above 2 kHz, preamp -6 dB) and the generic IEM (flat).
        writeBrightProfile(folder, -1.0);
        const Json experiment = {
            {"format", "stagelab.experiment/1"},
            {"id", "two-devices"},
            {"title", "t"},
            {"stimuli", {{{"id", "piano"}, {"file", "piano"}}}},
            {"devices",
             {{{"id", "cans"}, {"profile", "bright.json"}},
              {{"id", "iem"}, {"profile", "generic-iem"}}}},
            {"playback", {{"durationS", 0.5}}},
            {"randomization", {{"deviceOrder", "abba"}, {"seedPolicy", "fixed"}, {"seed", 3}}},
            {"blocks",
             {{{"id", "b"},
               {"kind", "localization"},
               {"repetitions", 2},
               {"factors",
                {{"stimulus", {"piano"}}, {"model", {"diotic"}}, {"azimuthDeg", {0, 90}}}}}}}};
        writeText(folder + "/experiment.json", experiment.dump());
        const std::string results = folder + "/results";
        // The IEM was calibrated; the cans were not (they use the session's gain).
        const DeviceProfile iem = loadDeviceProfile(resolveDeviceProfile("generic-iem", folder));
        writeDeviceCalibration(results, makeDeviceCalibration(iem, 48000, -7.0, 75.0));

        SessionOptions options;
        options.experimentPath = folder + "/experiment.json";
        options.participant = "p01";
        options.resultsFolder = results;
        options.seed = 1;
        std::vector<AppliedOutput> outputs;
        auto session = Session::start(options, [&](const Experiment& e) {
            return std::make_unique<RecordingPlayer>(e, outputs);
        });
        QVERIFY(session->notices().empty());
        const DeviceLevel* cans = session->deviceLevel("cans");
        const DeviceLevel* flat = session->deviceLevel("iem");
        QVERIFY(cans && flat && !session->deviceLevel("nothing"));
        // The shelf adds loudness under a preamp that takes 6 dB everywhere: the cans are quieter,
        // so the IEM is brought down to them and the cans keep 0 dB.
        QVERIFY2(cans->eqLoudnessLufs < flat->eqLoudnessLufs - 0.5,
                 qPrintable(QString::number(cans->eqLoudnessLufs)));
        QCOMPARE(cans->compensationDb, 0.0);
        QVERIFY(std::abs(flat->compensationDb - (cans->eqLoudnessLufs - flat->eqLoudnessLufs)) <
                1e-9);
        QCOMPARE(session->playbackGainDb("iem"), -7.0);

        session->completeCalibration(-2.0);
        int switches = 0;
        while (session->stage() != SessionStage::Done) {
            if (session->stage() == SessionStage::DeviceSwitch) {
                const std::string device = session->currentDevice()->id;
                session->confirmDeviceSwitch();
                ++switches;
                QCOMPARE(outputs.back().stage.label, device);
                const DeviceLevel* level = session->deviceLevel(device);
                QCOMPARE(outputs.back().stage.gainDb, level->compensationDb + level->levelOffsetDb);
                QCOMPARE(outputs.back().playbackGainDb, device == "iem" ? -7.0 : -2.0);
                QCOMPARE(outputs.back().stage.equalizer.filters.size(),
                         level->equalizer.filters.size());
                continue;
            }
            session->play(); // RecordingPlayer throws if the trial would play on another device
            session->waitForSound();
            TrialResponse response;
            response.azimuthDeg = session->currentTrial()->azimuthDeg;
            session->answer(response);
        }
        QCOMPARE(switches, 3); // ABBA: A | B B | A
        QCOMPARE(int(outputs.size()), 3);

        const SessionFileContents contents = readSessionFile(session->filePath(), true);
        const Json& devices = contents.header["devices"];
        QCOMPARE(int(devices.size()), 2);
        QCOMPARE(devices[0]["profile"]["sha256"].get<std::string>(),
                 session->experiment().devices[0].deviceProfile->sha256);
        QCOMPARE(devices[0]["profile"]["copy"]["id"].get<std::string>(), std::string("bright"));
        QCOMPARE(devices[0]["level"]["levelOffsetDb"].get<double>(), -1.0);
        QVERIFY(devices[0]["calibration"].is_null());
        QCOMPARE(devices[1]["calibration"]["playbackGainDb"].get<double>(), -7.0);
        QCOMPARE(int(contents.trials.size()), 8);
        for (const TrialRecord& record : contents.trials) {
            const DeviceLevel* level = session->deviceLevel(record.trial.device);
            QVERIFY(record.deviceCompensationDb && record.deviceLevelOffsetDb);
            QCOMPARE(*record.deviceCompensationDb, level->compensationDb);
            QCOMPARE(*record.deviceLevelOffsetDb, level->levelOffsetDb);
            QCOMPARE(record.gainDb, record.trial.device == "iem" ? -7.0 : -2.0);
            QCOMPARE(record.levelLufs, -23.0);
        }
    }

    void staleCalibrationIsIgnoredWithANotice_data()
    {
        QTest::addColumn<bool>("otherProfileVersion");
        QTest::addColumn<double>("storedGainDb");
        QTest::addColumn<QString>("notice");
        QTest::newRow("made for another profile version") << true << -7.0 << "another version";
        // Calibration files once took up to +24 dB; the one playback range now ends at +12.
        QTest::newRow("gain above the playback range") << false << 20.0 << "outside the playback";
    }
    void staleCalibrationIsIgnoredWithANotice()
    {
        QFETCH(bool, otherProfileVersion);
        QFETCH(double, storedGainDb);
        QFETCH(QString, notice);
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        const std::string results = folder + "/results";
        DeviceProfile profile = loadDeviceProfile(resolveDeviceProfile("generic-iem", folder));
        if (otherProfileVersion) profile.sha256 = std::string(64, '0');
        const std::string path = writeDeviceCalibration(
            results, makeDeviceCalibration(profile, 48000, -7.0, std::nullopt));
        Json stored = deviceCalibrationToJson(*readDeviceCalibration(results, "generic-iem"));
        stored["playbackGainDb"] = storedGainDb;
        writeText(path, stored.dump());
        const Json experiment = {{"format", "stagelab.experiment/1"},
                                 {"id", "one-device"},
                                 {"title", "t"},
                                 {"stimuli", {{{"id", "piano"}, {"file", "piano"}}}},
                                 {"devices", {{{"id", "iem"}, {"profile", "generic-iem"}}}},
                                 {"blocks",
                                  {{{"id", "b"},
                                    {"kind", "localization"},
                                    {"factors", {{"stimulus", {"piano"}}, {"azimuthDeg", {0}}}}}}}};
        writeText(folder + "/experiment.json", experiment.dump());
        SessionOptions options;
        options.experimentPath = folder + "/experiment.json";
        options.participant = "p01";
        options.resultsFolder = results;
        auto session = Session::start(options, makeVirtualTrialPlayer);
        QVERIFY(!session->deviceCalibration("iem"));
        QCOMPARE(session->playbackGainDb("iem"), session->gainDb()); // the session's gain
        QCOMPARE(session->notices().size(), size_t(1));
        const QString text = QString::fromStdString(session->notices()[0]);
        QVERIFY2(text.contains("calibrate it again") && text.contains(notice), qPrintable(text));
    }

    void volumeSetInTheSessionWinsOverTheStoredCalibration()
    {
        // The listener turned the IEM down on the calibration page without saving: this session
        // plays (and records) that volume; the stored calibration stays as it was.
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        const std::string results = folder + "/results";
        const DeviceProfile iem = loadDeviceProfile(resolveDeviceProfile("generic-iem", folder));
        writeDeviceCalibration(results, makeDeviceCalibration(iem, 48000, -7.0, std::nullopt));
        const Json experiment = {{"format", "stagelab.experiment/1"},
                                 {"id", "one-device"},
                                 {"title", "t"},
                                 {"stimuli", {{{"id", "piano"}, {"file", "piano"}}}},
                                 {"devices", {{{"id", "iem"}, {"profile", "generic-iem"}}}},
                                 {"playback", {{"durationS", 0.5}}},
                                 {"blocks",
                                  {{{"id", "b"},
                                    {"kind", "localization"},
                                    {"factors", {{"stimulus", {"piano"}}, {"azimuthDeg", {0}}}}}}}};
        writeText(folder + "/experiment.json", experiment.dump());
        SessionOptions options;
        options.experimentPath = folder + "/experiment.json";
        options.participant = "p01";
        options.resultsFolder = results;
        std::vector<AppliedOutput> outputs;
        auto session = Session::start(options, [&](const Experiment& e) {
            return std::make_unique<RecordingPlayer>(e, outputs);
        });
        QCOMPARE(session->playbackGainDb("iem"), -7.0);
        session->useGainForCurrentDevice(-10.0);
        session->completeCalibration(-10.0);
        while (session->stage() == SessionStage::DeviceSwitch)
            session->confirmDeviceSwitch();
        session->play();
        QCOMPARE(outputs.back().playbackGainDb, -10.0);
        TrialResponse response;
        response.azimuthDeg = 0.0;
        session->answer(response);
        QCOMPARE(readSessionFile(session->filePath(), true).trials[0].gainDb, -10.0);
        QCOMPARE(readDeviceCalibration(results, "generic-iem")->playbackGainDb, -7.0);
    }

    void headphoneProfileAppliesWithoutDevices()
    {
        // An experiment that names no devices, run on headphones chosen at the start: their EQ
        // and offset reach every trial, and the session is recorded (and resumed) with them.
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        writeBrightProfile(folder, -1.5);
        const Json experiment = {
            {"format", "stagelab.experiment/1"},
            {"id", "no-devices"},
            {"title", "t"},
            {"stimuli", {{{"id", "piano"}, {"file", "piano"}}}},
            {"playback", {{"durationS", 0.5}}},
            {"blocks",
             {{{"id", "b"},
               {"kind", "localization"},
               {"factors", {{"stimulus", {"piano"}}, {"azimuthDeg", {0, 90}}}}}}}};
        writeText(folder + "/experiment.json", experiment.dump());
        SessionOptions options;
        options.experimentPath = folder + "/experiment.json";
        options.participant = "p01";
        options.resultsFolder = folder + "/results";
        options.deviceProfile = folder + "/bright.json";
        std::vector<AppliedOutput> outputs;
        auto session = Session::start(options, [&](const Experiment& e) {
            return std::make_unique<RecordingPlayer>(e, outputs);
        });
        session->completeCalibration(0.0);
        session->play();
        QCOMPARE(int(outputs.size()), 1);
        QCOMPARE(outputs[0].stage.label, std::string());
        QCOMPARE(int(outputs[0].stage.equalizer.filters.size()), 1);
        QCOMPARE(outputs[0].stage.gainDb,
                 -1.5); // a lone device needs no level match: its offset only
        TrialResponse response;
        response.azimuthDeg = 0.0;
        session->answer(response);

        const SessionFileContents contents = readSessionFile(session->filePath(), true);
        QCOMPARE(contents.header["outputProfile"]["copy"]["id"].get<std::string>(),
                 std::string("bright"));
        QVERIFY(contents.trials[0].deviceLevelOffsetDb);
        QCOMPARE(*contents.trials[0].deviceLevelOffsetDb, -1.5);

        // Resumed without naming the profile again: the header's is used.
        const std::string id = session->sessionId();
        session.reset();
        outputs.clear();
        SessionOptions again = options;
        again.deviceProfile.clear();
        session = Session::resume(again, id, [&](const Experiment& e) {
            return std::make_unique<RecordingPlayer>(e, outputs);
        });
        session->completeCalibration(0.0);
        session->play();
        QCOMPARE(int(outputs.size()), 1);
        QCOMPARE(int(outputs[0].stage.equalizer.filters.size()), 1);
    }
};

STAGELAB_TEST_MAIN(TestSessionDevices)
#include "tst_session_devices.moc"
