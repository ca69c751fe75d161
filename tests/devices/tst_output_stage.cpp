// The device EQ in the renderer's output path: offline renders through a profile's EQ follow
// EqualizerChain's response, the FFT-partitioned GraphicEQ FIR equals direct convolution, a
// change of device mid-stream is smooth (no click), and level matching makes devices with
// different EQs equally loud within 0.1 dB.

#include "common/signals.h"
#include "common/test_main.h"
#include "devices/device_profile.h"
#include "devices/level_matching.h"
#include "dsp/equalizer_chain.h"
#include "dsp/output_stage.h"
#include "render/offline_render.h"
#include "render/renderer.h"
#include "spatial/models/models.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;
constexpr int block = 128;

Equalizer parametric()
{
    return parseAutoEq("Preamp: -6.4 dB\n"
                       "Filter 1: ON LSC Fc 105 Hz Gain 6.5 dB Q 0.70\n"
                       "Filter 2: ON PK Fc 1000 Hz Gain -4.0 dB Q 1.4\n"
                       "Filter 3: ON HSC Fc 10000 Hz Gain -3.1 dB Q 0.70\n"
                       "Filter 4: ON PK Fc 6000 Hz Gain 5.0 dB Q 4.0\n",
                       "parametric");
}

Equalizer graphic()
{
    return parseAutoEq("GraphicEQ: 20 4.0; 100 3.0; 500 -2.0; 1000 -6.0; 3000 1.0; 6000 5.0; 12000 "
                       "-4.0; 20000 -8.0",
                       "graphic");
}

std::shared_ptr<const SpatialModel> dioticModel()
{
    ModelSettings settings;
    settings.sampleRateHz = rate;
    settings.blockFrames = block;
    return createModel("diotic", settings);
}

SceneSpec dioticScene(std::vector<float> samples)
{
    SceneSpec spec;
    spec.model = dioticModel();
    SourceSpec source;
    source.stimulus = test::stimulusFrom(std::move(samples), rate);
    spec.sources.push_back(source);
    return spec;
}

/// Amplitude of the `frequencyHz` component over [begin, end) (a whole number of periods).
double toneAmplitude(const std::vector<float>& x, size_t begin, size_t end, double frequencyHz)
{
    double s = 0, c = 0;
    for (size_t n = begin; n < end; ++n) {
        const double phase = 2 * std::numbers::pi * frequencyHz * double(n) / rate;
        s += x[n] * std::sin(phase);
        c += x[n] * std::cos(phase);
    }
    return 2 * std::hypot(s, c) / double(end - begin);
}

/// Largest sample-to-sample step: a click is a step far above what the tone itself makes.
double largestStep(const std::vector<float>& x, size_t begin, size_t end)
{
    double step = 0;
    for (size_t n = begin + 1; n < end; ++n)
        step = std::max(step, double(std::abs(x[n] - x[n - 1])));
    return step;
}
} // namespace

class TestOutputStage : public QObject
{
    Q_OBJECT
private slots:
    void offlineRenderFollowsChainResponse_data()
    {
        QTest::addColumn<bool>("isGraphic");
        QTest::addColumn<double>("frequencyHz");
        QTest::addColumn<double>("gainDb");
        for (const double f : {50.0, 100.0, 1000.0, 6000.0, 12000.0}) {
            QTest::addRow("parametric %g Hz", f) << false << f << 0.0;
            QTest::addRow("graphic %g Hz", f) << true << f << -2.5;
        }
    }
    void offlineRenderFollowsChainResponse()
    {
        QFETCH(bool, isGraphic);
        QFETCH(double, frequencyHz);
        QFETCH(double, gainDb);
        const OutputStageSpec output{isGraphic ? graphic() : parametric(), gainDb};
        const SceneSpec spec = dioticScene(test::sine(size_t(rate * 1.5), frequencyHz, rate));
        const RenderedAudio dry = renderOffline(spec, rate);
        const RenderedAudio wet = renderOffline(spec, rate, &output);
        // 0.5 s in: onset ramp, filter transients (FIR: 85 ms) and the LSC's decay are over; the
        // span is 0.5 s, a whole number of periods of every test frequency.
        const size_t begin = size_t(rate * 0.5), end = size_t(rate * 1.0);
        for (const auto* ear : {&wet.left, &wet.right}) {
            const std::vector<float>& reference = ear == &wet.left ? dry.left : dry.right;
            const double measuredDb =
                20 * std::log10(toneAmplitude(*ear, begin, end, frequencyHz) /
                                toneAmplitude(reference, begin, end, frequencyHz));
            const double expectedDb =
                EqualizerChain(output.equalizer, rate).magnitudeDb(frequencyHz) + gainDb;
            // 0.02 dB: float rounding in the biquads / FFTs; a wrong partition, a missing preamp or
            // a shifted coefficient is off by far more.
            QVERIFY2(
                std::abs(measuredDb - expectedDb) < 0.02,
                qPrintable(QString("measured %1 dB, chain %2 dB").arg(measuredDb).arg(expectedDb)));
        }
    }

