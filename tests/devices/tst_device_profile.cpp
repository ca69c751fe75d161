// Device profiles (stagelab.device/1): the shipped ones, AutoEq references, every error with its
// file and JSON path; experiments that reference profiles; calibration files.

#include "common/test_main.h"
#include "devices/device_calibration.h"
#include "devices/device_profile.h"
#include "dsp/equalizer_chain.h"
#include "experiment/experiment.h"
#include "util/error.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace stagelab;
using Json = nlohmann::json;

namespace {
void writeText(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

/// The message of the Error `action` throws ("" if it throws none).
template <typename Action> QString errorOf(Action action)
{
    try {
        action();
    } catch (const Error& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

Json profileJson()
{
    return {{"format", "stagelab.device/1"},
            {"id", "my-iem"},
            {"name", "My IEM"},
            {"kind", "iem"},
            {"equalization",
             {{"preampDb", -3.0},
              {"filters", {{{"type", "PK"}, {"frequencyHz", 1000}, {"gainDb", 3.0}, {"q", 1.0}}}}}},
            {"levelOffsetDb", -1.5},
            {"notes", "test"}};
}
} // namespace

class TestDeviceProfile : public QObject
{
    Q_OBJECT
private slots:
    void shippedProfilesLoad_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("kind");
        QTest::newRow("open-back") << "generic-open-back"
                                   << "open-back";
        QTest::newRow("closed-back") << "generic-closed-back"
                                     << "closed-back";
        QTest::newRow("iem") << "generic-iem"
                             << "iem";
    }
    void shippedProfilesLoad()
    {
        QFETCH(QString, name);
        QFETCH(QString, kind);
        const DeviceProfile profile =
            loadDeviceProfile(resolveDeviceProfile(name.toStdString(), "/nonexistent"));
        QCOMPARE(QString::fromStdString(profile.id), name);
        QCOMPARE(QString::fromStdString(profile.kind), kind);
        QCOMPARE(profile.equalization, std::string("none"));
        QVERIFY(profile.equalizer.filters.empty() && !profile.equalizer.isGraphic());
        QCOMPARE(profile.sha256.size(), size_t(64));
    }

    void inlineFilters()
    {
        const DeviceProfile profile = deviceProfileFromJson(profileJson(), "my-iem.json", ".");
        QCOMPARE(profile.equalization, std::string("filters"));
        QCOMPARE(profile.equalizer.filters.size(), size_t(1));
        QCOMPARE(profile.levelOffsetDb, -1.5);
        // +3 dB peak with -3 dB preamp: 0 dB at the centre.
        QVERIFY(std::abs(EqualizerChain(profile.equalizer, 48000).magnitudeDb(1000)) < 1e-6);
        Json changed = profileJson();
        changed["equalization"]["filters"][0]["gainDb"] = 3.5;
        QVERIFY(deviceProfileFromJson(changed, "x", ".").sha256 != profile.sha256);
    }

    void autoEqFileBesideTheProfile()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        std::filesystem::create_directory(folder + "/eq");
        writeText(folder + "/eq/HD 600 ParametricEQ.txt",
                  "Preamp: -6 dB\nFilter 1: ON LSC Fc 105 Hz Gain 6 dB Q 0.7\n");
        Json json = profileJson();
        json["equalization"] = {{"autoEqFile", "eq/HD 600 ParametricEQ.txt"}};
        writeText(folder + "/hd600.json", json.dump());
        const DeviceProfile profile = loadDeviceProfile(folder + "/hd600.json");
        QCOMPARE(profile.equalization, std::string("autoeq"));
        QCOMPARE(profile.equalizer.preampDb, -6.0);
        QCOMPARE(profile.autoEqSha256.size(), size_t(64));
        const std::string before = profile.sha256;
        // Editing the AutoEq file changes the profile's hash (the sound changed).
        writeText(folder + "/eq/HD 600 ParametricEQ.txt",
                  "Preamp: -5 dB\nFilter 1: ON LSC Fc 105 Hz Gain 5 dB Q 0.7\n");
        QVERIFY(loadDeviceProfile(folder + "/hd600.json").sha256 != before);
        // An experiment can name the profile by a path relative to itself.
        const Json experiment = {{"format", "stagelab.experiment/1"},
                                 {"id", "x"},
                                 {"title", "x"},
                                 {"stimuli", {{{"id", "piano"}, {"file", "piano"}}}},
                                 {"devices",
                                  {{{"id", "hd600"}, {"profile", "hd600.json"}},
                                   {{"id", "iem"}, {"profile", "generic-iem"}}}},
                                 {"blocks",
                                  {{{"id", "b"},
                                    {"kind", "localization"},
                                    {"factors", {{"stimulus", {"piano"}}, {"azimuthDeg", {0}}}}}}}};
        const ExperimentLoad load = loadExperimentFromJson(experiment, folder);
        QVERIFY2(load.ok(), load.errorText().c_str());
        QCOMPARE(load.experiment->devices[0].name, std::string("My IEM")); // from the profile
        QCOMPARE(load.experiment->devices[0].kind, std::string("iem"));
        QVERIFY(load.experiment->devices[0].deviceProfile);
        QCOMPARE(load.experiment->devices[1].deviceProfile->id, std::string("generic-iem"));
    }

    void errorsNameFileAndPath_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value"); // JSON; "" removes the key
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key") << "colour"
                                     << "\"red\""
                                     << "my-iem.json: /colour: unknown key";
        QTest::newRow("format") << "format"
                                << "\"stagelab.device/2\""
                                << "/format: must be \"stagelab.device/1\"";
        QTest::newRow("kind") << "kind"
                              << "\"earbuds\""
                              << "/kind: must be one of";
        QTest::newRow("missing id") << "id"
                                    << ""
                                    << "/id: ";
        QTest::newRow("offset range") << "levelOffsetDb"
                                      << "60"
                                      << "/levelOffsetDb: must be between -40 and 20";
        QTest::newRow("filter type")
            << "equalization"
            << R"({"filters":[{"type":"LP","frequencyHz":100,"gainDb":0,"q":1}]})"
            << "/equalization/filters/0/type: must be one of";
        QTest::newRow("filter q")
            << "equalization"
            << R"({"filters":[{"type":"PK","frequencyHz":100,"gainDb":0,"q":0}]})"
            << "/equalization/filters/0/q: must be between";
        QTest::newRow("missing AutoEq")
            << "equalization"
            << R"({"autoEqFile":"nothere.txt"})"
            << "/equalization/autoEqFile: AutoEq file 'nothere.txt' not found";
        // Issue 11: no count was limited; each filter costs the audio callback a biquad.
        QString filters;
        for (int i = 0; i < 65; ++i)
            filters +=
                QString(i ? "," : "") + R"({"type":"PK","frequencyHz":100,"gainDb":1,"q":1})";
        QTest::newRow("unlimited: 65 filters")
            << "equalization" << QString(R"({"filters":[%1]})").arg(filters)
            << "/equalization/filters: 65 filters, more than the limit of 64";
        QTest::newRow("unlimited: a 17 KB name")
            << "name" << QString("\"%1\"").arg(QString(17000, 'x'))
            << "/name: is 17000 bytes long, more than the limit of 16384";
        QTest::newRow("equalization type") << "equalization"
                                           << "42"
                                           << "/equalization: must be \"none\"";
    }
    void errorsNameFileAndPath()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        Json json = profileJson();
        if (value.isEmpty())
            json.erase(key.toStdString());
        else
            json[key.toStdString()] = Json::parse(value.toStdString());
        const QString message =
            errorOf([&] { deviceProfileFromJson(json, "my-iem.json", "/tmp"); });
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains("my-iem.json"), qPrintable(message));
    }

    void badAutoEqFileIsReportedWithItsLine()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        writeText(folder + "/eq.txt", "Preamp: -6 dB\nFilter 1: ON BP Fc 105 Hz Gain 6 dB Q 0.7\n");
        Json json = profileJson();
        json["equalization"] = {{"autoEqFile", "eq.txt"}};
        writeText(folder + "/p.json", json.dump());
        const QString message = errorOf([&] { loadDeviceProfile(folder + "/p.json"); });
        QVERIFY2(message.contains("p.json: /equalization/autoEqFile:") &&
                     message.contains("eq.txt: line 2: unknown filter type"),
                 qPrintable(message));
        writeText(folder + "/broken.json", "{\"format\": ");
        QVERIFY(errorOf([&] {
                    loadDeviceProfile(folder + "/broken.json");
                }).contains("broken.json: not a valid JSON document: at line 1"));
        // Issue 11: a number beyond a double escaped the loader with nlohmann's own text; a
        // one-byte AutoEq file crashed it (SIGSEGV).
        writeText(folder + "/huge.json",
                  R"({"format": "stagelab.device/1", "levelOffsetDb": 1e400})");
        QVERIFY(errorOf([&] { loadDeviceProfile(folder + "/huge.json"); })
                    .contains(QRegularExpression(
                        "huge.json: not a valid JSON document: at line 1, column \\d+: the "
                        "number 1e400 is beyond the range of a double")));
        writeText(folder + "/vt.txt", "\v");
        json["equalization"] = {{"autoEqFile", "vt.txt"}};
        writeText(folder + "/vt.json", json.dump());
        QVERIFY(errorOf([&] {
                    loadDeviceProfile(folder + "/vt.json");
                }).contains("vt.txt: line 1: no Preamp, Filter or GraphicEQ line"));
    }

    void experimentReportsBadProfileReferences()
    {
        Json experiment = {{"format", "stagelab.experiment/1"},
                           {"id", "x"},
                           {"title", "x"},
                           {"stimuli", {{{"id", "piano"}, {"file", "piano"}}}},
                           {"devices",
                            {{{"id", "a"}, {"profile", "no-such-profile"}},
                             {{"id", "b"}, {"profile", "generic-iem"}, {"kind", "open-back"}},
                             {{"id", "c"}}}},
                           {"blocks",
                            {{{"id", "b"},
                              {"kind", "localization"},
                              {"factors", {{"stimulus", {"piano"}}, {"azimuthDeg", {0}}}}}}}};
        const ExperimentLoad load = loadExperimentFromJson(experiment, "/tmp");
        QVERIFY(!load.ok());
        const QString text = QString::fromStdString(load.errorText());
        QVERIFY2(text.contains("/devices/0/profile: device profile 'no-such-profile' not found") &&
                     text.contains("generic-iem"),
                 qPrintable(text));
        QVERIFY2(text.contains("/devices/1/kind: 'open-back' contradicts the profile's kind 'iem'"),
                 qPrintable(text));
        QVERIFY2(text.contains("/devices/2: missing required key 'kind'") ||
                     text.contains("/devices/2/kind"),
                 qPrintable(text));
    }

    void calibrationRoundTrip()
    {
        QTemporaryDir dir;
        const std::string results = dir.path().toStdString();
        const DeviceProfile profile = deviceProfileFromJson(profileJson(), "my-iem.json", ".");
        QVERIFY(!readDeviceCalibration(results, "my-iem"));
        const DeviceCalibration made = makeDeviceCalibration(profile, 48000, -4.5, 78.0);
        const std::string path = writeDeviceCalibration(results, made);
        QCOMPARE(path, results + "/calibration/my-iem.json");
        const auto read = readDeviceCalibration(results, "my-iem");
        QVERIFY(read);
        QCOMPARE(read->playbackGainDb, -4.5);
        QCOMPARE(*read->splDb, 78.0);
        QCOMPARE(read->profileSha256, profile.sha256);
        QVERIFY(std::abs(read->eqLoudnessLufs - made.eqLoudnessLufs) < 1e-9);
        QVERIFY(read->eqLoudnessLufs <
                -23.0); // +3 dB at 1 kHz under a -3 dB preamp: quieter overall

        // One range for every playback gain (playbackGainRangeDb): +20 dB, which calibration
        // files once accepted, is as out of range as +40 dB.
        for (const double gainDb : {40.0, 20.0, -61.0})
            QVERIFY(errorOf([&] {
                        makeDeviceCalibration(profile, 48000, gainDb, std::nullopt);
                    }).contains("between -60 and +12"));
        Json broken = deviceCalibrationToJson(made);
        broken["playbackGainDb"] = "loud";
        writeText(path, broken.dump());
        const QString message = errorOf([&] { readDeviceCalibration(results, "my-iem"); });
        QVERIFY2(message.contains("my-iem.json: /playbackGainDb: must be a number"),
                 qPrintable(message));
    }
};

STAGELAB_TEST_MAIN(TestDeviceProfile)
#include "tst_device_profile.moc"
