// The audio callback's load histogram: percentiles to its 0.1 % step, the overflow bin and the
// maximum (the figures scripts/soak.sh prints for 64-frame buffers).

#include "audio/callback_load.h"
#include "common/test_main.h"

#include <QTest>

#include <cmath>

using namespace stagelab;

class TestCallbackLoad : public QObject
{
    Q_OBJECT
private slots:
    void emptyHistogramSaysNothing()
    {
        const CallbackLoad load;
        QCOMPARE(load.count(), uint64_t(0));
        QCOMPARE(load.percentile(0.999), 0.0);
        QCOMPARE(load.maximum(), 0.0);
    }

    void percentilesOfAKnownSpread()
    {
        CallbackLoad load;
        // 1,000 callbacks at 10 %, 20 %, ..., one of them (the 1,000th) at 95 %.
        for (int i = 0; i < 999; ++i)
            load.record(0.1 * (1 + i % 5));
        load.record(0.95);
        QCOMPARE(load.count(), uint64_t(1000));
        // Bins are 0.1 % wide and round up, so 0.3 reads back as 0.3 (to 1e-12).
        QVERIFY(qAbs(load.percentile(0.5) - 0.3) < 1e-12);
        QVERIFY(qAbs(load.percentile(0.99) - 0.5) < 1e-12);
        QVERIFY(qAbs(load.percentile(0.999) - 0.5) < 1e-12); // 999 of 1,000 are at most 50 %
        QVERIFY(qAbs(load.percentile(1.0) - 0.95) < 1e-12);
        QCOMPARE(load.maximum(), 0.95);
        load.record(0.1234);
        QVERIFY(qAbs(load.percentile(0.0) - 0.1) < 1e-12);
    }

    void lateCallbacksLandInTheTopBin()
    {
        CallbackLoad load;
        load.record(0.2);
        load.record(7.5); // a callback that took 7.5 periods
        QCOMPARE(load.percentile(1.0), 2.0);
        QCOMPARE(load.maximum(), 7.5);
        load.record(-1.0);         // a clock step backwards counts as no time, not as a crash
        load.record(std::nan("")); // a callback of no frames: 0/0
        QCOMPARE(load.count(), uint64_t(4));
        QCOMPARE(load.percentile(0.5), 0.0); // both in the first bin
        QCOMPARE(load.maximum(), 7.5);
    }
};

STAGELAB_TEST_MAIN(TestCallbackLoad)
#include "tst_callback_load.moc"