    void partitionedFirEqualsDirectConvolution()
    {
        const Equalizer eq = graphic();
        OutputStage stage(OutputStageSpec{eq, 0.0}, rate, block);
        const EqualizerChain chain(eq, rate);
        QVERIFY(chain.isFir());
        const std::vector<float> x = test::whiteNoise(size_t(block) * 80, 3);
        std::vector<float> left(x.size()), right(x.size());
        for (size_t b = 0; b < x.size(); b += block)
            stage.process(x.data() + b, x.data() + b, left.data() + b, right.data() + b);
        std::vector<float> direct =
            test::convolveDirect(x, chain.firTaps().data(), chain.firTaps().size());
        const float preamp = float(std::pow(10.0, eq.preampDb / 20.0));
        double error = 0, signal = 0;
        for (size_t n = 0; n < x.size(); ++n) {
            error = std::max(error, double(std::abs(left[n] - direct[n] * preamp)));
            signal = std::max(signal, double(std::abs(direct[n] * preamp)));
            QCOMPARE(left[n], right[n]);
        }
        // Single-precision FFTs of size 256: errors ~1e-6 of the peak; a partition off by one
        // block or a missing 1/N is off by the signal itself.
        QVERIFY2(error < 1e-5 * signal, qPrintable(QString::number(error / signal)));
    }

    void deviceChangeMidStreamIsSmooth_data()
    {
        QTest::addColumn<bool>("toGraphic");
        QTest::newRow("parametric to graphic") << true;
        QTest::newRow("parametric to flat") << false;
    }
    void deviceChangeMidStreamIsSmooth()
    {
        QFETCH(bool, toGraphic);
        const double f = 1000.0; // parametric: -4 dB - 6.4 preamp; graphic: -6 dB; flat 0 dB
        Renderer renderer(rate, block);
        renderer.setOutputStage(
            std::make_unique<OutputStage>(OutputStageSpec{parametric(), 0.0}, rate, block));
        renderer.startScene(
            std::make_unique<Scene>(dioticScene(test::sine(size_t(rate * 2), f, rate)), rate, 1),
            0);
        std::vector<float> left, right;
        AlignedBuffer l{size_t(block)}, r{size_t(block)};
        int64_t changedAt = -1;
        for (int b = 0; b < int(rate * 1.5) / block; ++b) {
            if (b == 200) // 0.53 s: well inside the tone
                renderer.setOutputStage(toGraphic
                                            ? std::make_unique<OutputStage>(
                                                  OutputStageSpec{graphic(), 0.0}, rate, block)
                                            : nullptr);
            renderer.renderBlock(l.data(), r.data());
            left.insert(left.end(), l.data(), l.data() + block);
            right.insert(right.end(), r.data(), r.data() + block);
            RenderEvent event;
            while (renderer.pollEvent(event))
                if (event.type == RenderEvent::Type::OutputStageChanged && event.frame > 0)
                    changedAt = event.frame;
        }
        QVERIFY2(changedAt > 200 * block, "the new output stage never came in");
        QVERIFY(changedAt <
                200 * block + int64_t(0.2 * rate)); // warm-up (FIR: 33 blocks) + 10 ms fade
        const double before = toneAmplitude(left, size_t(0.2 * rate), size_t(0.5 * rate), f);
        const double after =
            toneAmplitude(left, size_t(changedAt) + 4800, size_t(changedAt) + 9600, f);
        QVERIFY(std::abs(20 * std::log10(after / before)) >
                3.0); // the change is audible as a level change
        // A tone of amplitude a moves at most a * 2 sin(pi f / fs) per sample; a fade adds a tiny
        // envelope slope. 5 % over the louder tone's bound: any click or dropout is far above it.
        const double bound =
            1.05 * std::max(before, after) * 2 * std::sin(std::numbers::pi * f / rate);
        const size_t from = size_t(0.3 * rate), to = size_t(changedAt) + 9600;
        QVERIFY2(
            largestStep(left, from, to) < bound,
            qPrintable(QString("step %1, bound %2").arg(largestStep(left, from, to)).arg(bound)));
        QVERIFY(largestStep(right, from, to) < bound);

        // The same measure catches a hard switch to a stage that starts from silence.
        OutputStage first(OutputStageSpec{parametric(), 0.0}, rate, block),
            second(OutputStageSpec{graphic(), 0.0}, rate, block);
        const std::vector<float> tone = test::sine(size_t(block) * 300, f, rate);
        std::vector<float> hard(tone.size()), scratch(static_cast<size_t>(block));
        for (size_t b = 0; b < tone.size(); b += block)
            (b < tone.size() / 2 ? first : second)
                .process(tone.data() + b, tone.data() + b, hard.data() + b, scratch.data());
        const double hardBound =
            1.05 * 0.5 *
            std::pow(10.0, std::max(first.magnitudeDb(f), second.magnitudeDb(f)) / 20) * 2 *
            std::sin(std::numbers::pi * f / rate);
        QVERIFY(largestStep(hard, 0, tone.size() / 2 - block) <
                hardBound); // the measure passes a steady tone
        QVERIFY(largestStep(hard, 0, hard.size()) > 2 * hardBound);
    }

