// Rooms, measured as acousticians measure real ones: reverberation time per octave band from
// a rendered impulse response (Schroeder, T20), the direct-to-reverberant ratio against
// distance, reflection arrival times against the image-source geometry, and the late tail's
// interaural coherence against the HRTF set's diffuse field.

#include "common/acoustic_measures.h"
#include "common/signals.h"
#include "common/test_main.h"
#include "render/offline_render.h"
#include "spatial/model_response.h"
#include "util/error.h"
#include "util/json_document.h"

#include <QTest>

#include <cmath>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;

std::shared_ptr<const SpatialModel> model(const std::string& name)
{
    return test::makeModel(name, rate);
}

std::shared_ptr<const PreparedRoom> prepare(const RoomSpec& room,
                                            const std::shared_ptr<const SpatialModel>& m)
{
    return std::make_shared<PreparedRoom>(room, m, rate);
}

RoomSpec preset(const std::string& name)
{
    return *loadRoom(name);
}

/// The impulse response of a scene: a one-sample click rendered to the end of its tail.
RenderedAudio impulseResponse(const std::shared_ptr<const SpatialModel>& m,
                              std::shared_ptr<const PreparedRoom> room, Direction direction,
                              double distanceM, bool delay = true)
{
    SceneSpec spec;
    spec.model = m;
    spec.room = std::move(room);
    spec.propagationDelay = delay;
    spec.rampS = 0.0;
    SourceSpec source;
    std::vector<float> click(256, 0.0f);
    click[0] = 1.0f;
    source.stimulus = test::stimulusFrom(click, rate);
    source.direction = direction;
    source.distanceM = distanceM;
    spec.sources.push_back(source);
    return renderOffline(spec, rate);
}

/// What the room adds to the direct sound: the room's render less the anechoic one (the same
/// source, delayed alike). Exact: rendering is linear.
std::vector<float> reverberantPart(const std::vector<float>& room, const std::vector<float>& direct)
{
    std::vector<float> out = room;
    for (size_t i = 0; i < std::min(room.size(), direct.size()); ++i)
        out[i] -= direct[i];
    return out;
}
} // namespace

class TestRooms : public QObject
{
    Q_OBJECT
private slots:
    void reverberationTimeMatchesTheRoom_data()
    {
        QTest::addColumn<QString>("room");
        QTest::addColumn<QString>("modelName");
        QTest::addColumn<double>("distance");
        QTest::newRow("studio, diotic") << "studio"
                                        << "diotic" << 2.0;
        QTest::newRow("studio, hrtf") << "studio"
                                      << "hrtf" << 2.0;
        QTest::newRow("living-room, hrtf") << "living-room"
                                           << "hrtf" << 2.0;
        QTest::newRow("hall, hrtf") << "hall"
                                    << "hrtf" << 6.0;
    }
    void reverberationTimeMatchesTheRoom()
    {
        // A click in the room from eight directions around the listener, T20 per octave band
        // 250 Hz-4 kHz from the energy decay averaged over the positions and both ears (ISO
        // 3382-2's spatial averaging: one position's T20 in an octave band scatters by about
        // 0.9 / sqrt(B T) - 15 % at 250 Hz in a 0.3 s room - in any room, real or rendered), within
        // 10 % of the room's Eyring value (the issue's bound).
        QFETCH(QString, room);
        QFETCH(QString, modelName);
        QFETCH(double, distance);
        const auto m = model(modelName.toStdString());
        const RoomSpec spec = preset(room.toStdString());
        const RoomAcoustics acoustics = roomAcoustics(spec);
        const auto prepared = prepare(spec, m);
        std::vector<RenderedAudio> responses;
        for (double azimuth = 0.0; azimuth < 360.0; azimuth += 45.0)
            responses.push_back(impulseResponse(m, prepared, {azimuth, 0}, distance));
        for (int b = 1; b <= 5; ++b) {
            const double centre = octaveBandCentresHz[size_t(b)];
            std::vector<double> energy;
            for (const RenderedAudio& ir : responses)
                for (const auto* ear : {&ir.left, &ir.right}) {
                    const auto band = test::octaveBand(*ear, centre, rate);
                    energy.resize(std::max(energy.size(), band.size()), 0.0);
                    for (size_t i = 0; i < band.size(); ++i)
                        energy[i] += double(band[i]) * band[i];
                }
            std::vector<float> mean(energy.size());
            for (size_t i = 0; i < energy.size(); ++i) // as one signal of the mean energy
                mean[i] = float(std::sqrt(energy[i] / double(2 * responses.size())));
            const double t20 = test::reverberationTimeT20(mean, rate);
            const double expected = acoustics.rt60S[size_t(b)];
            qInfo("%s %5.0f Hz: T20 %.3f s, room %.3f s (%+.1f %%)", qPrintable(room), centre, t20,
                  expected, 100.0 * (t20 / expected - 1.0));
            QVERIFY2(std::abs(t20 / expected - 1.0) <= 0.10,
                     qPrintable(QString("%1 Hz: %2 s").arg(centre).arg(t20)));
        }
    }

