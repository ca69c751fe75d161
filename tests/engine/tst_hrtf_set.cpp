// HRTF sets: reading SOFA files, exact filters at measured directions, interpolation between
// them, resampling that keeps the response, and clear errors for bad files.

#include "common/signals.h"
#include "common/test_main.h"
#include "spatial/hrtf_set.h"
#include "spatial/sofa_limits.h"
#include "util/error.h"
#include "util/isolated_call.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

#include <mysofa.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

using namespace stagelab;

namespace {
/// Magnitude of an IR's response at one frequency (direct DFT).
double magnitudeDb(const float* ir, int length, double frequencyHz, double sampleRateHz)
{
    std::complex<double> sum;
    for (int n = 0; n < length; ++n)
        sum += double(ir[n]) *
               std::polar(1.0, -2.0 * std::numbers::pi * frequencyHz * n / sampleRateHz);
    return 20.0 * std::log10(std::abs(sum));
}

QString errorOf(const std::string& path)
{
    try {
        HrtfSet::load(path);
    } catch (const Error& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}
} // namespace

class TestHrtfSet : public QObject
{
    Q_OBJECT
private slots:
    void readsTheDefaultSet()
    {
        const auto hrtf = HrtfSet::load(HrtfSet::defaultPath());
        const HrtfInfo& info = hrtf->info();
        QCOMPARE(info.measurements, 710); // MIT KEMAR, normal pinna
        QCOMPARE(info.irLength, 512);
        QCOMPARE(info.sampleRateHz, 44100.0);
        QCOMPARE(info.sha256.size(), size_t(64));
        QVERIFY(!info.name.empty());
        QCOMPARE(info.attributes.at("SOFAConventions"), std::string("SimpleFreeFieldHRIR"));
    }

    void earsFollowReceiverPositions()
    {
        // At +90 deg (left) the left ear (0) must get far more energy than the right ear (1).
        const auto hrtf = HrtfSet::load(HrtfSet::defaultPath());
        const auto left = hrtf->interpolatedImpulseResponse({90, 0}, 0);
        const auto right = hrtf->interpolatedImpulseResponse({90, 0}, 1);
        QVERIFY(test::energy(left) > 4.0 * test::energy(right));
    }

    void measuredDirectionIsExact()
    {
        const auto hrtf = HrtfSet::load(HrtfSet::defaultPath());
        for (int m = 0; m < hrtf->measurementCount(); m += 37) {
            const Direction direction = hrtf->measurementDirection(m);
            const InterpolationWeights weights = hrtf->interpolationWeights(direction);
            QCOMPARE(weights.count, 1);
            QCOMPARE(weights.terms[0].weight, 1.0f);
            // A set may measure a direction twice; the chosen one must be at the same place.
            QVERIFY(angleBetweenDeg(hrtf->measurementDirection(weights.terms[0].measurement),
                                    direction) < 1e-6);
        }
    }

    void interpolatesBetweenNeighbours()
    {
        // 2.5 deg lies halfway between the 0 and 5 deg measurements on the horizontal ring.
        const auto hrtf = HrtfSet::load(HrtfSet::defaultPath());
        const InterpolationWeights weights = hrtf->interpolationWeights({2.5, 0.0});
        QCOMPARE(weights.count, 2);
        float total = 0.0f;
        for (int t = 0; t < weights.count; ++t) {
            QVERIFY(std::abs(weights.terms[size_t(t)].weight - 0.5f) < 1e-5f);
            const Direction d = hrtf->measurementDirection(weights.terms[size_t(t)].measurement);
            QVERIFY(std::abs(d.elevationDeg) < 1e-6);
            total += weights.terms[size_t(t)].weight;
        }
        QVERIFY(std::abs(total - 1.0f) < 1e-6f);
        // Between rings: 5 deg elevation is halfway between 0 and 10.
        const InterpolationWeights between = hrtf->interpolationWeights({0.0, 5.0});
        float sum = 0.0f;
        for (int t = 0; t < between.count; ++t)
            sum += between.terms[size_t(t)].weight;
        QVERIFY(between.count >= 2);
        QVERIFY(std::abs(sum - 1.0f) < 1e-6f);
        // Below the lowest ring (-40 deg) the lowest ring is used, not an extrapolation.
        const InterpolationWeights below = hrtf->interpolationWeights({0.0, -80.0});
        QCOMPARE(hrtf->measurementDirection(below.terms[0].measurement).elevationDeg, -40.0);
    }

