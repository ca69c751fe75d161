// Models with parameters (experiment variants, CLI options): each parameter changes the sound as
// its model says it should; virtual-speakers in a room is exactly two speakers in that room; and
// a change of room and distance from one scene to the next makes no click.

#include "common/signals.h"
#include "common/test_main.h"
#include "render/offline_render.h"
#include "render/prepared_model.h"
#include "render/renderer.h"
#include "util/error.h"

#include <QTest>

#include <cmath>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;

PreparedModel prepared(const std::string& model, const std::string& room,
                       const std::function<void(ModelVariant&)>& parameters = {})
{
    ModelVariant variant = plainModel(model);
    variant.roomName = room;
    variant.room = loadRoom(room);
    if (parameters) parameters(variant);
    ModelSettings settings;
    settings.sampleRateHz = rate;
    settings.blockFrames = 128;
    return prepareModel(variant, settings);
}

std::vector<float> click()
{
    std::vector<float> samples(256, 0.0f);
    samples[0] = 1.0f;
    return samples;
}

RenderedAudio render(const PreparedModel& model, std::vector<float> signal, Direction direction,
                     double distanceM = 0.0)
{
    SceneSpec spec;
    spec.model = model.model;
    spec.room = model.room;
    spec.rampS = 0.0;
    SourceSpec source;
    source.stimulus = test::stimulusFrom(std::move(signal), rate);
    source.direction = direction;
    source.distanceM = distanceM;
    spec.sources.push_back(source);
    return renderOffline(spec, rate);
}

/// Level of `x` at `frequencyHz`: the magnitude of its correlation with a complex tone.
double levelAtDb(const std::vector<float>& x, double frequencyHz)
{
    double re = 0, im = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double phase = 2.0 * M_PI * frequencyHz * double(i) / rate;
        re += x[i] * std::cos(phase);
        im += x[i] * std::sin(phase);
    }
    return 10.0 * std::log10(re * re + im * im);
}
} // namespace

class TestModelParameters : public QObject
{
    Q_OBJECT
private slots:
    void crossfeedLevelIsTheLowFrequencyIld()
    {
        // A source fully left (stereo-pan puts +90 deg in the left channel alone): libbs2b
        // feeds the right ear the low-passed left signal so that, well below the cut-off, the
        // ears differ by the feed level. 0.3 dB: at 100 Hz the low-pass (cut-off 700 Hz or
        // more) is not yet quite flat.
        const std::vector<float> noise = test::whiteNoise(size_t(rate), 5);
        for (const double levelDb : {4.5, 9.5, 15.0}) {
            const PreparedModel model =
                prepared("crossfeed", "", [&](ModelVariant& v) { v.levelDb = levelDb; });
            const RenderedAudio out = render(model, noise, {90.0, 0.0});
            const double ild = levelAtDb(out.left, 100.0) - levelAtDb(out.right, 100.0);
            qInfo("crossfeed %.1f dB: ILD at 100 Hz %.3f dB", levelDb, ild);
            QVERIFY2(std::abs(ild - levelDb) < 0.3,
                     qPrintable(QString("feed %1 dB: ILD at 100 Hz %2 dB").arg(levelDb).arg(ild)));
        }
    }

    void sphericalHeadRadiusScalesItsItd()
    {
        // Woodworth: ITD = r / c (theta + sin theta), so at 90 deg the ITD scales with the
        // radius. Within a quarter frame (the lag is interpolated; the model's delays are
        // fractional-delay filters).
        double itd[2] = {};
        const double radii[2] = {0.07, 0.1};
        for (int i = 0; i < 2; ++i) {
            const PreparedModel model =
                prepared("spherical-head", "", [&](ModelVariant& v) { v.headRadiusM = radii[i]; });
            const RenderedAudio out = render(model, click(), {90.0, 0.0});
            itd[i] = test::interauralDelayFrames(out.left, out.right, 96);
            const double woodworth = radii[i] / 343.0 * (M_PI / 2.0 + 1.0) * rate;
            qInfo("radius %.3f m: ITD %.3f frames, Woodworth %.3f", radii[i], itd[i], woodworth);
            QVERIFY2(std::abs(itd[i] - woodworth) < 0.25,
                     qPrintable(QString("r %1 m: ITD %2 frames, Woodworth %3")
                                    .arg(radii[i])
                                    .arg(itd[i])
                                    .arg(woodworth)));
        }
        QVERIFY(itd[1] > itd[0] * 1.3);
    }