    void directToReverberantRatioMatchesTheRoom()
    {
        // Diotic model (no head: the room's own ratio), a source at 30 deg, 0.5-2 m away in the
        // studio. The rendered ratio per octave band (500 Hz and 1 kHz) is the anechoic
        // render's energy over what the room adds; it must equal the room's computed value
        // within 1 dB (the issue's bound) and fall with distance. (Not straight ahead: the
        // listener sits on the room's centre line, and mirror images of a source on that line
        // arrive in exact pairs that add in pressure, not in energy as the computed value has
        // them - a real effect of a point listener on a symmetry plane.)
        const auto diotic = model("diotic");
        const RoomSpec spec = preset("studio");
        const auto room = prepare(spec, diotic);
        double previous = 1e9;
        for (double distance : {0.5, 0.75, 1.0, 1.5, 2.0}) {
            const RenderedAudio inRoom = impulseResponse(diotic, room, {30, 0}, distance);
            const RenderedAudio direct = impulseResponse(diotic, nullptr, {30, 0}, distance);
            const auto reverberant = reverberantPart(inRoom.left, direct.left);
            const DirectToReverberant computed =
                directToReverberant(spec, Direction{30, 0}, distance, diotic->referenceDistanceM());
            for (int b : {2, 3}) {
                const double centre = octaveBandCentresHz[size_t(b)];
                const double rendered =
                    test::toDb(test::energy(test::octaveBand(direct.left, centre, rate)) /
                               test::energy(test::octaveBand(reverberant, centre, rate)));
                qInfo("%.2f m, %4.0f Hz: DRR %.2f dB rendered, %.2f dB computed, %.2f dB theory",
                      distance, centre, rendered, computed.renderedDb[size_t(b)],
                      computed.theoryDb[size_t(b)]);
                QVERIFY2(std::abs(rendered - computed.renderedDb[size_t(b)]) <= 1.0,
                         qPrintable(QString("%1 m, %2 Hz").arg(distance).arg(centre)));
                if (b == 3) {
                    QVERIFY2(rendered < previous, "the ratio must fall with distance");
                    previous = rendered;
                }
            }
        }
    }

