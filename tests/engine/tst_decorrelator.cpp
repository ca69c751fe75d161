// Decorrelated copies of wide sources: each copy is the signal through its own all-pass-like
// filter, computed block by block through the engine's convolver - exactly the direct
// convolution, circular for looping signals, cut to the part a scene plays, and mutually
// uncorrelated.

#include "common/test_main.h"
#include "render/decorrelator.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;
constexpr int filterLength = 1024; // decorrelatedCopies' default
constexpr uint32_t seed = 0x5EED0000u;

std::vector<float> noise(size_t length, uint32_t noiseSeed)
{
    std::mt19937 random(noiseSeed);
    std::normal_distribution<float> gauss(0.0f, 0.3f);
    std::vector<float> signal(length);
    for (float& sample : signal)
        sample = gauss(random);
    return signal;
}

/// The filters of `count` copies: the copies of a unit impulse (longer than a filter).
std::vector<std::vector<float>> filters(int count)
{
    std::vector<float> impulse(filterLength + 200, 0.0f);
    impulse[0] = 1.0f;
    return decorrelatedCopies(impulse, count, rate, false, seed);
}

double largestDifference(const std::vector<float>& a, const std::vector<float>& b, size_t from = 0)
{
    double largest = 0.0;
    for (size_t n = from; n < a.size(); ++n)
        largest = std::max(largest, std::abs(double(a[n]) - b[n]));
    return largest;
}
} // namespace

class TestDecorrelator : public QObject
{
    Q_OBJECT

private slots:
    void copiesAreTheDirectConvolution()
    {
        const std::vector<std::vector<float>> h = filters(3);
        // A length that is not a multiple of the 1024-frame blocks.
        const std::vector<float> signal = noise(5000, 1);
        const auto copies = decorrelatedCopies(signal, 3, rate, false, seed);
        QCOMPARE(copies.size(), size_t(3));
        QCOMPARE(copies[0], signal);
        for (int c = 1; c < 3; ++c) {
            QCOMPARE(copies[size_t(c)].size(), signal.size());
            std::vector<float> direct(signal.size(), 0.0f);
            for (size_t n = 0; n < signal.size(); ++n) {
                double sum = 0.0;
                for (size_t k = 0; k <= n && k < size_t(filterLength); ++k)
                    sum += double(h[size_t(c)][k]) * signal[n - k];
                direct[n] = float(sum);
            }
            // Float FFTs of 2048 points against a double sum: rounding of order 1e-6 of a
            // signal of 0.3 RMS; a wrong block or a shifted filter would be off by ~0.1.
            QVERIFY2(largestDifference(copies[size_t(c)], direct) < 1e-4,
                     qPrintable(QString::number(largestDifference(copies[size_t(c)], direct))));
        }
    }

    void loopingCopiesAreCircular()
    {
        // A looping signal's copy at its start hears the loop's end: the same as the second
        // pass of the signal played twice.
        const std::vector<float> signal = noise(3000, 2);
        std::vector<float> twice = signal;
        twice.insert(twice.end(), signal.begin(), signal.end());
        const auto looped = decorrelatedCopies(signal, 2, rate, true, seed);
        const auto linear = decorrelatedCopies(twice, 2, rate, false, seed);
        const std::vector<float> secondPass(linear[1].begin() + long(signal.size()),
                                            linear[1].end());
        QCOMPARE(looped[1].size(), signal.size());
        QVERIFY(largestDifference(looped[1], secondPass) < 1e-4); // rounding, as above
    }

    void onlyTheHeardPartIsFiltered()
    {
        const std::vector<float> signal = noise(10000, 3);
        const auto whole = decorrelatedCopies(signal, 3, rate, false, seed);
        const auto heard = decorrelatedCopies(signal, 3, rate, false, seed, 2500);
        for (size_t c = 0; c < 3; ++c) {
            QCOMPARE(heard[c].size(), size_t(2500));
            const std::vector<float> prefix(whole[c].begin(), whole[c].begin() + 2500);
            QVERIFY(largestDifference(heard[c], prefix) < 1e-6); // the same blocks, same plan
        }
        // A looping signal is always filtered whole (its start needs its end).
        QCOMPARE(decorrelatedCopies(signal, 2, rate, true, seed, 2500)[1].size(), signal.size());
    }

    void copiesAreUncorrelated()
    {
        const std::vector<float> signal = noise(48000, 4);
        const auto copies = decorrelatedCopies(signal, 4, rate, false, seed);
        auto dot = [](const std::vector<float>& a, const std::vector<float>& b) {
            double sum = 0.0;
            for (size_t n = 0; n < a.size(); ++n)
                sum += double(a[n]) * b[n];
            return sum;
        };
        for (size_t a = 0; a < copies.size(); ++a) {
            for (size_t b = a + 1; b < copies.size(); ++b) {
                const double correlation =
                    dot(copies[a], copies[b]) /
                    std::sqrt(dot(copies[a], copies[a]) * dot(copies[b], copies[b]));
                // Random phase above 200 Hz leaves the copies of white noise nearly
                // uncorrelated (only the ~0.8 % of the band below 200 Hz stays in phase).
                QVERIFY2(std::abs(correlation) < 0.1, qPrintable(QString::number(correlation)));
            }
        }
    }
};

STAGELAB_TEST_MAIN(TestDecorrelator)
#include "tst_decorrelator.moc"