    void virtualSpeakersStandAtTheirAngle()
    {
        // Anechoic speakers at +-theta: a source panned fully left is the left speaker alone,
        // i.e. the HRTF at +theta. Correlation 0.9999: the same interpolated HRIR, convolved by
        // the same engine (only float rounding differs).
        const PreparedModel hrtf = prepared("hrtf", "");
        for (const double theta : {15.0, 45.0}) {
            const PreparedModel speakers =
                prepared("virtual-speakers", "anechoic",
                         [&](ModelVariant& v) { v.speakerAzimuthDeg = theta; });
            const RenderedAudio viaSpeakers = render(speakers, click(), {90.0, 0.0});
            const RenderedAudio direct = render(hrtf, click(), {theta, 0.0});
            for (int ear = 0; ear < 2; ++ear) {
                const auto& a = ear ? viaSpeakers.right : viaSpeakers.left;
                const auto& b = ear ? direct.right : direct.left;
                const double correlation = test::correlationAt(b, a, 0);
                qInfo("speakers at +-%.0f deg, ear %d: correlation %.7f", theta, ear, correlation);
                QVERIFY2(correlation > 0.9999,
                         qPrintable(QString("theta %1, ear %2: correlation %3")
                                        .arg(theta)
                                        .arg(ear)
                                        .arg(correlation)));
            }
        }
    }

    void virtualSpeakersInARoomAreTwoSpeakersInThatRoom()
    {
        // The left speaker (1.4 m, the reference distance, at +30 deg) in the living room, fed
        // by a source panned fully left, against an hrtf source at that place in the same room:
        // the same direct sound, image sources and late tail. Correlation 0.999 and energy within
        // 0.05 dB: the speaker's response is one combined filter, the source's direct and
        // reflected paths two, and the tails are separate (equal) designs.
        const auto fewer = [](ModelVariant& v) {
            v.speakerAzimuthDeg = 30.0;
            v.speakerDistanceM = 1.4;
        };
        const PreparedModel speakers = prepared("virtual-speakers", "living-room", fewer);
        const PreparedModel hrtf = prepared("hrtf", "living-room");
        QVERIFY(speakers.room && !speakers.model->rendersBuiltInRoom());
        const RenderedAudio viaSpeakers = render(speakers, click(), {90.0, 0.0});
        const RenderedAudio inRoom = render(hrtf, click(), {30.0, 0.0}, 1.4);
        QVERIFY(viaSpeakers.left.size() > size_t(0.4 * rate)); // the tail rings
        for (int ear = 0; ear < 2; ++ear) {
            const auto& a = ear ? viaSpeakers.right : viaSpeakers.left;
            const auto& b = ear ? inRoom.right : inRoom.left;
            const double correlation = test::correlationAt(b, a, 0);
            const double levelDb = test::toDb(test::energy(a) / test::energy(b));
            qInfo("speaker in the living room, ear %d: correlation %.7f, level %+.4f dB", ear,
                  correlation, levelDb);
            QVERIFY2(correlation > 0.999 && std::abs(levelDb) < 0.05,
                     qPrintable(QString("ear %1: correlation %2, level %3 dB")
                                    .arg(ear)
                                    .arg(correlation)
                                    .arg(levelDb)));
        }
        // A phantom source farther than its speakers (10 m, speakers at 2 m) is the speaker's
        // sound turned down by 2/10 and delayed, its room included: the speakers emit when the
        // voice's delay says, so their tail keeps its level against their direct sound (the
        // tail would be 2.8 dB too quiet if it decayed from the voice's frame 0). A 500 Hz tone,
        // where 8 m of air takes 0.02 dB; bound 0.1 dB.
        const PreparedModel farther = prepared("virtual-speakers", "living-room",
                                               [](ModelVariant& v) { v.speakerDistanceM = 2.0; });
        const auto tone = test::sine(size_t(rate / 2), 500.0, rate);
        const RenderedAudio phantom = render(farther, tone, {90.0, 0.0}, 10.0);
        const RenderedAudio atSpeaker = render(hrtf, tone, {30.0, 0.0}, 2.0);
        const double expectedDb = 20.0 * std::log10(2.0 / 10.0);
        for (int ear = 0; ear < 2; ++ear) {
            const double levelDb = test::toDb(test::energy(ear ? phantom.right : phantom.left) /
                                              test::energy(ear ? atSpeaker.right : atSpeaker.left));
            qInfo("phantom at 10 m, speakers at 2 m, ear %d: %+.3f dB (expected %+.3f)", ear,
                  levelDb, expectedDb);
            QVERIFY(std::abs(levelDb - expectedDb) < 0.1);
        }

        // The room is the speakers': built-in virtual-speakers refuses a scene room.
        const PreparedModel builtIn = prepared("virtual-speakers", "");
        QVERIFY_THROWS_EXCEPTION(Error, PreparedRoom(*loadRoom("studio"), builtIn.model, rate));
    }

