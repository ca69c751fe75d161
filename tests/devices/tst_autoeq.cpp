// AutoEq / EqualizerAPO import, RBJ biquads and the device EQ chain, on inline data only.
// (The real AutoEq files in ../shared are checked by tst_autoeq_reference, label validation.)

#include "common/test_main.h"
#include "devices/autoeq.h"
#include "dsp/biquad.h"
#include "dsp/equalizer_chain.h"
#include "dsp/output_stage.h"
#include "eq_reference.h"
#include "util/error.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <vector>

using namespace stagelab;

namespace {

const char* const parametricText = "Preamp: -6.4 dB\n"
                                   "Filter 1: ON LSC Fc 105 Hz Gain 6.5 dB Q 0.70\n"
                                   "Filter 2: ON PK Fc 125 Hz Gain -2.7 dB Q 0.55\n"
                                   "Filter 3: ON HSC Fc 10000 Hz Gain -3.1 dB Q 0.70\n"
                                   "Filter 4: ON PK Fc 6639 Hz Gain 2.2 dB Q 5.82\n";

// Amplitude of the `frequencyHz` component of `signal` over a whole number of its periods.
double toneAmplitude(const std::vector<float>& signal, size_t begin, double frequencyHz, double fs)
{
    double sine = 0, cosine = 0;
    for (size_t n = begin; n < signal.size(); ++n) {
        const double phase = 2 * std::numbers::pi * frequencyHz * double(n) / fs;
        sine += signal[n] * std::sin(phase);
        cosine += signal[n] * std::cos(phase);
    }
    return 2 * std::hypot(sine, cosine) / double(signal.size() - begin);
}

// Runs a unit sine through `process` (in blocks, as the audio thread would) and returns the
// steady-state gain in dB, measured after `settleSamples`.
template <typename Process>
double measuredGainDb(Process process, double frequencyHz, double fs, size_t settleSamples)
{
    // 48 kHz / 1 kHz: 48 samples a period, so the measured span holds whole periods.
    const size_t total = settleSamples + 24000;
    std::vector<float> signal(total);
    for (size_t n = 0; n < total; ++n)
        signal[n] = float(std::sin(2 * std::numbers::pi * frequencyHz * double(n) / fs));
    for (size_t offset = 0; offset < total; offset += 480)
        process(signal.data() + offset, int(std::min<size_t>(480, total - offset)));
    return 20 * std::log10(toneAmplitude(signal, settleSamples, frequencyHz, fs));
}

} // namespace

class TestAutoEq : public QObject
{
    Q_OBJECT
private slots:
    void parsesParametric()
    {
        const Equalizer eq = parseAutoEq(parametricText, "inline");
        QCOMPARE(eq.preampDb, -6.4);
        QCOMPARE(eq.filters.size(), size_t(4));
        QCOMPARE(eq.filters[0].type, std::string("LSC"));
        QCOMPARE(eq.filters[3].frequencyHz, 6639.0);
        QCOMPARE(eq.filters[3].gainDb, 2.2);
        QCOMPARE(eq.filters[3].q, 5.82);
        QVERIFY(!eq.isGraphic());
    }

