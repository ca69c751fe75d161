// stagelab-cli as a user meets it: help, JSON, exit codes 0/1/2 and clear messages.

#include "common/test_main.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result
{
    int exitCode = -1;
    QString out, err;
};

Result run(const QStringList& arguments,
           const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(STAGELAB_CLI, arguments);
    if (!process.waitForFinished(60000))
        qFatal("stagelab-cli %s did not finish", qPrintable(arguments.join(' ')));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void everySubcommandHasHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* command :
             {"devices", "hrtf-info", "models", "render", "play", "room-info"})
            QTest::newRow(command) << command;
    }
    void everySubcommandHasHelp()
    {
        QFETCH(QString, command);
        const Result result = run({command, "--help"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("Usage") || result.out.contains("usage"));
    }

    void hrtfInfoJson()
    {
        const Result result = run({"hrtf-info", "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject info = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(info["file"].toString(), "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa");
        QCOMPARE(info["sha256"].toString().size(), 64);
        QCOMPARE(info["measurements"].toInt(), 710);
        QCOMPARE(info["irLength"].toInt(), 512);
        QCOMPARE(info["sampleRateHz"].toDouble(), 44100.0);
    }

    void roomInfo()
    {
        // The studio preset asks for RT60 0.38 s at 125 Hz ... 0.25 s at 8 kHz (Eyring is then
        // what the room renders by construction); the text and the JSON say the same.
        const Result text = run({"room-info", "studio"});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains("RT60 Eyring (s)         0.38    0.33    0.30    0.28"),
                 qPrintable(text.out));
        QVERIFY(text.out.contains("critical distance"));
        QVERIFY(text.out.contains("direct-to-reverberant ratio"));
        const Result json = run({"room-info", "hall", "--json", "--distances", "1,4,16"});
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        const QJsonObject info = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(info["format"].toString(), "stagelab.room-info/1");
        QCOMPARE(info["rt60S"].toArray().size(), 7);
        QCOMPARE(info["rt60S"].toArray()[3].toDouble(), 1.8);
        const QJsonArray ratios = info["directToReverberant"].toArray();
        QCOMPARE(ratios.size(), 3);
        // The ratio falls with distance: 1 m is above 4 m, 4 m above 16 m (1 kHz band).
        QVERIFY(ratios[0].toObject()["renderedDb"].toArray()[3].toDouble() >
                ratios[1].toObject()["renderedDb"].toArray()[3].toDouble());
        QVERIFY(ratios[1].toObject()["renderedDb"].toArray()[3].toDouble() >
                ratios[2].toObject()["renderedDb"].toArray()[3].toDouble());
    }

    void rendersInARoomAtADistance()
    {
        QTemporaryDir dir;
        const QString output = dir.filePath("studio.wav");
        const Result result = run({"render", "-o", output, "--room", "studio", "--duration", "1",
                                   "--source", "stimulus=piano,azimuth=30,distanceM=2", "--source",
                                   "stimulus=speech,azimuth=-40,distanceM=0.5"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        // 1 s of sound and the room's tail after it (float WAV, 2 channels, 48 kHz).
        QVERIFY(QFileInfo(output).size() > qint64(1.2 * 48000 * 2 * 4));
    }

    void rendersModelParametersAndSpeakersInARoom()
    {
        QTemporaryDir dir;
        const QString output = dir.filePath("speakers.wav");
        const Result result =
            run({"render", "-o", output, "--model", "virtual-speakers", "--speaker-azimuth", "15",
                 "--speaker-distance", "2.5", "--room", "living-room", "--duration", "1"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        // The living room's tail (RT60 about 0.5 s) rings after the second of sound.
        QVERIFY(QFileInfo(output).size() > qint64(1.3 * 48000 * 2 * 4));
        const Result crossfeed =
            run({"render", "-o", dir.filePath("crossfeed.wav"), "--model", "crossfeed",
                 "--crossfeed-cutoff", "650", "--crossfeed-level", "9.5", "--duration", "0.5"});
        QVERIFY2(crossfeed.exitCode == 0, qPrintable(crossfeed.err));
    }

    void devicesJsonIsValidWithOrWithoutDevices()
    {
        const Result result = run({"devices", "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject list = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(list["format"].toString(), "stagelab.devices/1");
        QVERIFY(list["devices"].isArray());
        if (qEnvironmentVariableIsSet("PULSE_SERVER")) // the test server's null sink is there
            QVERIFY(result.out.contains("\"pulse:"));
    }

    void rendersMultipleSources()
    {
        QTemporaryDir dir;
        const QString output = dir.filePath("scene.flac");
        const Result result = run(
            {"render", "--output", output, "--model", "spherical-head", "--duration", "1.5",
             "--source", "stimulus=piano,azimuth=30,elevation=0,width=0,gainDb=-3,rotateDegPerS=0",
             "--source",
             "stimulus=speech,azimuth=-60,elevation=20,width=40,gainDb=0,rotateDegPerS=20"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(QFileInfo(output).size() > 100000);
        QVERIFY(result.err.contains("2 source(s)"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no subcommand") << QStringList{} << "subcommand";
        QTest::newRow("NaN azimuth")
            << QStringList{"render", "-o", "/tmp/x.wav", "--azimuth", "nan"} << "azimuth NaN";
        QTest::newRow("azimuth out of range")
            << QStringList{"render", "-o", "/tmp/x.wav", "--azimuth", "720"} << "azimuth 720";
        QTest::newRow("elevation out of range")
            << QStringList{"render", "-o", "/tmp/x.wav", "--elevation", "-95"} << "elevation -95";
        QTest::newRow("unknown source key")
            << QStringList{"render", "-o", "/tmp/x.wav", "--source", "stimulus=piano,height=3"}
            << "unknown key 'height'";
        QTest::newRow("bad number")
            << QStringList{"render", "-o", "/tmp/x.wav", "--source", "stimulus=piano,azimuth=left"}
            << "azimuth=left is not a number";
        QTest::newRow("missing output") << QStringList{"render"} << "--output";
        QTest::newRow("speakers outside the room")
            << QStringList{"render", "-o",     "/tmp/x.wav",         "--model", "virtual-speakers",
                           "--room", "studio", "--speaker-distance", "10"}
            << "--speaker-distance: the left speaker (10 m at 30 deg) is outside the room";
        QTest::newRow("another model's parameter")
            << QStringList{"render", "-o", "/tmp/x.wav", "--head-radius", "0.1"}
            << "--head-radius: is a parameter of the spherical-head model, not of hrtf";
        QTest::newRow("crossfeed level off libbs2b's grid")
            << QStringList{"render",  "-o",        "/tmp/x.wav",
                           "--model", "crossfeed", "--crossfeed-level",
                           "4.55"}
            << "--crossfeed-level: must be in steps of 0.1 dB";
        QTest::newRow("source too close")
            << QStringList{"render", "-o", "/tmp/x.wav", "--distance", "0.05"}
            << "distance 0.05 m is not in [0.15, 1000] m";
        QTest::newRow("bad distance")
            << QStringList{"render", "-o", "/tmp/x.wav", "--source", "stimulus=piano,distanceM=far"}
            << "distanceM=far is not a number";
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    }

    void failures_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown model")
            << QStringList{"render", "-o", "/tmp/stagelab-x.wav", "--model", "wfs"}
            << "unknown model 'wfs'";
        QTest::newRow("missing stimulus")
            << QStringList{"render", "-o", "/tmp/stagelab-x.wav", "--stimulus", "/nonexistent.wav"}
            << "'/nonexistent.wav' is neither a file nor a name";
        QTest::newRow("missing SOFA")
            << QStringList{"hrtf-info", "/nonexistent.sofa"} << "does not exist";
        QTest::newRow("unwritable output") << QStringList{"render", "-o", "/proc/stagelab.wav"}
                                           << "cannot write '/proc/stagelab.wav'";
        QTest::newRow("missing folder")
            << QStringList{"render", "-o", "/nonexistent/dir/x.wav"} << "does not exist";
        QTest::newRow("unknown extension")
            << QStringList{"render", "-o", "/tmp/x.mp3"} << "must end in .wav or .flac";
        // Issue 11: a device or a pipe given as a file was read forever (plan /dev/zero hung).
        QTest::newRow("hang: plan /dev/zero")
            << QStringList{"plan", "/dev/zero", "--participant", "p01"}
            << "experiment file '/dev/zero' is not a regular file";
        QTest::newRow("hang: import-csv /dev/zero")
            << QStringList{"import-csv", "/dev/zero", "--out", "/tmp/stagelab-never"}
            << "CSV file '/dev/zero' is not a regular file";
        QTest::newRow("hang: device-response /dev/zero")
            << QStringList{"device-response", "/dev/zero", "--frequencies", "1000"}
            << "'/dev/zero'";
        QTest::newRow("unknown room")
            << QStringList{"render", "-o", "/tmp/stagelab-x.wav", "--room", "ballroom"}
            << "room 'ballroom' is neither a preset (anechoic, studio, living-room, hall)";
        QTest::newRow("source outside the room")
            << QStringList{"render",     "-o", "/tmp/stagelab-x.wav", "--room", "studio",
                           "--distance", "5"}
            << "is outside the room 'studio'";
        QTest::newRow("room-info of a bad room file")
            << QStringList{"room-info", STAGELAB_SOURCE_DIR "/tests/cli/data/bad-room.json"}
            << "bad-room.json: /rt60S/6: ";
        QTest::newRow("unknown device")
            << QStringList{"play", "--device", "alsa:77", "--duration", "0.1"}
            << "'alsa:77' not found";
    }
    void failures()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result result = run(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
        QVERIFY(!result.err.contains("terminate called")); // a message, never an uncaught exception
    }

    void playFallsBackToAFileWithoutADevice()
    {
        // No PulseAudio server and no ALSA card: the demo is rendered to a file, and says where.
        QTemporaryDir dir;
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert("PULSE_SERVER", "unix:" + dir.filePath("no-such-server"));
        environment.insert("ALSA_CONFIG_PATH",
                           dir.filePath("empty-alsa.conf")); // no ALSA devices either
        QFile(dir.filePath("empty-alsa.conf")).open(QIODevice::WriteOnly);
        const QString fallback = dir.filePath("demo.wav");
        const Result result =
            run({"play", "--duration", "1", "--fallback-output", fallback}, environment);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2(result.err.contains("Rendered to " + fallback), qPrintable(result.err));
        QVERIFY(QFileInfo(fallback).size() > 48000 * 8);
    }

    void leftBehind_aFailedRenderWritesNothing()
    {
        // Issue 11: a refused command must leave the folder as it was. A render that fails
        // half-way (here: a 40 KB file-size limit, as a full disk would) leaves no half file.
        QTemporaryDir dir;
        QProcess process;
        process.start("prlimit", {"--fsize=40000", STAGELAB_CLI, "render", "--model", "stereo-pan",
                                  "--duration", "2", "-o", dir.filePath("scene.wav")});
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 1 &&
                     err.contains(dir.filePath("scene.wav")),
                 qPrintable(err));
        QVERIFY2(QDir(dir.path())
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                     .isEmpty(),
                 "the failed render left a file behind");
        // Without the limit the same render lands whole, and only it.
        const Result whole = run({"render", "--model", "stereo-pan", "--duration", "2", "-o",
                                  dir.filePath("scene.wav")});
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{"scene.wav"});
    }
};

STAGELAB_TEST_MAIN(TestCli)
#include "tst_cli.moc"
