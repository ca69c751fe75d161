// Reproducing a trial: a session played in real time through the test PulseAudio null sink,
// recorded from its monitor, and `stagelab-cli render --session FILE --trial N` of the same
// trial must be the same sound - the scene (HRTF, a wide source's decorrelated copies), the
// device's EQ and level offset - and a re-render of something that changed since is refused.

#include "common/monitor_recording.h"
#include "common/signals.h"
#include "common/test_main.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <nlohmann/json.hpp>
#include <sndfile.h>

#include <cmath>

using namespace stagelab;

namespace {
void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

/// One wide voice (decorrelated copies) through the HRTF, on a device whose profile has an EQ
/// and a level offset: everything a re-render has to get right.
QString writeStudy(const QTemporaryDir& dir)
{
    const nlohmann::json profile = {
        {"format", "stagelab.device/1"},
        {"id", "test-iem"},
        {"kind", "iem"},
        {"levelOffsetDb", -3.0},
        {"equalization",
         {{"preampDb", -6.0},
          {"filters",
           {{{"type", "PK"}, {"frequencyHz", 1000.0}, {"gainDb", 6.0}, {"q", 1.0}},
            {{"type", "HSC"}, {"frequencyHz", 6000.0}, {"gainDb", -4.0}, {"q", 0.7}}}}}}};
    writeFile(dir.filePath("iem.json"), QByteArray::fromStdString(profile.dump(2)));
    QFile::copy(STAGELAB_SOURCE_DIR "/stimuli/speech.wav", dir.filePath("speech.wav"));
    const nlohmann::json experiment = {
        {"format", "stagelab.experiment/1"},
        {"id", "reproduce"},
        {"title", "Reproduce a trial"},
        {"stimuli", {{{"id", "speech"}, {"file", "speech.wav"}}}},
        {"devices",
         {{{"id", "iem"}, {"name", "Test IEM"}, {"kind", "iem"}, {"profile", "iem.json"}}}},
        {"playback", {{"durationS", 1.5}, {"replaysAllowed", 0}}},
        {"blocks",
         {{{"id", "wide"},
           {"kind", "width"},
           {"responseMode", "width-edges"},
           {"factors",
            {{"stimulus", {"speech"}},
             {"model", {"hrtf"}},
             {"azimuthDeg", {30}},
             {"widthDeg", {90}}}}}}}};
    const QString path = dir.filePath("reproduce.json");
    writeFile(path, QByteArray::fromStdString(experiment.dump(2)));
    return path;
}

test::RenderedPair readWav(const QString& path)
{
    SF_INFO info{};
    SNDFILE* file = sf_open(path.toLocal8Bit().constData(), SFM_READ, &info);
    test::RenderedPair pair;
    if (!file || info.channels != 2) return pair;
    std::vector<float> interleaved(size_t(info.frames) * 2);
    sf_readf_float(file, interleaved.data(), info.frames);
    sf_close(file);
    for (size_t n = 0; n < size_t(info.frames); ++n) {
        pair.left.push_back(interleaved[2 * n]);
        pair.right.push_back(interleaved[2 * n + 1]);
    }
    return pair;
}

struct CliResult
{
    int exitCode = -1;
    QString err;
};

CliResult runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(STAGELAB_CLI, arguments);
    if (!process.waitForFinished(60000)) qFatal("stagelab-cli did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardError())};
}
} // namespace