    void reflectionsArriveWhenTheGeometrySays()
    {
        // A room with frequency-independent walls (their filters are pure gains), a source 2 m
        // ahead. Each first-order image whose arrival is at least 60 frames from every other
        // image's (its response's strong part is not overlapped) must appear in the reverberant
        // part exactly at round(path / c * fs): the matched filter (the model's ear response for
        // its arrival direction) peaks at lag 0.
        const auto hrtf = model("hrtf");
        const RoomSpec spec = roomFromJson(
            parseJsonDocument(R"({"format": "stagelab.room/1", "id": "test", "sizeM": [7, 5, 3],
              "listener": {"positionM": [2.5, 2.1, 1.3]}, "absorption": 0.4})"),
            "test room");
        const double distance = 2.0;
        const RenderedAudio inRoom = impulseResponse(hrtf, prepare(spec, hrtf), {0, 0}, distance);
        const RenderedAudio direct = impulseResponse(hrtf, nullptr, {0, 0}, distance);
        const std::vector<float> reverberant[2] = {reverberantPart(inRoom.left, direct.left),
                                                   reverberantPart(inRoom.right, direct.right)};
        const ImageSourceSet images =
            imageSources(spec, roomPosition(spec, Direction{0, 0}, distance));
        QVERIFY(images.early.size() > 6);
        EarResponses responses(*hrtf);
        int checked = 0;
        for (const ImageSource& image : images.early) {
            if (image.order != 1) continue;
            const int arrival = int(std::lround(image.distanceM / speedOfSoundMPerS * rate));
            bool isolated = true;
            for (const ImageSource& other : images.early)
                if (&other != &image &&
                    std::abs(std::lround(other.distanceM / speedOfSoundMPerS * rate) - arrival) <
                        60)
                    isolated = false;
            if (!isolated) continue;
            // The ear facing the reflection hears it first and loudest.
            const int side = wrapDifferenceDeg(image.arrival.azimuthDeg) >= 0.0 ? 0 : 1;
            const std::vector<float>& ear = responses.at(image.arrival)[size_t(side)];
            int bestLag = 0;
            double best = -1.0;
            for (int lag = -10; lag <= 10; ++lag) {
                double sum = 0.0;
                for (size_t i = 0; i < 128; ++i) // the response's first, strongest part
                    sum += double(ear[i]) * reverberant[side][size_t(arrival + lag) + i];
                if (sum > best) {
                    best = sum;
                    bestLag = lag;
                }
            }
            qInfo("image of order %d via %.2f m: expected at frame %d, found at %+d", image.order,
                  image.distanceM, arrival, bestLag);
            QCOMPARE(bestLag, 0);
            ++checked;
        }
        QVERIFY(checked >= 2);
    }

    void lateTailHasTheDiffuseFieldCoherence()
    {
        // The late tail of a binaural room impulse response, alone: what the room adds, less its
        // image sources (reflection order 0: only those of the tail's first 30 ms, rebuilt here
        // from PreparedRoom::reflections), its two ears' coherence in third-octave bands from
        // 500 Hz to 8 kHz. The reference: the HRTF set's own diffuse-field coherence over the
        // same bands. 0.1 (the issue's bound).
        const auto hrtf = model("hrtf");
        RoomSpec spec = preset("living-room");
        spec.reflectionOrder = 0;
        const auto room = prepare(spec, hrtf);
        SceneSpec scene;
        scene.model = hrtf;
        scene.room = room;
        scene.propagationDelay = true;
        scene.rampS = 0.0;
        SourceSpec source;
        std::vector<float> click(size_t(rate), 0.0f);
        click[0] = 1.0f;
        source.stimulus = test::stimulusFrom(click, rate);
        source.direction = {30, 0};
        source.distanceM = 1.5; // within 0.25 m of the reference: no air filter on the signal
        scene.sources.push_back(source);
        const RenderedAudio inRoom = renderOffline(scene, rate);
        const auto reflections =
            room->reflections(roomPosition(spec, Direction{30, 0}, 1.5), 0.0, 1.4);
        const size_t directDelay = size_t(std::lround(1.5 / speedOfSoundMPerS * rate));
        scene.room = nullptr;
        const RenderedAudio direct = renderOffline(scene, rate);
        auto tail = [&](const std::vector<float>& x, int ear) {
            std::vector<float> out = x;
            const auto& early = reflections[size_t(ear)];
            for (size_t i = 0; i < early.size() && directDelay + i < out.size(); ++i)
                out[directDelay + i] -= float(1.4 / 1.5) * early[i];
            return out;
        };
        const auto left = tail(reverberantPart(inRoom.left, direct.left), 0);
        const auto right = tail(reverberantPart(inRoom.right, direct.right), 1);
        const DiffuseFieldResponse field = diffuseFieldResponse(*hrtf, rate);
        for (double centre = 500.0; centre <= 8000.0; centre *= std::pow(2.0, 1.0 / 3.0)) {
            const double low = centre / std::pow(2.0, 1.0 / 6.0);
            const double high = centre * std::pow(2.0, 1.0 / 6.0);
            double cross = 0.0, powerLeft = 0.0, powerRight = 0.0;
            for (size_t k = 0; k < field.coherence.size(); ++k) {
                const double f = double(k) * rate / field.fftSize;
                if (f < low || f >= high) continue;
                cross += field.coherence[k] * std::sqrt(field.powerLeft[k] * field.powerRight[k]);
                powerLeft += field.powerLeft[k];
                powerRight += field.powerRight[k];
            }
            const double expected = cross / std::sqrt(powerLeft * powerRight);
            const double measured = test::bandCoherence(left, right, rate, low, high);
            qInfo("%5.0f Hz: coherence %.3f, diffuse field %.3f", centre, measured, expected);
            QVERIFY2(
                std::abs(measured - expected) <= 0.1,
                qPrintable(QString("%1 Hz: %2 vs %3").arg(centre).arg(measured).arg(expected)));
        }
    }

    void movingSourceMovesItsReflections()
    {
        // A source circling the listener in the studio at 10 deg/s from 80 deg emits one click,
        // 1 s in, as it passes 90 deg (left). The reflections of that click, before the tail
        // takes over, must match those of a static source at 90 deg far better than those of
        // one at -90 deg: the image sources moved with the source.
        const auto m = model("spherical-head");
        const RoomSpec spec = preset("studio");
        const auto room = prepare(spec, m);
        std::vector<float> click(size_t(1.2 * rate), 0.0f);
        click[size_t(rate)] = 1.0f;
        auto render = [&](double azimuth, double speed) {
            SceneSpec scene;
            scene.model = m;
            scene.room = room;
            scene.rampS = 0.0;
            SourceSpec source;
            source.stimulus = test::stimulusFrom(click, rate);
            source.direction = {azimuth, 0};
            source.distanceM = 1.5;
            source.rotateDegPerS = speed;
            scene.sources.push_back(source);
            const RenderedAudio withRoom = renderOffline(scene, rate);
            scene.room = nullptr;
            scene.propagationDelay = true;
            const RenderedAudio without = renderOffline(scene, rate);
            return reverberantPart(withRoom.left, without.left);
        };
        const auto moving = render(80.0, 10.0);
        const auto atLeft = render(90.0, 0.0);
        const auto atRight = render(-90.0, 0.0);
        const size_t from = size_t(rate);
        const size_t to =
            from + size_t(room->tailStartFrames(roomPosition(spec, Direction{90, 0}, 1.5)));
        auto difference = [&](const std::vector<float>& a, const std::vector<float>& b) {
            double sum = 0.0;
            for (size_t i = from; i < to; ++i)
                sum += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
            return sum / test::energy(b, from, to);
        };
        const double toLeft = difference(moving, atLeft);
        const double toRight = difference(moving, atRight);
        qInfo("reflections of a click at 90 deg: relative error %.4f against a static source "
              "there, %.3f against one at -90 deg",
              toLeft, toRight);
        // 0.05: the moving source's reflections are blended from the tables at 90 and 95 deg
        // (the source is 0.3 deg past 90 when the last early reflection of the click arrives).
        QVERIFY(toLeft < 0.05);
        QVERIFY(toRight > 0.5);
    }

    void badRoomsAreRefused()
    {
        auto refusal = [](const std::string& text) -> QString {
            try {
                roomFromJson(parseJsonDocument(text), "room.json");
            } catch (const Error& error) {
                return error.what();
            }
            return {};
        };
        QVERIFY(refusal(R"({"format": "stagelab.room/1", "id": "r", "sizeM": [5, 4, 3],
            "listener": {"positionM": [2, 2, 1.2]}, "rt60S": -0.3})")
                    .contains("room.json: /rt60S: "));
        QVERIFY(refusal(R"({"format": "stagelab.room/1", "id": "r", "sizeM": [5, 4, 3],
            "listener": {"positionM": [2, 2, 1.2]}, "rt60S": [0.3, 0.3]})")
                    .contains("/rt60S: must be a number or an array of 7 numbers"));
        QVERIFY(refusal(R"({"format": "stagelab.room/1", "id": "r", "sizeM": [5, 4, 3],
            "listener": {"positionM": [9, 2, 1.2]}, "absorption": 0.3})")
                    .contains("/listener/positionM/0: "));
        QVERIFY(refusal(R"({"format": "stagelab.room/1", "id": "r", "sizeM": [5, 4, 3],
            "listener": {"positionM": [2, 2, 1.2]}, "absorption": {"floor": 0.3}})")
                    .contains("no absorption for the back wall"));
        QVERIFY(refusal(R"({"format": "stagelab.room/1", "id": "r", "sizeM": [5, 4, 3],
            "listener": {"positionM": [2, 2, 1.2]}})")
                    .contains("give either \"rt60S\""));
        // A reverberation time the air alone forbids (a hall at 8 kHz cannot ring for 10 s).
        QVERIFY(refusal(R"({"format": "stagelab.room/1", "id": "r", "sizeM": [40, 30, 15],
            "listener": {"positionM": [10, 10, 1.2]}, "rt60S": 10})")
                    .contains("longer than the air alone allows"));
        try {
            loadRoom("ballroom");
            QFAIL("an unknown room was accepted");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("neither a preset (anechoic, studio"),
                     error.what());
        }
        // A source outside the room, and a model with a room of its own.
        const auto hrtf = model("hrtf");
        try {
            impulseResponse(hrtf, prepare(preset("studio"), hrtf), {0, 0}, 5.0);
            QFAIL("a source beyond the front wall was accepted");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what())
                         .contains("source 1 (5 m at azimuth 0 deg) is outside "
                                   "the room 'studio'"),
                     error.what());
        }
        try {
            prepare(preset("studio"), model("virtual-speakers"));
            QFAIL("virtual-speakers was put in a second room");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("has a room of its own"), error.what());
        }
    }
};

STAGELAB_TEST_MAIN(TestRooms)
#include "tst_rooms.moc"
