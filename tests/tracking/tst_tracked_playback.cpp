// Head tracking in real time (issue 14): OSC packets over the loopback into a renderer that
// RtAudio plays into the test PulseAudio null sink. A head turned +30 deg makes a source ahead
// sound as the offline render of a source at -30 deg; a 200 Hz stream, hostile packets among
// it, runs for a minute with nothing allocated on the audio thread and every packet accounted
// for; and the time from a packet to the block that renders it is measured.

#include "audio/audio_output.h"
#include "common/allocation_counter.h"
#include "common/head_trackers.h"
#include "common/monitor_recording.h"
#include "common/signals.h"
#include "common/test_main.h"
#include "render/offline_render.h"
#include "render/renderer.h"
#include "tracking/head_trace.h"
#include "tracking/osc_head_tracker.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <arpa/inet.h>
#include <lo/lo.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <thread>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;
constexpr int block = 128;

SceneSpec noiseScene(Direction direction, double seconds)
{
    SceneSpec spec;
    spec.model = test::makeModel("hrtf", rate);
    SourceSpec source;
    source.stimulus = test::stimulusFrom(test::whiteNoise(size_t(rate * seconds), 5), rate);
    source.direction = direction;
    spec.sources.push_back(source);
    return spec;
}

bool waitFor(const std::function<bool()>& condition, int milliseconds)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > milliseconds) return false;
        QThread::msleep(1);
    }
    return true;
}

/// Bytes no OSC parser takes: sent as one UDP datagram.
void sendGarbage(int port)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char bytes[] = "/ypr\0\0\0\0,fff\0\0\0\0\x01"; // truncated arguments
    (void)::sendto(fd, bytes, sizeof bytes - 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    ::close(fd);
}
} // namespace