    void levelMatchingMakesDevicesEquallyLoud()
    {
        // Two devices whose EQs change loudness differently: a bass-heavy parametric one and a
        // graphic one, plus an inline one without preamp (the clipping guard must step in).
        std::vector<DeviceProfile> profiles(3);
        profiles[0].id = "A";
        profiles[0].equalizer = parametric();
        profiles[1].id = "B";
        profiles[1].equalizer = graphic();
        profiles[2].id = "C";
        profiles[2].equalizer.filters = {{"PK", 3000, 8.0, 1.0}};
        std::vector<DeviceLevel> levels;
        for (const DeviceProfile& profile : profiles)
            levels.push_back(measureDeviceLevel(profile, rate));
        QVERIFY(levels[2].clipGuardDb < -7.9); // +8 dB boost: preamp lowered by about 8 dB
        QVERIFY(EqualizerChain(levels[2].equalizer, rate).peakGainDb() < 0.01);
        matchDeviceLevels(levels);

        const SceneSpec spec = dioticScene(referencePinkNoise(rate));
        std::vector<double> loudness, unmatched;
        for (const DeviceLevel& level : levels) {
            QVERIFY(level.compensationDb <= 0.0); // nobody is raised
            const OutputStageSpec matched{level.equalizer, level.outputGainDb()};
            const OutputStageSpec raw{level.equalizer, 0.0};
            const RenderedAudio a = renderOffline(spec, rate, &matched);
            const RenderedAudio b = renderOffline(spec, rate, &raw);
            loudness.push_back(integratedLoudnessLufs(a.left, a.right, rate));
            unmatched.push_back(integratedLoudnessLufs(b.left, b.right, rate));
            qInfo("device %s: EQ loudness %.2f LUFS, compensation %.2f dB, rendered %.3f LUFS "
                  "(unmatched %.2f)",
                  level.deviceId.c_str(), level.eqLoudnessLufs, level.compensationDb,
                  loudness.back(), unmatched.back());
        }
        const auto [low, high] = std::minmax_element(loudness.begin(), loudness.end());
        const auto [rawLow, rawHigh] = std::minmax_element(unmatched.begin(), unmatched.end());
        QVERIFY2(*rawHigh - *rawLow > 1.0,
                 "the test EQs should differ in loudness, or it proves nothing");
        // The bound: devices matched digitally within 0.1 dB.
        QVERIFY2(*high - *low < 0.1, qPrintable(QString("spread %1 dB").arg(*high - *low)));
    }

    void referenceNoiseIsAtReferenceLoudness()
    {
        const std::vector<float> noise = referencePinkNoise(rate);
        QCOMPARE(noise.size(), size_t(rate * 10));
        QVERIFY(std::abs(integratedLoudnessLufs(noise, noise, rate) - referenceLoudnessLufs) <
                0.01);
        QCOMPARE(referencePinkNoise(rate), noise); // deterministic
        // Pink: about 3 dB less energy per octave; 1-2 kHz vs 4-8 kHz is two octaves down.
        const double low =
            test::energyAbove(noise, 1000, rate) - test::energyAbove(noise, 2000, rate);
        const double high =
            test::energyAbove(noise, 4000, rate) - test::energyAbove(noise, 8000, rate);
        QVERIFY(std::abs(10 * std::log10(low / high) - 0.0) < 1.0); // equal energy per octave
    }
};

STAGELAB_TEST_MAIN(TestOutputStage)
#include "tst_output_stage.moc"
