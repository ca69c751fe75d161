// stagelab-cli as a user meets it for a device study: device-response on profiles and AutoEq
// files, calibrate, a two-device study with simulated listeners, compare per model, report.

#include "common/test_main.h"
#include "devices/device_profile.h"
#include "dsp/equalizer_chain.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <set>

#include <nlohmann/json.hpp>

using namespace stagelab;

namespace {
struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run cli(const QStringList& arguments, const QString& folder = {})
{
    QProcess process;
    if (!folder.isEmpty()) process.setWorkingDirectory(folder);
    process.start(STAGELAB_CLI, arguments);
    process.waitForFinished(120000);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void write(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}
} // namespace

class TestDeviceCli : public QObject
{
    Q_OBJECT
private slots:
    void deviceResponse()
    {
        QTemporaryDir dir;
        const QString autoEq = dir.filePath("My Phones ParametricEQ.txt");
        write(autoEq, "Preamp: -6.4 dB\nFilter 1: ON LSC Fc 105 Hz Gain 6.5 dB Q 0.70\nFilter 2: "
                      "ON PK Fc 3000 Hz Gain -3 dB Q 2\n");
        write(dir.filePath("phones.json"),
              R"({"format": "stagelab.device/1", "id": "phones", "kind": "closed-back",
            "equalization": {"autoEqFile": "My Phones ParametricEQ.txt"}})");
        const Equalizer equalizer = loadAutoEqFile(autoEq.toStdString());
        const EqualizerChain chain(equalizer, 44100);
        for (const QString& file : {autoEq, dir.filePath("phones.json")}) {
            const Run run = cli({"device-response", file, "--sample-rate", "44100", "--frequencies",
                                 "20,105,3000,16000", "--json"});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            const nlohmann::json json = nlohmann::json::parse(run.out.toStdString());
            QVERIFY(json["frequenciesHz"] == nlohmann::json({20.0, 105.0, 3000.0, 16000.0}));
            for (size_t i = 0; i < 4; ++i)
                QVERIFY(std::abs(json["gainDb"][i].get<double>() -
                                 chain.magnitudeDb(json["frequenciesHz"][i].get<double>())) < 1e-9);
        }
        const Run table = cli({"device-response", "generic-iem", "--frequencies", "1000"});
        QVERIFY2(table.exitCode == 0 && table.out.contains("1000.00") &&
                     table.out.contains("0.000"),
                 qPrintable(table.out + table.err));
        // Clear errors: a missing file (1), a broken AutoEq line (1), a frequency above Nyquist
        // (2).
        Run missing =
            cli({"device-response", dir.filePath("nothere.txt"), "--frequencies", "1000"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("nothere.txt") && missing.err.contains("not found"),
                 qPrintable(missing.err));
        write(dir.filePath("bad.txt"), "Preamp: -3 dB\nFilter 1: ON XX Fc 100 Hz Gain 1 dB Q 1\n");
        Run bad = cli({"device-response", dir.filePath("bad.txt"), "--frequencies", "1000"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("bad.txt: line 2"), qPrintable(bad.err));
        // Issue 11: a profile that begins with a UTF-8 byte-order mark (as Windows editors save
        // it) was read as an AutoEq file.
        write(dir.filePath("bom.json"),
              "\xEF\xBB\xBF{\"format\": \"stagelab.device/1\", \"id\": \"bom\", \"kind\": \"iem\", "
              "\"equalization\": {\"preampDb\": -2, \"filters\": []}}");
        const Run bom = cli({"device-response", dir.filePath("bom.json"), "--frequencies", "1000"});
        QVERIFY2(bom.exitCode == 0 && bom.out.contains("-2.000"), qPrintable(bom.out + bom.err));
        Run nyquist = cli({"device-response", autoEq, "--frequencies", "30000"});
        QCOMPARE(nyquist.exitCode, 2);
        QVERIFY2(nyquist.err.contains("Nyquist"), qPrintable(nyquist.err));
    }

    void twoDeviceStudyFromCalibrationToReport()
    {
        QTemporaryDir dir;
        const QString results = dir.filePath("results");
        const QString study = STAGELAB_SOURCE_DIR "/stimuli/experiments/device-study.json";
        Run calibrate = cli({"calibrate", "--device", "generic-open-back", "--gain-db", "-6",
                             "--spl-db", "76", "--results", results});
        QVERIFY2(calibrate.exitCode == 0, qPrintable(calibrate.err));
        QVERIFY(QFile::exists(results + "/calibration/generic-open-back.json"));
        QCOMPARE(
            cli({"calibrate", "--device", "generic-iem", "--gain-db", "99", "--results", results})
                .exitCode,
            2);
        for (int p = 1; p <= 4; ++p) {
            const Run run =
                cli({"run", study, "--participant", QString("p%1").arg(p), "--results", results,
                     "--simulate", "noise", "--listener-seed", QString::number(p)});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        }
        // Trial records carry the level in force: the open-back's calibrated gain, the IEM's
        // session gain.
        const QStringList files = QDir(results + "/p1").entryList({"*.jsonl"});
        QCOMPARE(files.size(), 1);
        QFile session(results + "/p1/" + files[0]);
        QVERIFY(session.open(QIODevice::ReadOnly));
        const nlohmann::json header = nlohmann::json::parse(session.readLine().toStdString());
        QCOMPARE(header["devices"][0]["calibration"]["playbackGainDb"].get<double>(), -6.0);
        QVERIFY(header["devices"][1]["calibration"].is_null());
        const nlohmann::json trial = nlohmann::json::parse(session.readLine().toStdString());
        QVERIFY(trial.contains("deviceCompensationDb") && trial.contains("deviceLevelOffsetDb"));
        QCOMPARE(trial["gainDb"].get<double>(), trial["device"] == "open-back" ? -6.0 : 0.0);

        const Run compare = cli({"compare", results, "--factor", "device", "--levels",
                                 "open-back,iem", "--format", "json"});
        QVERIFY2(compare.exitCode == 0, qPrintable(compare.err));
        const nlohmann::json comparison = nlohmann::json::parse(compare.out.toStdString());
        QVERIFY(comparison["comparisons"].size() > 5);
        QCOMPARE(comparison["comparisons"][0]["n"].get<int>(), 4);
        std::set<std::string> models;
        for (const nlohmann::json& c : comparison["perModel"])
            models.insert(c["keys"]["model"].get<std::string>());
        QVERIFY(models == (std::set<std::string>{"hrtf", "stereo-pan"}));

        const QString report = dir.filePath("report.html");
        const Run written = cli({"report", results, "--out", report});
        QVERIFY2(written.exitCode == 0, qPrintable(written.err));
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(file.readAll());
        QVERIFY(page.contains("<h2>Verdict</h2>") && page.contains("imaged better than"));
        QCOMPARE(page.count("device-study-"), 4 + 0); // every session in the provenance table
        QCOMPARE(cli({"report", dir.filePath("empty")}).exitCode, 1);
    }
};

STAGELAB_TEST_MAIN(TestDeviceCli)
#include "tst_device_cli.moc"
