// Head traces: the trace file (written, read back, refused with the file, line and reason when
// it is not one), the sender that replays a trace as each kind of tracker would (every format
// arrives as the orientation sent), and the tracker's own trace of what it took.

#include "common/head_trackers.h"
#include "common/test_main.h"
#include "tracking/head_trace.h"
#include "tracking/osc_head_tracker.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace stagelab;

namespace {
bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) < tolerance;
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}
} // namespace

class TestHeadTrace : public QObject
{
    Q_OBJECT
private slots:
    void traceFileRoundTrip()
    {
        QTemporaryDir dir;
        const std::vector<TimedOrientation> trace{
            {0.0, {0.0, 0.0, 0.0}}, {0.01, {12.345, -3.2, 1.0}}, {0.02, {-170.0, 89.0, -45.5}}};
        const QString path = dir.filePath("trace.csv");
        writeText(path, QByteArray::fromStdString(headTraceText(trace)));
        const std::vector<TimedOrientation> back = readHeadTrace(path.toStdString());
        QCOMPARE(back.size(), trace.size());
        for (size_t i = 0; i < trace.size(); ++i) {
            // The file keeps 0.001 s and 0.01 deg (a tracker's own resolution is coarser).
            QVERIFY(near(back[i].timeS, trace[i].timeS, 5e-4));
            QVERIFY(near(back[i].orientation.yawDeg, trace[i].orientation.yawDeg, 5e-3));
            QVERIFY(near(back[i].orientation.pitchDeg, trace[i].orientation.pitchDeg, 5e-3));
            QVERIFY(near(back[i].orientation.rollDeg, trace[i].orientation.rollDeg, 5e-3));
        }
    }

    void badTracesAreRefusedByLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("no header") << QByteArray("0,1,2,3\n") << ":1: not a head trace";
        QTest::newRow("three fields")
            << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n0,1,2\n") << ":2: expected 4";
        QTest::newRow("five fields")
            << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n0,1,2,3,4\n") << ":2: expected 4";
        QTest::newRow("not a number")
            << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n0,1,2,3\n0.1,x,2,3\n")
            << ":3: 'x' is not a finite number";
        QTest::newRow("nan") << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n0,nan,0,0\n")
                             << ":2: 'nan' is not a finite number";
        QTest::newRow("time goes back")
            << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n1,0,0,0\n0.5,0,0,0\n")
            << ":3: time 0.5";
        QTest::newRow("pitch beyond 90")
            << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n0,0,95,0\n") << ":2: pitch beyond";
        QTest::newRow("yaw beyond 360")
            << QByteArray("time_s,yaw_deg,pitch_deg,roll_deg\n0,1e9,0,0\n") << ":2: an angle";
    }
    void badTracesAreRefusedByLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.csv");
        writeText(path, text);
        try {
            readHeadTrace(path.toStdString());
            QFAIL("accepted");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains(message), error.what());
            QVERIFY2(QString(error.what()).contains("bad.csv"), error.what());
        }
    }

    void everyFormatArrivesAsSent_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* name : {"ypr", "scene-rotator", "quaternion", "htrpy"})
            QTest::newRow(name) << name;
    }
    void everyFormatArrivesAsSent()
    {
        QFETCH(QString, format);
        OscHeadTracker tracker(test::anyPort());
        OscHeadSender sender("127.0.0.1", std::to_string(tracker.port()),
                             oscHeadFormatFromName(format.toStdString()));
        const std::vector<HeadOrientation> poses{
            {30.0, 0.0, 0.0}, {-75.0, 20.0, -10.0}, {170.0, -45.0, 30.0}, {0.0, 80.0, 0.0}};
        uint64_t taken = 0;
        for (const HeadOrientation& pose : poses) {
            sender.send(pose);
            ++taken;
            QVERIFY(QTest::qWaitFor([&] { return tracker.counts().accepted == taken; }, 2000));
            HeadOrientation head;
            int64_t stamp = 0;
            QVERIFY(tracker.latest(head, stamp));
            // float32 on the wire, through a quaternion's trigonometry for that format: 0.01 deg.
            QVERIFY2(
                near(head.yawDeg, pose.yawDeg, 0.01) && near(head.pitchDeg, pose.pitchDeg, 0.01) &&
                    near(head.rollDeg, pose.rollDeg, 0.01),
                qPrintable(
                    QString("%1 %2 %3").arg(head.yawDeg).arg(head.pitchDeg).arg(head.rollDeg)));
        }
        // The tracker's trace holds every one, in order, stamped in order.
        std::vector<HeadSample> trace;
        tracker.drainTrace(trace);
        QCOMPARE(trace.size(), poses.size());
        for (size_t i = 0; i < poses.size(); ++i) {
            QVERIFY(near(trace[i].orientation.yawDeg, poses[i].yawDeg, 0.01));
            if (i > 0) QVERIFY(trace[i].stampNs >= trace[i - 1].stampNs);
        }
        sender.sendRecenter();
        QVERIFY(QTest::qWaitFor([&] { return tracker.counts().recenters == 1; }, 2000));
        sender.sendButton();
        QVERIFY(QTest::qWaitFor([&] { return tracker.counts().buttons == 1; }, 2000));
        QCOMPARE(tracker.counts().unknown, uint64_t(0));
    }

    void unknownFormatsAndAddressesAreRefused()
    {
        QVERIFY_THROWS_EXCEPTION(Error, oscHeadFormatFromName("mrheadtracker"));
        OscHeadSender nowhere("no such host.invalid", "9000", OscHeadFormat::Ypr);
        try {
            nowhere.send({});
            QFAIL("sent");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("no such host.invalid:9000"), error.what());
        }
    }
};

STAGELAB_TEST_MAIN(TestHeadTrace)
#include "tst_head_trace.moc"