class TestTrialReproduction : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!test::haveTestAudioServer())
            STAGELAB_SKIP("needs the test PulseAudio server: run the suite with scripts/test.sh");
    }

    void playedTrialEqualsItsRerender()
    {
        QTemporaryDir dir;
        const QString experiment = writeStudy(dir);
        const QString results = dir.filePath("results");
        test::MonitorRecording recorder(dir.filePath("monitor.raw"));
        QVERIFY2(recorder.started(), "parec (pulseaudio-utils) is needed");

        // A person at the terminal: Enter at every page, until the trial has played and asks
        // for its answer.
        QProcess run;
        run.start(STAGELAB_CLI, {"run", experiment, "--participant", "p01", "--results", results});
        QVERIFY(run.waitForStarted());
        QString err;
        int answeredPrompts = 0;
        test::RenderedPair played;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            run.waitForReadyRead(100);
            err += QString::fromUtf8(run.readAllStandardError());
            for (int prompts = int(err.count("[Enter]")); answeredPrompts < prompts;
                 ++answeredPrompts)
                run.write("\n");
            if (err.contains("Trial 1/")) {
                QThread::msleep(400); // what the device still buffers plays out
                played = recorder.stop();
                run.write("70, -10\n");
                run.closeWriteChannel();
                break;
            }
            QVERIFY2(run.state() == QProcess::Running, qPrintable(err));
        }
        QVERIFY2(!played.left.empty(), qPrintable("no trial was played:\n" + err));
        QVERIFY(run.waitForFinished(30000));
        QVERIFY2(run.exitCode() == 0, qPrintable(err + run.readAllStandardError()));

        const QStringList sessions = QDir(results + "/p01").entryList({"*.jsonl"}, QDir::Files);
        QCOMPARE(sessions.size(), 1);
        const QString session = results + "/p01/" + sessions[0];
        const QString rerender = dir.filePath("trial0.wav");
        const CliResult render =
            runCli({"render", "--session", session, "--trial", "0", "-o", rerender});
        QVERIFY2(render.exitCode == 0, qPrintable(render.err));
        QVERIFY2(render.err.contains("device 'iem'") && render.err.contains("output gain -3 dB"),
                 qPrintable(render.err));
        const test::RenderedPair reference = readWav(rerender);
        QVERIFY(reference.left.size() > 48000);

        const int lag = test::alignmentLag(reference.left, played.left);
        const double left = test::correlationAt(reference.left, played.left, lag);
        const double right = test::correlationAt(reference.right, played.right, lag);
        const auto segment = [&](const std::vector<float>& x) {
            return std::vector<float>(x.begin() + lag,
                                      x.begin() + std::min(x.size(), lag + reference.left.size()));
        };
        const double levelDb =
            test::toDb(test::rms(segment(played.left)) / test::rms(reference.left));
        // What the engine saw while the trial played: a late callback or an underrun on a busy
        // machine would explain a low correlation (and is in the record, as for any session).
        QFile file(session);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const nlohmann::json record =
            nlohmann::json::parse(file.readAll().split('\n').at(1).toStdString());
        qInfo("recorded %zu frames, trial at %d; correlation L %.6f R %.6f; level %+.3f dB; "
              "late callbacks %d, underruns %d",
              played.left.size(), lag, left, right, levelDb, record.value("lateCallbacks", -1),
              record.value("underruns", -1));
        // 0.999: the bound. The null sink passes float32 unchanged, so anything but the
        // same scene (another seed of the decorrelators, another HRTF, no EQ) falls far below.
        QVERIFY(left >= 0.999);
        QVERIFY(right >= 0.999);
        // 0.1 dB: the profile's offset (-3 dB) or its EQ left out would be off by dB, not tenths.
        QVERIFY2(std::abs(levelDb) < 0.1, qPrintable(QString::number(levelDb)));

        // The stimulus changes after the session: a re-render would not be what was heard.
        QFile::remove(dir.filePath("speech.wav"));
        QFile::copy(STAGELAB_SOURCE_DIR "/stimuli/violin.wav", dir.filePath("speech.wav"));
        const CliResult changed =
            runCli({"render", "--session", session, "--trial", "0", "-o", rerender});
        QVERIFY2(changed.exitCode == 1 && changed.err.contains("speech.wav") &&
                     changed.err.contains("is not the one") &&
                     changed.err.contains("refusing to render something else"),
                 qPrintable(changed.err));
    }
};

STAGELAB_TEST_MAIN(TestTrialReproduction)
#include "tst_trial_reproduction.moc"