    void rejectsBadFiles_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed filter line")
            << "Preamp: -1 dB\n\nFilter 1: ON PK Fc 100 Hz Gain 1 dB\n"
            << "line 3: malformed filter line";
        QTest::newRow("unknown filter type")
            << "Preamp: -1 dB\nFilter 1: ON LPQ Fc 100 Hz Gain 0 dB Q 0.7\n"
            << "line 2: unknown filter type 'LPQ'";
        QTest::newRow("missing preamp") << "# comment\nFilter 1: ON PK Fc 100 Hz Gain 1 dB Q 1\n"
                                        << "line 2: missing Preamp line";
        QTest::newRow("non-numeric gain")
            << "Preamp: -1 dB\nFilter 1: ON PK Fc 100 Hz Gain abc dB Q 1\n"
            << "line 2: gain 'abc' is not a number";
        QTest::newRow("zero frequency") << "Preamp: -1 dB\nFilter 1: ON PK Fc 0 Hz Gain 1 dB Q 1\n"
                                        << "line 2: frequency 0 Hz is outside [1, 100000] Hz";
        QTest::newRow("negative Q") << "Preamp: -1 dB\nFilter 1: ON PK Fc 100 Hz Gain 1 dB Q -1\n"
                                    << "line 2: Q -1 is outside [0.01, 100]";
        // Issue 11's findings, named after them. Once: SIGSEGV (tokens[0] of no tokens).
        QTest::newRow("crash: one vertical tab") << "\v"
                                                 << "line 1: no Preamp, Filter or GraphicEQ line";
        QTest::newRow("crash: one form feed") << "\f"
                                              << "line 1: no Preamp, Filter or GraphicEQ line";
        // Once accepted: responses became NaN and level matching pulled every device down.
        QTest::newRow("accepted: gain +100 dB")
            << "Preamp: -1 dB\nFilter 1: ON PK Fc 100 Hz Gain 100 dB Q 1\n"
            << "line 2: gain 100 dB is outside [-40, 40] dB";
        QTest::newRow("accepted: gain 1e300")
            << "Preamp: -1 dB\nFilter 1: ON PK Fc 100 Hz Gain 1e300 dB Q 1\n"
            << "line 2: gain 1e300 dB is outside [-40, 40] dB";
        QTest::newRow("accepted: preamp +100 dB")
            << "Preamp: 100 dB\n"
            << "line 1: preamp 100 dB is outside [-60, 24] dB";
        QTest::newRow("accepted: GraphicEQ gain 1e300")
            << "GraphicEQ: 20 0; 1000 1e300"
            << "line 1: GraphicEQ gain 1e300 dB is outside";
        QTest::newRow("malformed line") << "Preamp: -1 dB\nEqualise: yes\n"
                                        << "line 2: not an AutoEq line";
        // Issue 11: no count was limited; each filter costs the audio callback a biquad.
        QString manyFilters = "Preamp: -1 dB\n";
        for (int i = 1; i <= 65; ++i)
            manyFilters += QString("Filter %1: ON PK Fc 100 Hz Gain 1 dB Q 1\n").arg(i);
        QTest::newRow("unlimited: 65 filters")
            << manyFilters << "line 66: more than 64 filters (the limit)";
        QString manyPoints = "GraphicEQ:";
        for (int i = 1; i <= 1025; ++i)
            manyPoints += QString(" %1 0;").arg(i * 10);
        QTest::newRow("unlimited: 1025 GraphicEQ points")
            << manyPoints << "line 1: more than 1024 GraphicEQ points (the limit)";
        QTest::newRow("empty GraphicEQ") << "\nGraphicEQ: \n"
                                         << "line 2: GraphicEQ line has no points";
        QTest::newRow("GraphicEQ out of order") << "GraphicEQ: 20 -1; 30 -2; 25 -3"
                                                << "line 1: GraphicEQ frequencies out of order";
        QTest::newRow("GraphicEQ bad point") << "GraphicEQ: 20 -1; 30"
                                             << "line 1: malformed GraphicEQ point";
        QTest::newRow("empty file") << ""
                                    << "line 1: no Preamp, Filter or GraphicEQ line";
    }
    void rejectsBadFiles()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            parseAutoEq(text.toStdString(), "headphone.txt");
            QFAIL("accepted a bad file");
        } catch (const Error& error) {
            const QString message = error.what();
            QVERIFY2(message.startsWith("headphone.txt: ") && message.contains(expected),
                     qPrintable(message));
        }
    }

    void disclosed_aFileThatIsNotAutoEqIsNotQuoted()
    {
        // Issue 11: an autoEqFile of ../../etc/passwd printed that file's first line.
        const std::string secret = "root:x:0:0:root:/root:/bin/bash\n";
        try {
            parseAutoEq(secret, "/etc/passwd");
            QFAIL("accepted a password file");
        } catch (const Error& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("/etc/passwd: line 1: not an AutoEq line") &&
                         !message.contains("root:x"),
                     qPrintable(message));
        }
    }

    void missingFileNamesThePath()
    {
        try {
            loadAutoEqFile("/nonexistent/Some ParametricEQ.txt");
            QFAIL("opened a missing file");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("/nonexistent/Some ParametricEQ.txt"),
                     error.what());
        }
    }

    void skipsOffFilters()
    {
        const Equalizer eq = parseAutoEq("Preamp: 0 dB\nFilter 1: OFF PK Fc 100 Hz Gain 9 dB Q 1\n"
                                         "Filter 2: ON PK Fc 200 Hz Gain 3 dB Q 1\r\n",
                                         "off.txt");
        QCOMPARE(eq.filters.size(), size_t(1));
        QCOMPARE(eq.filters[0].frequencyHz, 200.0);
    }

    void filterOrderDoesNotMatter()
    {
        const std::string shuffled = "Filter 4: ON PK Fc 6639 Hz Gain 2.2 dB Q 5.82\n"
                                     "Filter 2: ON PK Fc 125 Hz Gain -2.7 dB Q 0.55\n"
                                     "Preamp: -6.4 dB\n"
                                     "Filter 3: ON HSC Fc 10000 Hz Gain -3.1 dB Q 0.70\n"
                                     "Filter 1: ON LSC Fc 105 Hz Gain 6.5 dB Q 0.70";
        const EqualizerChain a(parseAutoEq(parametricText, "a"), 48000);
        const EqualizerChain b(parseAutoEq(shuffled, "b"), 48000);
        // 1e-9 dB: the same sections multiplied in another order, equal up to rounding.
        for (double f : reference::logGrid(20, 20000, 100))
            QVERIFY2(std::abs(a.magnitudeDb(f) - b.magnitudeDb(f)) < 1e-9,
                     qPrintable(QString::number(f)));
    }

    void graphicWithoutFinalNewline()
    {
        const Equalizer eq = parseAutoEq("GraphicEQ: 20 -1.5; 1000 0; 20000 -6.0", "graphic.txt");
        QVERIFY(eq.isGraphic());
        QCOMPARE(eq.graphicCurve.size(), size_t(3));
        QCOMPARE(eq.graphicCurve.back().second, -6.0);
        QCOMPARE(eq.preampDb, 0.0);
    }

    void firFollowsSyntheticCurve_data()
    {
        QTest::addColumn<double>("sampleRate");
        QTest::newRow("44.1 kHz") << 44100.0;
        QTest::newRow("48 kHz") << 48000.0;
        QTest::newRow("96 kHz") << 96000.0;
    }
    void firFollowsSyntheticCurve()
    {
        QFETCH(double, sampleRate);
        const Equalizer eq = parseAutoEq(
            "GraphicEQ: 20 4; 100 4; 200 -3; 1000 0; 3000 6; 5000 -2; 10000 -8; 16000 -12;",
            "synthetic");
        const EqualizerChain chain(eq, sampleRate);
        QVERIFY(chain.isFir());
        double worst = 0;
        for (double f : reference::logGrid(30, 16000, 200))
            worst = std::max(worst, std::abs(chain.magnitudeDb(f) -
                                             reference::graphicCurveDb(eq.graphicCurve, f)));
        qInfo("synthetic GraphicEQ at %.0f Hz: max deviation %.3f dB", sampleRate, worst);
        // 0.5 dB: the curve's corners are rounded by the FIR's ~11 Hz resolution; the slopes
        // here (up to 10 dB/octave) are steeper than AutoEq's.
        QVERIFY2(worst < 0.5, qPrintable(QString::number(worst)));
    }

    void peakingSineMatchesMagnitude()
    {
        const double fs = 48000;
        Biquad peak(designBiquad(BiquadType::Peaking, 1000, 6, 1, fs), fs);
        // Exactly +6 dB at the centre frequency: the cookbook peaking filter's defining property.
        QVERIFY(std::abs(peak.magnitudeDb(1000) - 6.0) < 1e-9);
        // 4800 samples settle the transient (pole radius ~0.94: decays below 1e-100 by then).
        const double gainDb = measuredGainDb(
            [&](float* samples, int frames) { peak.process(samples, frames, 1); }, 1000, fs, 4800);
        qInfo("PK 1 kHz +6 dB Q 1: measured %.5f dB, magnitudeDb %.5f dB", gainDb,
              peak.magnitudeDb(1000));
        // 0.01 dB: float input/output rounding (~1e-7 relative) is far smaller; a wrong sign or
        // coefficient would be off by whole dB.
        QVERIFY2(std::abs(gainDb - peak.magnitudeDb(1000)) < 0.01,
                 qPrintable(QString::number(gainDb)));
    }

    void chainProcessingMatchesMagnitude_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("parametric") << QString(parametricText);
        QTest::newRow("graphic") << "Preamp: -2 dB\nGraphicEQ: 20 4; 500 6; 2000 -3; 20000 -3";
    }
    void chainProcessingMatchesMagnitude()
    {
        QFETCH(QString, text);
        const Equalizer eq = parseAutoEq(text.toStdString(), "inline");
        const EqualizerChain chain(eq, 48000);
        // The chain as a session runs it: the output stage (biquads, or the GraphicEQ's FIR by
        // partitioned convolution), in 480-frame blocks; the right ear hears silence.
        OutputStage stage(OutputStageSpec{eq, 0.0}, 48000, 480);
        std::vector<float> right(480);
        // Settle past the 4096-tap FIR (and the biquads' slowest pole, at the 105 Hz shelf).
        const double gainDb = measuredGainDb(
            [&](float* samples, int frames) {
                QCOMPARE(frames, 480);
                stage.process(samples, right.data(), samples, right.data());
            },
            1000, 48000, 9600);
        // 0.01 dB: process() and magnitudeDb() describe the same filter; float accumulation over
        // 4096 taps stays far below this.
        QVERIFY2(std::abs(gainDb - chain.magnitudeDb(1000)) < 0.01,
                 qPrintable(QString("%1 vs %2").arg(gainDb).arg(chain.magnitudeDb(1000))));
    }

    void peakGainIsTheLargestBoost()
    {
        const EqualizerChain chain(
            parseAutoEq("Preamp: -2 dB\nFilter 1: ON PK Fc 1000 Hz Gain 6 dB Q 1", "peak"), 48000);
        // 0.01 dB: the 1000-point grid lands within 0.7 % of 1 kHz, where a Q 1 peak is flat.
        QVERIFY2(std::abs(chain.peakGainDb() - 4.0) < 0.01,
                 qPrintable(QString::number(chain.peakGainDb())));
    }

    void rejectsFilterAboveNyquist()
    {
        const Equalizer eq =
            parseAutoEq("Preamp: 0 dB\nFilter 1: ON PK Fc 30000 Hz Gain 1 dB Q 1", "hi.txt");
        try {
            EqualizerChain chain(eq, 48000);
            QFAIL("designed a filter above Nyquist");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).startsWith("hi.txt: filter 1"), error.what());
        }
    }
};

STAGELAB_TEST_MAIN(TestAutoEq)
#include "tst_autoeq.moc"