    void roomAndDistanceChangeBetweenScenesWithoutAClick()
    {
        // A 200 Hz tone in the studio at 1.4 m, then the same tone in the hall at 6 m, the
        // second started where the first is stopped: each fades over its 10 ms raised-cosine
        // ramp while the studio's tail rings on. Energy above 4 kHz must stay 60 dB below the
        // signal, as for a source that jumps (tst_convolution); a hard cut (no ramps) must not,
        // or the measure could not see a click.
        const PreparedModel studio = prepared("hrtf", "studio");
        const PreparedModel hall = prepared("hrtf", "hall");
        auto highFrequencyRatioDb = [&](double rampS) {
            Renderer renderer(rate, 128);
            auto scene = [&](const PreparedModel& model, double distanceM, uint64_t id) {
                SceneSpec spec;
                spec.model = model.model;
                spec.room = model.room;
                spec.rampS = rampS;
                SourceSpec source;
                source.stimulus = test::stimulusFrom(test::sine(size_t(rate), 200.0, rate), rate);
                source.direction = {30.0, 0.0};
                source.distanceM = distanceM;
                source.loop = true;
                spec.sources.push_back(source);
                return std::make_unique<Scene>(spec, rate, id);
            };
            const int64_t change = int64_t(rate); // after the studio's tail has built up
            const uint64_t first = renderer.startScene(scene(studio, 1.4, 1), 0);
            std::vector<float> left(size_t(2 * rate)), right(size_t(2 * rate));
            for (size_t frame = 0; frame < left.size(); frame += 128) {
                if (int64_t(frame) == change - 1024) {
                    renderer.stopScene(first, change);
                    renderer.startScene(scene(hall, 6.0, 2), change);
                }
                renderer.renderBlock(&left[frame], &right[frame]);
            }
            // Half a second around the change.
            std::vector<float> window(left.begin() + change - 12000, left.begin() + change + 12000);
            return test::toDb(test::energyAbove(window, 4000.0, rate) /
                              test::energyAbove(window, 0.0, rate));
        };
        const double smooth = highFrequencyRatioDb(0.010);
        QVERIFY2(smooth < -60.0, qPrintable(QString("energy above 4 kHz: %1 dB").arg(smooth)));
        const double cut = highFrequencyRatioDb(0.0);
        qInfo("energy above 4 kHz around the change: %.1f dB with ramps, %.1f dB cut", smooth, cut);
        QVERIFY2(
            cut > smooth + 10.0,
            qPrintable(QString("a hard cut measured %1 dB, the ramps %2 dB").arg(cut).arg(smooth)));
    }
};

STAGELAB_TEST_MAIN(TestModelParameters)
#include "tst_model_parameters.moc"