class TestTrackedPlayback : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!test::haveTestAudioServer())
            STAGELAB_SKIP(
                "needs the test PulseAudio server: run the suite with scripts/test.sh (README)");
    }

    void turnedHeadThroughTheDevice()
    {
        OscHeadTracker tracker(test::anyPort());
        OscHeadSender sender("127.0.0.1", std::to_string(tracker.port()), OscHeadFormat::Ypr);
        sender.send({30.0, 0.0, 0.0}); // IEM's /ypr -30 0 0: the head turned 30 deg left
        QVERIFY(waitFor([&] { return tracker.counts().accepted == 1; }, 5000));

        SceneSpec spec = noiseScene({0.0, 0.0}, 2.0);
        spec.headTracking = true;
        const RenderedAudio reference = renderOffline(noiseScene({-30.0, 0.0}, 2.0), rate);
        // As tst_realtime: a play with late callbacks or underruns (a busy machine) says
        // nothing about rendering and is repeated, up to three times.
        for (int attempt = 1;; ++attempt) {
            QTemporaryDir dir;
            test::MonitorRecording recorder(dir.filePath("monitor.raw"));
            QVERIFY2(recorder.started(), "parec (pulseaudio-utils) is needed");
            Renderer renderer(rate, block);
            renderer.setHeadSource(tracker.orientationSource());
            int glitches = 0;
            {
                AudioOutput output(renderer, AudioOutputSettings{});
                output.start();
                renderer.startScene(std::make_unique<Scene>(spec, rate, 1),
                                    renderer.currentFrame() + 2 * block);
                bool ended = false;
                QElapsedTimer timer;
                timer.start();
                while (!ended && timer.elapsed() < 15000) {
                    QVERIFY2(output.failure().empty(), output.failure().c_str());
                    RenderEvent event;
                    while (renderer.pollEvent(event)) {
                        ended = ended || event.type == RenderEvent::Type::End;
                        glitches += event.type == RenderEvent::Type::Underrun ||
                                    event.type == RenderEvent::Type::LateCallback;
                    }
                    QThread::msleep(10);
                }
                QVERIFY2(ended, "the scene did not end within 15 s");
                QThread::msleep(400); // the device plays out its buffer
                output.stop();
            }
            const test::RenderedPair recorded = recorder.stop();
            const int lag = test::alignmentLag(reference.left, recorded.left);
            const double cl = test::correlationAt(reference.left, recorded.left, lag);
            const double cr = test::correlationAt(reference.right, recorded.right, lag);
            qInfo("play %d: head at yaw %.1f; against the offline render of a source at -30 deg: "
                  "correlation L %.5f R %.5f; %d late callbacks or underruns",
                  attempt, renderer.renderedHead().yawDeg, cl, cr, glitches);
            // A gap in what the null sink's monitor recorded, which no callback saw (the
            // server's own underrun: PulseAudio does not report it), cuts the correlation on
            // both ears alike (0.855 once in a full suite run, 1.00000 on the same tree alone):
            // that play is repeated too. A rendering that is wrong is wrong on all three.
            if ((glitches > 0 || cl < 0.99 || cr < 0.99) && attempt < 3) continue;
            QVERIFY2(glitches == 0, "every play had late callbacks or underruns");
            QVERIFY(cl >= 0.99 && cr >= 0.99); // the bound
            break;
        }
    }

    void packetToBlockLatency()
    {
        // From a packet's sending to the first block rendered with it: the tracker's share of
        // motion-to-sound latency (the block's crossfade and the device's buffer follow).
        OscHeadTracker tracker(test::anyPort());
        OscHeadSender sender("127.0.0.1", std::to_string(tracker.port()), OscHeadFormat::Ypr);
        Renderer renderer(rate, block);
        renderer.setHeadSource(tracker.orientationSource());
        AudioOutput output(renderer, AudioOutputSettings{});
        output.start();
        std::vector<double> latenciesMs;
        for (int i = 1; i <= 50; ++i) {
            const double yaw = i % 2 ? 20.0 + i : -20.0 - i;
            const auto sent = std::chrono::steady_clock::now();
            sender.send({yaw, 0.0, 0.0});
            QVERIFY(waitFor([&] { return std::abs(renderer.renderedHead().yawDeg - yaw) < 1e-3; },
                            2000));
            latenciesMs.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent)
                    .count());
            QThread::msleep(7); // not in step with the blocks
        }
        output.stop();
        std::sort(latenciesMs.begin(), latenciesMs.end());
        const double blockMs = 1000.0 * block / rate;
        qInfo("packet to rendered block: median %.2f ms, 90th percentile %.2f ms, largest %.2f ms "
              "(n = 50); then one block's crossfade (%.2f ms) and the device's buffer (asked "
              "%.1f ms, %d-frame callbacks)",
              latenciesMs[25], latenciesMs[45], latenciesMs.back(), blockMs,
              output.deviceLatencyMs(), output.bufferFrames());
        // A packet waits for at most one callback; PulseAudio's callbacks come in bursts, so a
        // bound would only measure the machine's load: the figures are printed, not asserted,
        // beyond that every packet reached a block within the 2 s waited for above.
    }

    void trackerStreamAt200HzForAMinute()
    {
        // 60 s of a head-tracked scene in a room, 200 orientations a second arriving, every
        // 20th packet hostile. The audio thread allocates nothing; every packet is counted
        // where it belongs; the audio keeps time.
        constexpr double seconds = 60.0;
        OscHeadTracker tracker(test::anyPort());
        const int port = tracker.port();
        SceneSpec spec = noiseScene({0.0, 0.0}, 1.0);
        spec.sources.front().loop = true;
        spec.sources.front().distanceM = 1.5;
        SourceSpec second = spec.sources.front();
        second.direction = {60.0, 10.0};
        second.distanceM = 2.0;
        spec.sources.push_back(second);
        spec.room = std::make_shared<PreparedRoom>(*loadRoom("studio"), spec.model, rate);
        spec.headTracking = true;

        Renderer renderer(rate, block);
        renderer.setHeadSource(tracker.orientationSource());
        AudioOutput output(renderer, AudioOutputSettings{});
        output.start();
        renderer.startScene(std::make_unique<Scene>(spec, rate, 1), renderer.currentFrame());
        const long before = test::countedAllocations();
        const int64_t firstFrame = renderer.currentFrame();

        struct Sent
        {
            long good = 0, wrongTypes = 0, badValues = 0, unknown = 0, malformed = 0;
            HeadOrientation last;
        } sent;
        std::thread sender([&] {
            lo_address address = lo_address_new("127.0.0.1", std::to_string(port).c_str());
            OscHeadSender good("127.0.0.1", std::to_string(port), OscHeadFormat::Ypr);
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < int(seconds * 200); ++i) {
                std::this_thread::sleep_until(start + std::chrono::microseconds(5000 * i));
                const double t = i / 200.0;
                if (i % 20 == 19) { // hostile, in turn
                    switch ((i / 20) % 5) {
                    case 0:
                        lo_send(address, "/ypr", "s", "thirty");
                        ++sent.wrongTypes;
                        break;
                    case 1:
                        lo_send(address, "/ypr", "fff", NAN, 0.0f, 0.0f);
                        ++sent.badValues;
                        break;
                    case 2:
                        lo_send(address, "/ypr", "fff", 1e30f, 0.0f, 0.0f);
                        ++sent.badValues;
                        break;
                    case 3:
                        lo_send(address, "/not/a/tracker", "f", 1.0f);
                        ++sent.unknown;
                        break;
                    default:
                        sendGarbage(port);
                        ++sent.malformed;
                    }
                    continue;
                }
                const double phase = 2.0 * std::numbers::pi * 0.25 * t;
                sent.last = {60.0 * std::sin(phase), 10.0 * std::sin(2 * phase),
                             5.0 * std::cos(phase)};
                good.send(sent.last);
                ++sent.good;
            }
            lo_address_free(address);
        });
        int late = 0, underruns = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < seconds * 1000 + 200) {
            QVERIFY2(output.failure().empty(), output.failure().c_str());
            RenderEvent event;
            while (renderer.pollEvent(event)) {
                late += event.type == RenderEvent::Type::LateCallback;
                underruns += event.type == RenderEvent::Type::Underrun;
            }
            QThread::msleep(20);
        }
        sender.join();
        QThread::msleep(100); // the last packets are taken and rendered
        const HeadOrientation heard = renderer.renderedHead();
        const double playedS = double(renderer.currentFrame() - firstFrame) / rate;
        output.stop();
        const long allocations = test::countedAllocations() - before;
        const HeadTrackerCounts counts = tracker.counts();
        qInfo("%.1f s played in %.1f s; %d late callbacks, %d underruns; packets: %ld good "
              "(%llu taken), %ld wrong types (%llu), %ld bad values (%llu), %ld unknown (%llu), "
              "%ld malformed (%llu); audio-thread allocations %ld",
              playedS, timer.elapsed() / 1000.0, late, underruns, sent.good,
              (unsigned long long)counts.accepted, sent.wrongTypes,
              (unsigned long long)counts.wrongTypes, sent.badValues,
              (unsigned long long)counts.badValues, sent.unknown,
              (unsigned long long)counts.unknown, sent.malformed,
              (unsigned long long)counts.malformed, allocations);
        QCOMPARE(allocations, 0L);
        // Loopback UDP at 200 packets/s loses nothing: every packet is accounted for.
        QCOMPARE(long(counts.accepted), sent.good);
        QCOMPARE(long(counts.wrongTypes), sent.wrongTypes);
        QCOMPARE(long(counts.badValues), sent.badValues);
        QCOMPARE(long(counts.unknown), sent.unknown);
        QCOMPARE(long(counts.malformed), sent.malformed);
        // The last block heard the last orientation sent (as floats: 1e-3 deg).
        QVERIFY(std::abs(heard.yawDeg - sent.last.yawDeg) < 1e-3);
        QVERIFY(std::abs(heard.pitchDeg - sent.last.pitchDeg) < 1e-3);
        QVERIFY(std::abs(heard.rollDeg - sent.last.rollDeg) < 1e-3);
        // The audio kept time: 95 % of the minute was rendered (a stall of 3 s would fail).
        QVERIFY(playedS > 0.95 * seconds);
    }
};

STAGELAB_TEST_MAIN(TestTrackedPlayback)
#include "tst_tracked_playback.moc"
