// Real time: the audio callback allocates nothing; what RtAudio plays into the test PulseAudio
// null sink is what the offline renderer produces; a vanished or missing device is an error,
// never a crash or a hang.

#include "audio/audio_output.h"
#include "audio/audio_thread_priority.h"
#include "common/allocation_counter.h"
#include "common/monitor_recording.h"
#include "common/signals.h"
#include "common/test_main.h"
#include "devices/autoeq.h"
#include "dsp/aligned_buffer.h"
#include "dsp/fft.h"
#include "dsp/output_stage.h"
#include "render/offline_render.h"
#include "render/renderer.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;
constexpr int block = 128;

std::shared_ptr<const SpatialModel> makeModel(const std::string& name)
{
    ModelSettings settings;
    settings.sampleRateHz = rate;
    settings.blockFrames = block;
    return createModel(name, settings);
}

/// A scene with moving, wide and static sources (every code path of the voice loop); in a room
/// (`room` a preset name), at distances that take every distance path: near field (moving),
/// air absorption, reflections and the late tail.
SceneSpec busyScene(const std::string& model, double durationS, const std::string& room = "")
{
    SceneSpec spec;
    spec.model = makeModel(model);
    spec.durationS = durationS;
    if (!room.empty())
        spec.room = std::make_shared<PreparedRoom>(*loadRoom(room), spec.model, rate);
    const auto noise = test::stimulusFrom(test::whiteNoise(size_t(rate), 11), rate);
    const auto tone = test::stimulusFrom(test::sine(size_t(rate * 0.7), 330.0, rate), rate);
    for (int i = 0; i < 4; ++i) {
        SourceSpec source;
        source.stimulus = i % 2 ? tone : noise;
        source.direction = {i * 80.0 - 100.0, i * 10.0 - 10.0};
        source.rotateDegPerS = i == 3 ? 0.0 : 40.0 * (i + 1);
        source.widthDeg = i == 1 ? 60.0 : 0.0;
        source.gainDb = -6.0;
        source.loop = true;
        if (!room.empty()) source.distanceM = i == 0 ? 0.5 : i == 3 ? 2.2 : 1.5;
        spec.sources.push_back(source);
    }
    return spec;
}

/// Silence, noting the scheduling policy of the thread that asks for it.
class PolicyWatchingSource : public AudioSource
{
public:
    double sampleRateHz() const noexcept override { return rate; }
    void process(float* interleaved, int frames) noexcept override
    {
        int policy = SCHED_OTHER;
        sched_param param{};
        if (pthread_getschedparam(pthread_self(), &policy, &param) == 0) {
            m_policy.store(policy);
            m_priority.store(param.sched_priority);
        }
        std::fill(interleaved, interleaved + 2 * frames, 0.0f);
        m_blocks.fetch_add(1);
    }
    void onUnderrun() noexcept override {}
    void onLateCallback(float, float) noexcept override {}
    std::atomic<int> m_policy{-1}, m_priority{-1}, m_blocks{0};
};

/// Whether this process may give a thread real-time scheduling (root, or an rtprio limit).
bool realTimeAllowed()
{
    bool allowed = false;
    std::thread probe([&allowed] {
        sched_param param{};
        param.sched_priority = audioThreadPriority;
        allowed = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    });
    probe.join();
    return allowed;
}
} // namespace