    void resamplingKeepsTheResponse()
    {
        // The same measurement at 44.1 kHz and resampled to 48 kHz: magnitudes within 0.1 dB
        // from 100 Hz to 16 kHz (libsamplerate's best sinc is flat far beyond that), and the
        // same onset time within 1 sample.
        const auto native = HrtfSet::load(HrtfSet::defaultPath());
        const auto resampled = HrtfSet::load(HrtfSet::defaultPath(), 48000.0);
        QCOMPARE(resampled->sampleRateHz(), 48000.0);
        QVERIFY(resampled->irLength() >= 557);
        const int m = 100;
        for (double f : {100.0, 1000.0, 4000.0, 10000.0, 16000.0}) {
            const double a =
                magnitudeDb(native->impulseResponse(m, 0), native->irLength(), f, 44100.0);
            const double b =
                magnitudeDb(resampled->impulseResponse(m, 0), resampled->irLength(), f, 48000.0);
            QVERIFY2(std::abs(a - b) < 0.1,
                     qPrintable(QString("%1 Hz: %2 vs %3 dB").arg(f).arg(a).arg(b)));
        }
        auto peakTimeS = [](const float* ir, int length, double rate) {
            int peak = 0;
            for (int n = 1; n < length; ++n)
                if (std::abs(ir[n]) > std::abs(ir[peak])) peak = n;
            return peak / rate;
        };
        QVERIFY(std::abs(peakTimeS(native->impulseResponse(m, 0), native->irLength(), 44100.0) -
                         peakTimeS(resampled->impulseResponse(m, 0), resampled->irLength(),
                                   48000.0)) < 1.0 / 44100.0);
    }

    void missingFile() { QVERIFY(errorOf("/nonexistent/hrtf.sofa").contains("does not exist")); }

    void fileThatIsNotSofa()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("notes.sofa");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is a text file, not HDF5\n");
        file.close();
        const QString message = errorOf(path.toStdString());
        QVERIFY2(message.contains(path) && message.contains("not a SOFA"), qPrintable(message));
    }

