// The SOFA/AMT direction conventions every layer relies on.

#include "common/test_main.h"
#include "spatial/direction.h"
#include "util/error.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace stagelab;

class TestDirection : public QObject
{
    Q_OBJECT
private slots:
    void cartesianFollowsSofa_data()
    {
        QTest::addColumn<double>("azimuth");
        QTest::addColumn<double>("elevation");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        QTest::addColumn<double>("z");
        QTest::newRow("front") << 0.0 << 0.0 << 1.0 << 0.0 << 0.0;
        QTest::newRow("+90 is left") << 90.0 << 0.0 << 0.0 << 1.0 << 0.0;
        QTest::newRow("-90 is right") << -90.0 << 0.0 << 0.0 << -1.0 << 0.0;
        QTest::newRow("270 is right") << 270.0 << 0.0 << 0.0 << -1.0 << 0.0;
        QTest::newRow("back") << 180.0 << 0.0 << -1.0 << 0.0 << 0.0;
        QTest::newRow("up") << 0.0 << 90.0 << 0.0 << 0.0 << 1.0;
    }
    void cartesianFollowsSofa()
    {
        QFETCH(double, azimuth);
        QFETCH(double, elevation);
        QFETCH(double, x);
        QFETCH(double, y);
        QFETCH(double, z);
        const Vector3 v = toCartesian({azimuth, elevation});
        // 1e-12: exact trigonometry up to rounding.
        QVERIFY(std::abs(v.x - x) < 1e-12 && std::abs(v.y - y) < 1e-12 &&
                std::abs(v.z - z) < 1e-12);
        const Direction back = toDirection(v);
        if (std::abs(elevation) < 90.0)
            QVERIFY(std::abs(wrapDifferenceDeg(back.azimuthDeg - azimuth)) < 1e-9);
        QVERIFY(std::abs(back.elevationDeg - elevation) < 1e-9);
    }

    void lateralAndPolarAngles_data()
    {
        QTest::addColumn<double>("azimuth");
        QTest::addColumn<double>("elevation");
        QTest::addColumn<double>("lateral");
        QTest::addColumn<double>("polar");
        QTest::newRow("front") << 0.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("left") << 90.0 << 0.0 << 90.0 << 0.0;
        QTest::newRow("right") << -90.0 << 0.0 << -90.0 << 0.0;
        QTest::newRow("back") << 180.0 << 0.0 << 0.0 << 180.0;
        QTest::newRow("up") << 0.0 << 90.0 << 0.0 << 90.0;
        QTest::newRow("below front") << 0.0 << -45.0 << 0.0 << -45.0;
        QTest::newRow("below back maps into [-90,270)") << 180.0 << -45.0 << 0.0 << 225.0;
        QTest::newRow("front left") << 30.0 << 0.0 << 30.0 << 0.0;
        QTest::newRow("back left") << 150.0 << 0.0 << 30.0 << 180.0;
    }
    void lateralAndPolarAngles()
    {
        QFETCH(double, azimuth);
        QFETCH(double, elevation);
        QFETCH(double, lateral);
        QFETCH(double, polar);
        QVERIFY2(std::abs(lateralAngleDeg({azimuth, elevation}) - lateral) < 1e-9, "lateral");
        QVERIFY2(std::abs(polarAngleDeg({azimuth, elevation}) - polar) < 1e-9, "polar");
    }

    void wrapping()
    {
        QCOMPARE(wrapAzimuthDeg(-90.0), 270.0);
        QCOMPARE(wrapAzimuthDeg(360.0), 0.0);
        QCOMPARE(wrapDifferenceDeg(190.0), -170.0);
        QCOMPARE(wrapDifferenceDeg(-180.0), 180.0); // (-180, 180]
        QCOMPARE(wrapDifferenceDeg(180.0), 180.0);
        QCOMPARE(angleBetweenDeg({0, 0}, {180, 0}), 180.0);
    }

    void rejectsBadAngles_data()
    {
        QTest::addColumn<double>("azimuth");
        QTest::addColumn<double>("elevation");
        QTest::addColumn<QString>("expected");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("NaN azimuth") << nan << 0.0 << "azimuth NaN";
        QTest::newRow("NaN elevation") << 0.0 << nan << "elevation NaN";
        QTest::newRow("infinite") << std::numeric_limits<double>::infinity() << 0.0
                                  << "azimuth inf";
        QTest::newRow("azimuth 400") << 400.0 << 0.0 << "azimuth 400";
        QTest::newRow("elevation 91") << 0.0 << 91.0 << "elevation 91";
    }
    void rejectsBadAngles()
    {
        QFETCH(double, azimuth);
        QFETCH(double, elevation);
        QFETCH(QString, expected);
        try {
            validateDirection({azimuth, elevation}, "source 1");
            QFAIL("accepted a bad angle");
        } catch (const Error& error) {
            const QString message = error.what();
            QVERIFY2(message.startsWith("source 1") && message.contains(expected),
                     qPrintable(message));
        }
    }
};

STAGELAB_TEST_MAIN(TestDirection)
#include "tst_direction.moc"