class TestRealtime : public QObject
{
    Q_OBJECT
private slots:
    void theAudioThreadTakesRealTimeScheduling()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP(
                "needs the test PulseAudio server: run the suite with scripts/test.sh (README)");
        PolicyWatchingSource source;
        AudioOutput output(source, AudioOutputSettings{"", 128});
        QCOMPARE(output.audioThreadScheduling(), 0); // not known before a callback
        output.start();
        QTRY_VERIFY(source.m_blocks.load() > 20);
        output.stop();
        const int outcome = output.audioThreadScheduling();
        std::printf("audio thread: %s\n", describeAudioThreadScheduling(outcome).c_str());
        if (realTimeAllowed()) {
            // The blocks were made on a SCHED_FIFO thread (RtAudio 5.2 alone would leave it
            // SCHED_OTHER), at the priority asked for.
            QCOMPARE(outcome, audioThreadPriority);
            QCOMPARE(source.m_policy.load(), int(SCHED_FIFO));
            QCOMPARE(source.m_priority.load(), audioThreadPriority);
        } else {
            // Refused: said, with what to do, and the stream plays on at ordinary priority.
            QCOMPARE(outcome, -EPERM);
            QCOMPARE(source.m_policy.load(), int(SCHED_OTHER));
            QVERIFY(QString::fromStdString(describeAudioThreadScheduling(outcome))
                        .contains(QStringLiteral("rtprio")));
        }
    }

    void allocationCounterWorks()
    {
        // Guard against a counter that can never fire: allocate inside a counted region.
        const long before = test::countedAllocations();
        test::countOnThisThread(true);
        void* volatile p = std::malloc(64); // volatile: the pair may not be optimised away
        std::free(p);
        test::countOnThisThread(false);
        QCOMPARE(test::countedAllocations() - before, 2L);
    }

    void renderingAllocatesNothing_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("room");
        for (const ModelDescription& model : modelDescriptions())
            QTest::newRow(model.name.c_str()) << QString::fromStdString(model.name) << "";
        QTest::newRow("hrtf in the studio") << "hrtf"
                                            << "studio";
        QTest::newRow("spherical-head in the hall") << "spherical-head"
                                                    << "hall";
        QTest::newRow("diotic in the living room") << "diotic"
                                                   << "living-room";
    }
    void renderingAllocatesNothing()
    {
        QFETCH(QString, model);
        QFETCH(QString, room);
        Renderer renderer(rate, block);
        std::vector<float> buffer(2 * 300);
        auto first = std::make_unique<Scene>(
            busyScene(model.toStdString(), 1.0, room.toStdString()), rate, 1);
        auto second = std::make_unique<Scene>(
            busyScene(model.toStdString(), 0.5, room.toStdString()), rate, 2);
        // Long enough for both scenes to ring out (a hall's tail rings for seconds).
        const int callbacks =
            250 + int(std::max(first->tailFrames(), second->tailFrames()) / 300) + 1;
        renderer.startScene(std::move(first), 0);
        renderer.startScene(std::move(second), 20000);
        renderer.setGain(-3.0, 0.1);
        renderer.stopScene(1, 40000);
        // A device EQ in the output path: a parametric one from the start, then mid-stream a
        // GraphicEQ FIR (partitioned convolution), warmed up and crossfaded on the audio thread.
        const Equalizer parametric =
            parseAutoEq("Preamp: -6 dB\nFilter 1: ON LSC Fc 105 Hz Gain 6 dB Q 0.7\n"
                        "Filter 2: ON PK Fc 3000 Hz Gain -3 dB Q 2\n",
                        "parametric");
        const Equalizer graphic =
            parseAutoEq("GraphicEQ: 20 3; 1000 -2; 8000 4; 20000 -6", "graphic");
        renderer.setOutputStage(
            std::make_unique<OutputStage>(OutputStageSpec{parametric, -1.0}, rate, block));
        const long before = test::countedAllocations();
        // 300-frame callbacks exercise the block FIFO as well (300 is not a multiple of 128).
        for (int callback = 0; callback < callbacks; ++callback) {
            if (callback == 60) // built and posted here, uncounted, as a control thread would
                renderer.setOutputStage(
                    std::make_unique<OutputStage>(OutputStageSpec{graphic, 0.0}, rate, block));
            test::countOnThisThread(true);
            renderer.process(buffer.data(), 300);
            test::countOnThisThread(false);
        }
        QCOMPARE(test::countedAllocations() - before, 0L);
        // It did render: both scenes started and ended, and both output stages came in.
        int onsets = 0, ends = 0, outputs = 0;
        RenderEvent event;
        while (renderer.pollEvent(event)) {
            onsets += event.type == RenderEvent::Type::Onset;
            ends += event.type == RenderEvent::Type::End;
            outputs += event.type == RenderEvent::Type::OutputStageChanged;
        }
        QCOMPARE(onsets, 2);
        QCOMPARE(ends, 2);
        QCOMPARE(outputs, 2);
    }

    void playedAudioMatchesOfflineRender_data()
    {
        QTest::addColumn<QString>("room");
        QTest::newRow("anechoic") << "";
        QTest::newRow("studio") << "studio";
    }
    void playedAudioMatchesOfflineRender()
    {
        QFETCH(QString, room);
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP(
                "needs the test PulseAudio server: run the suite with scripts/test.sh (README)");
        const SceneSpec spec = busyScene("hrtf", 2.0, room.toStdString());
        // Through a device's GraphicEQ FIR, as a session on that device plays it.
        const OutputStageSpec device{
            parseAutoEq("GraphicEQ: 20 3; 1000 -2; 8000 4; 20000 -6", "graphic"), -1.0};
        const RenderedAudio reference = renderOffline(spec, rate, &device);
        // A late callback or an underrun the engine reports (a 2-core machine busy elsewhere)
        // drops audio, and then the comparison says nothing about rendering: such a play is
        // repeated, up to three times. Rendering that differs fails the first clean play.
        for (int attempt = 1;; ++attempt) {
            QTemporaryDir dir;
            test::MonitorRecording recorder(dir.filePath("monitor.raw"));
            QVERIFY2(recorder.started(), "parec (pulseaudio-utils) is needed");
            Renderer renderer(rate, block);
            renderer.setOutputStage(std::make_unique<OutputStage>(device, rate, block));
            const long before = test::countedAllocations();
            int glitches = 0; // late callbacks and underruns the engine reported
            {
                AudioOutput output(renderer, AudioOutputSettings{});
                output.start();
                renderer.startScene(std::make_unique<Scene>(spec, rate, 1),
                                    renderer.currentFrame() + 2 * block);
                QElapsedTimer timer;
                timer.start();
                bool ended = false;
                RenderEvent event;
                while (!ended && timer.elapsed() < 15000) {
                    QVERIFY2(output.failure().empty(), output.failure().c_str());
                    while (renderer.pollEvent(event)) {
                        ended = ended || event.type == RenderEvent::Type::End;
                        glitches += event.type == RenderEvent::Type::Underrun ||
                                    event.type == RenderEvent::Type::LateCallback;
                    }
                    QThread::msleep(10);
                }
                QVERIFY2(ended, "the scene did not end within 15 s");
                QVERIFY(output.callbackCount() > 100);
                // Every callback's load is in the histogram (the one figure of the soak script):
                // a real scene's callback takes some time, and on this idle machine far less
                // than its period (p50 under 50 %: the guard against a unit slip of 1000).
                QCOMPARE(int64_t(output.callbackLoad().count()), output.callbackCount());
                QVERIFY(output.callbackLoad().maximum() > 0.0);
                QVERIFY(output.callbackLoad().percentile(0.5) < 0.5);
                QThread::msleep(400); // let the device play out its buffer
                output.stop();
            }
            const long audioThreadAllocations = test::countedAllocations() - before;
            const test::RenderedPair recorded = recorder.stop();
            const int lag = test::alignmentLag(reference.left, recorded.left);
            const double correlationLeft = test::correlationAt(reference.left, recorded.left, lag);
            const double correlationRight =
                test::correlationAt(reference.right, recorded.right, lag);
            qInfo("play %d: recorded %zu frames, aligned at %d, correlation L %.5f R %.5f; %d "
                  "late callbacks or underruns",
                  attempt, recorded.left.size(), lag, correlationLeft, correlationRight, glitches);
            QCOMPARE(audioThreadAllocations, 0L);
            // A gap in the monitor's recording that no callback saw (PulseAudio does not report
            // its own underruns) lowers both correlations alike: repeated as a glitch is. A
            // wrong rendering is wrong on all three plays.
            if ((glitches > 0 || correlationLeft < 0.99 || correlationRight < 0.99) && attempt < 3)
                continue;
            QVERIFY2(glitches == 0, "every play had late callbacks or underruns");
            // 0.99: the bound. A dropout of even 5 ms or a wrong channel order falls
            // below it.
            QVERIFY(correlationLeft >= 0.99);
            QVERIFY(correlationRight >= 0.99);
            break;
        }
    }

    void handedOverScenesAndStagesAreAllFreed()
    {
        // Thousands of scenes and output stages handed to a renderer whose events nobody polls:
        // most are rejected (8 slots) or end, and all must come back to the control thread to
        // be freed; none may be dropped (leaked) or freed on the audio thread. Every scene
        // holds the stimulus and the model, so their use counts tell whether one is missing.
        const auto stimulus = test::stimulusFrom(test::whiteNoise(size_t(rate / 10), 3), rate);
        SceneSpec spec;
        spec.model = makeModel("stereo-pan");
        SourceSpec source;
        source.stimulus = stimulus;
        spec.sources.push_back(source);
        const Equalizer eq =
            parseAutoEq("Preamp: -1 dB\nFilter 1: ON PK Fc 1000 Hz Gain -2 dB Q 1", "pk");
        {
            Renderer renderer(rate, block);
            AlignedBuffer left{size_t(block)}, right{size_t(block)};
            const long before = test::countedAllocations();
            auto audioBlock = [&] { // what the audio thread does, with its allocations counted
                test::countOnThisThread(true);
                renderer.renderBlock(left.data(), right.data());
                test::countOnThisThread(false);
            };
            for (int i = 0; i < 3000; ++i) {
                renderer.startScene(std::make_unique<Scene>(spec, rate, uint64_t(i + 1)),
                                    renderer.currentFrame());
                if (i % 3 == 0) audioBlock();
            }
            for (int i = 0; i < 1000; ++i) {
                renderer.setOutputStage(
                    std::make_unique<OutputStage>(OutputStageSpec{eq, 0.0}, rate, block));
                if (i % 3 == 0) audioBlock();
            }
            for (int b = 0; b < 200; ++b) // the last scenes end (0.1 s of sound each)
                audioBlock();
            // Nothing was freed (or allocated) on the audio thread...
            QCOMPARE(test::countedAllocations() - before, 0L);
            renderer.reclaimScenes();
            // ...and everything handed over came back and was freed: only the test holds them.
            QCOMPARE(stimulus.use_count(), 3L); // the test's, the source's and the spec's
            QCOMPARE(spec.model.use_count(), 1L);
        }
    }

    void eachStreamGetsItsOwnPulseLatency()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP(
                "needs the test PulseAudio server: run the suite with scripts/test.sh (README)");
        if (qEnvironmentVariableIsSet("PULSE_LATENCY_MSEC"))
            STAGELAB_SKIP("PULSE_LATENCY_MSEC is set by the user, and a user's setting wins");
        // Four device buffers of 1024 frames (85 ms), then the 30-ms floor for 128 frames: a
        // later stream must not keep the first stream's latency, and the process environment is
        // left as it was.
        Renderer renderer(rate, block);
        for (const auto& [bufferFrames, latencyMs] :
             {std::pair{1024, 85.0}, std::pair{128, 30.0}}) {
            AudioOutput output(renderer, AudioOutputSettings{"", bufferFrames});
            QCOMPARE(output.deviceLatencyMs(), latencyMs);
            QVERIFY(!qEnvironmentVariableIsSet("PULSE_LATENCY_MSEC"));
        }
    }

    void missingDeviceIsAnError()
    {
        Renderer renderer(rate, block);
        try {
            AudioOutput output(renderer, AudioOutputSettings{"pulse:99", 128});
            QFAIL("opened a device that does not exist");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("'pulse:99' not found"), error.what());
        }
    }

    void streamThatCannotOpenIsAnError()
    {
        if (!stagelab::test::haveTestAudioServer())
            STAGELAB_SKIP(
                "needs the test PulseAudio server: run the suite with scripts/test.sh (README)");
        // PulseAudio refuses sample rates above its maximum (768 kHz in PulseAudio 16).
        Renderer renderer(1000000.0, block);
        try {
            AudioOutput output(renderer, AudioOutputSettings{});
            QFAIL("opened a stream at 1 MHz");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("could not be opened"), error.what());
        }
    }

    void vanishingDeviceIsReported()
    {
        // A PulseAudio server of this test's own, killed while it plays.
        QTemporaryDir dir;
        QProcess start;
        start.start("bash", {STAGELAB_SOURCE_DIR "/scripts/test-audio-server.sh", "start",
                             dir.path() + "/pulse"});
        QVERIFY(start.waitForFinished(20000));
        QVERIFY2(start.exitCode() == 0, start.readAllStandardError().constData());
        const QString exports = QString::fromUtf8(start.readAllStandardOutput());
        const QString server = exports.section("PULSE_SERVER='", 1).section("'", 0, 0);
        const qint64 pid = exports.section("STAGELAB_PULSE_PID=", 1).trimmed().toLongLong();
        QVERIFY(!server.isEmpty() && pid > 0);
        const QByteArray previous = qgetenv("PULSE_SERVER");
        qputenv("PULSE_SERVER", server.toUtf8());

        Renderer renderer(rate, block);
        QString failure;
        {
            AudioOutput output(renderer, AudioOutputSettings{});
            output.start();
            renderer.startScene(std::make_unique<Scene>(busyScene("stereo-pan", 0.0), rate, 1),
                                renderer.currentFrame());
            QThread::msleep(500);
            QVERIFY(output.failure().empty());
            ::kill(pid_t(pid), SIGKILL);
            QElapsedTimer timer;
            timer.start();
            while (output.failure().empty() && timer.elapsed() < 5000)
                QThread::msleep(20);
            failure = QString::fromStdString(output.failure());
            qInfo("reported after %lld ms: %s", timer.elapsed(), qPrintable(failure));
        } // closing the dead stream must not hang (ctest's timeout would fail the test)
        qputenv("PULSE_SERVER", previous);
        QProcess::execute("bash", {STAGELAB_SOURCE_DIR "/scripts/test-audio-server.sh", "stop",
                                   dir.path() + "/pulse"});
        QVERIFY2(failure.contains("audio device"), qPrintable(failure));
    }
};

STAGELAB_TEST_MAIN(TestRealtime)
#include "tst_realtime.moc"