    void truncatedSofa()
    {
        QTemporaryDir dir;
        QFile original(QString::fromStdString(HrtfSet::defaultPath()));
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QString path = dir.filePath("truncated.sofa");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original.read(20000));
        file.close();
        const QString message = errorOf(path.toStdString());
        QVERIFY2(message.contains(path) && message.contains("cannot be read"), qPrintable(message));
    }

    void sofaOfAnotherConvention()
    {
        // The default file with its convention attribute rewritten to another SOFA convention of
        // the same length (SimpleFreeFieldHRTF: transfer functions, not impulse responses).
        QTemporaryDir dir;
        QFile original(QString::fromStdString(HrtfSet::defaultPath()));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        QVERIFY(bytes.count("SimpleFreeFieldHRIR") >= 1);
        bytes.replace("SimpleFreeFieldHRIR", "SimpleFreeFieldHRTF");
        const QString path = dir.filePath("transfer-functions.sofa");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        const QString message = errorOf(path.toStdString());
        QVERIFY2(message.contains(path) && message.contains("SimpleFreeFieldHRTF") &&
                     message.contains("Stagelab reads SimpleFreeFieldHRIR"),
                 qPrintable(message));
    }

    void limitsOfASofaSet_data()
    {
        // Issue 11's findings, named after them: the default set with one value changed in
        // memory (writing HDF5 needs a library Stagelab does not use).
        QTest::addColumn<QString>("variable");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("runaway memory: Data.Delay 1e6")
            << "delay" << 1e6 << "Data.Delay[0] = 1000000 samples is outside [0, 2205]";
        QTest::newRow("negative Data.Delay") << "delay" << -3.0 << "Data.Delay[0] = -3 samples";
        QTest::newRow("accepted: NaN in Data.IR")
            << "ir" << double(NAN) << "Data.IR holds nan (measurement 0, receiver 0, sample 5)";
        QTest::newRow("Data.SamplingRate 1 Hz")
            << "rate" << 1.0 << "Data.SamplingRate 1 Hz is outside [8000, 384000] Hz";
    }
    void limitsOfASofaSet()
    {
        QFETCH(QString, variable);
        QFETCH(double, value);
        QFETCH(QString, message);
        int status = MYSOFA_OK;
        std::unique_ptr<MYSOFA_HRTF, void (*)(MYSOFA_HRTF*)> hrtf(
            mysofa_load(HrtfSet::defaultPath().c_str(), &status), &mysofa_free);
        QVERIFY(hrtf && status == MYSOFA_OK);
        checkSofaLimits(*hrtf, "kemar.sofa"); // the set as it is passes
        if (variable == "delay") {
            QVERIFY(hrtf->DataDelay.elements >= 1);
            hrtf->DataDelay.values[0] = float(value);
        } else if (variable == "ir") {
            hrtf->DataIR.values[5] = float(value);
        } else {
            hrtf->DataSamplingRate.values[0] = float(value);
        }
        try {
            checkSofaLimits(*hrtf, "kemar.sofa");
            QFAIL("the broken set passed");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).startsWith("HRTF file 'kemar.sofa': ") &&
                         QString(error.what()).contains(message),
                     error.what());
        }
    }

    void hangLibmysofaFseekLoop()
    {
        // Fuzzing (issue 11) found a file on which libmysofa 1.3.1 itself never returns (an
        // fseek loop in its HDF5 reader): a damaged version of the fuzzer's tiny seed set. The
        // load is refused when libmysofa has not finished it in a child process by the deadline
        // (5 s for a small file).
        const std::string path =
            STAGELAB_SOURCE_DIR "/tests/fuzz/regressions/sofa/hang-libmysofa-fseek-loop.sofa";
        const QString message = errorOf(path);
        QVERIFY2(message.contains(QString::fromStdString(path)) &&
                     message.contains("libmysofa did not finish reading it within 5 s"),
                 qPrintable(message));
    }

    void isolatedCallReportsHowTheChildEnded()
    {
        // What the SOFA probe relies on: a value returned, a crash, a memory budget and a
        // deadline each reach the caller, and the caller carries on.
        using Ending = IsolatedOutcome::Ending;
        const IsolatedOutcome returned = runIsolated([] { return 7; }, 5.0, size_t(1) << 30);
        QVERIFY(returned.ending == Ending::Returned && returned.value == 7);
        const IsolatedOutcome crashed = runIsolated(
            [] {
                std::raise(SIGSEGV);
                return 0;
            },
            5.0, size_t(1) << 30);
        QVERIFY(crashed.ending == Ending::Crashed && crashed.value == SIGSEGV);
        // 8 GiB against a budget of 1 GiB: the allocation fails in the child (bad_alloc: 1).
        const IsolatedOutcome hungry = runIsolated(
            [] {
                std::vector<char> big(size_t(8) << 30, 1);
                return int(big[12345]) - 1;
            },
            5.0, size_t(1) << 30);
        QVERIFY(hungry.ending == Ending::Returned && hungry.value == 1);
        const IsolatedOutcome endless = runIsolated(
            [] {
                for (;;)
                    ::pause();
                return 0;
            },
            0.2, size_t(1) << 30);
        QVERIFY(endless.ending == Ending::TimedOut);
    }

    void swappedEarsAreRefused()
    {
        // Receiver 0 must be the left ear (+y): a set whose receivers (positions and IRs) are
        // swapped is refused by libmysofa's own check, never played mirrored. (An ear swap that
        // read the positions after mysofa_tospherical - elevations, 0 = 0 - never fired; it is
        // gone.)
        const std::string path = HrtfSet::defaultPath();
        int status = MYSOFA_OK;
        std::unique_ptr<MYSOFA_HRTF, void (*)(MYSOFA_HRTF*)> swapped(
            mysofa_load(path.c_str(), &status), &mysofa_free);
        QVERIFY(swapped);
        float* receivers = swapped->ReceiverPosition.values;
        QVERIFY(receivers[1] > receivers[4]); // MIT KEMAR: receiver 0 is the left ear (+y)
        std::swap_ranges(receivers, receivers + 3, receivers + 3);
        const unsigned n = swapped->N;
        for (unsigned m = 0; m < swapped->M; ++m) {
            float* ir = swapped->DataIR.values + size_t(m) * 2 * n;
            std::swap_ranges(ir, ir + n, ir + n);
        }
        try {
            HrtfSet::fromSofa(*swapped, path, "", 48000.0);
            QFAIL("a set with its ears swapped was read");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("invalid receiver (ear) positions"),
                     error.what());
        }
    }
};

STAGELAB_TEST_MAIN(TestHrtfSet)
#include "tst_hrtf_set.moc"
