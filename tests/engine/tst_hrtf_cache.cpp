// The HRTF cache: a set loaded before is read back from the user's cache bit for bit equal to
// reading its SOFA file, and a cache file that is torn, damaged, edited or another set's is
// never used (the load reads the SOFA file and writes the cache again).

#include "common/test_main.h"
#include "spatial/hrtf_cache.h"
#include "spatial/hrtf_set.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace stagelab;

namespace {
const std::string kemar = HrtfSet::defaultPath();

/// Every member a set is made of, compared exactly.
void verifyIdentical(const HrtfSet& a, const HrtfSet& b)
{
    QCOMPARE(a.info().name, b.info().name);
    QCOMPARE(a.info().file, b.info().file);
    QCOMPARE(a.info().sha256, b.info().sha256);
    QCOMPARE(a.info().measurements, b.info().measurements);
    QCOMPARE(a.info().irLength, b.info().irLength);
    QCOMPARE(a.info().sampleRateHz, b.info().sampleRateHz);
    QVERIFY(a.info().attributes == b.info().attributes);
    QCOMPARE(a.sampleRateHz(), b.sampleRateHz());
    QCOMPARE(a.measurementDistanceM(), b.measurementDistanceM());
    QCOMPARE(a.measurementCount(), b.measurementCount());
    QCOMPARE(a.irLength(), b.irLength());
    for (int m = 0; m < a.measurementCount(); ++m) {
        QCOMPARE(a.measurementDirection(m).azimuthDeg, b.measurementDirection(m).azimuthDeg);
        QCOMPARE(a.measurementDirection(m).elevationDeg, b.measurementDirection(m).elevationDeg);
        for (int ear = 0; ear < 2; ++ear)
            QVERIFY(std::memcmp(a.impulseResponse(m, ear), b.impulseResponse(m, ear),
                                sizeof(float) * size_t(a.irLength())) == 0);
    }
    // The interpolation rings are rebuilt from the directions: the same weights everywhere.
    for (double azimuth = -180.0; azimuth < 180.0; azimuth += 7.3)
        for (double elevation = -50.0; elevation <= 90.0; elevation += 11.0) {
            const InterpolationWeights wa = a.interpolationWeights({azimuth, elevation});
            const InterpolationWeights wb = b.interpolationWeights({azimuth, elevation});
            QCOMPARE(wa.count, wb.count);
            for (int t = 0; t < wa.count; ++t) {
                QCOMPARE(wa.terms[size_t(t)].measurement, wb.terms[size_t(t)].measurement);
                QCOMPARE(wa.terms[size_t(t)].weight, wb.terms[size_t(t)].weight);
            }
        }
}

QByteArray readAll(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

void writeAll(const std::string& path, const QByteArray& bytes)
{
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QString decodeError(std::string_view payload, const std::string& sha256, double rate)
{
    try {
        decodeHrtfCachePayload(payload, kemar, sha256, rate);
    } catch (const Error& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}
} // namespace

class TestHrtfCache : public QObject
{
    Q_OBJECT
    QTemporaryDir m_cache;
    std::shared_ptr<const HrtfSet> m_fromSofa; // MIT KEMAR at 48 kHz, read from its SOFA file

    std::string cachePath(double rate) const
    {
        return hrtfCachePath(m_cache.path().toStdString(), m_fromSofa->info().sha256, rate);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid());
        qputenv("STAGELAB_CACHE_DIR", m_cache.path().toUtf8());
        m_fromSofa = HrtfSet::load(kemar, 48000.0);
        QVERIFY(m_fromSofa->cacheFile().empty()); // an empty cache: read from the SOFA file
    }

    void init() { qputenv("STAGELAB_CACHE_DIR", m_cache.path().toUtf8()); }

    void secondLoadIsReadFromTheCacheExactly()
    {
        QVERIFY(QFile::exists(QString::fromStdString(cachePath(48000.0))));
        const auto cached = HrtfSet::load(kemar, 48000.0);
        QCOMPARE(cached->cacheFile(), cachePath(48000.0));
        verifyIdentical(*cached, *m_fromSofa);
    }

    void aCopyElsewhereIsTheSameSetUnderItsOwnPath()
    {
        // The cache is keyed by the bytes: a copy under another name hits it, and gets its own
        // path (and a name from the file's attributes, never the first path's stem).
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("renamed-kemar.sofa"));
        QVERIFY(QFile::copy(QString::fromStdString(kemar), copy));
        const auto loaded = HrtfSet::load(copy.toStdString(), 48000.0);
        QCOMPARE(loaded->cacheFile(), cachePath(48000.0));
        QCOMPARE(loaded->info().file, copy.toStdString());
        QCOMPARE(loaded->info().name, m_fromSofa->info().name);
    }

    void eachRateHasItsOwnEntry()
    {
        const auto native = HrtfSet::load(kemar);
        QVERIFY(native->cacheFile().empty());
        QCOMPARE(native->sampleRateHz(), 44100.0);
        const auto again = HrtfSet::load(kemar);
        QCOMPARE(again->cacheFile(), cachePath(0.0));
        verifyIdentical(*again, *native);
        // 96 kHz is not 48 kHz: a miss, then its own file.
        const auto high = HrtfSet::load(kemar, 96000.0);
        QVERIFY(high->cacheFile().empty());
        QCOMPARE(high->sampleRateHz(), 96000.0);
        QVERIFY(QFile::exists(QString::fromStdString(cachePath(96000.0))));
    }

    void damagedCacheFilesAreNotUsed_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("torn: cut in half") << "torn";
        QTest::newRow("one sample's byte flipped") << "flipped";
        QTest::newRow("empty") << "empty";
        QTest::newRow("another set's cache under this name") << "renamed";
    }

    void damagedCacheFilesAreNotUsed()
    {
        QFETCH(QString, damage);
        const std::string path = cachePath(48000.0);
        HrtfSet::load(kemar, 48000.0); // make sure it is there and whole
        QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() > 1000000);
        if (damage == "torn") bytes.truncate(bytes.size() / 2);
        if (damage == "flipped") bytes[bytes.size() - 1000] = char(bytes[bytes.size() - 1000] ^ 4);
        if (damage == "empty") bytes.clear();
        if (damage == "renamed") {
            HrtfSet::load(kemar, 96000.0);
            bytes = readAll(cachePath(96000.0));
        }
        QVERIFY(damage != "renamed" || !bytes.isEmpty());
        writeAll(path, bytes);

        const auto loaded = HrtfSet::load(kemar, 48000.0);
        QVERIFY2(loaded->cacheFile().empty(), "a damaged cache file was used");
        verifyIdentical(*loaded, *m_fromSofa);
        // ... and the load wrote it again, whole: the next load reads it.
        const auto next = HrtfSet::load(kemar, 48000.0);
        QCOMPARE(next->cacheFile(), path);
        verifyIdentical(*next, *m_fromSofa);
    }

    void decodingRefusesWhatDoesNotAddUp()
    {
        const std::string bytes = encodeHrtfCache(*m_fromSofa, 48000.0);
        const std::string sha = m_fromSofa->info().sha256;
        // What lies between the format line ("stagelab.hrtf-cache/1\n") and the checksum.
        const size_t start = bytes.find('\n') + 1;
        const std::string payload = bytes.substr(start, bytes.size() - start - 32);
        QVERIFY(decodeError(payload, sha, 48000.0).isEmpty());
        QVERIFY(decodeError(payload, std::string(64, '0'), 48000.0).contains("another file's"));
        QVERIFY(decodeError(payload, sha, 44100.0).contains("another rate"));
        QVERIFY(decodeError(payload.substr(0, payload.size() - 4), sha, 48000.0)
                    .contains("runs past the end"));
        QVERIFY(decodeError(payload + "x", sha, 48000.0).contains("goes on after"));
        std::string notANumber = payload;
        const float nan = std::numeric_limits<float>::quiet_NaN();
        std::memcpy(notANumber.data() + notANumber.size() - sizeof nan, &nan, sizeof nan);
        QVERIFY(decodeError(notANumber, sha, 48000.0).contains("non-finite"));
        // The IR length is the last of three counts before the name: a huge one must be caught
        // by the payload's size before anything that large is allocated.
        std::string huge = payload;
        const size_t irLengthAt = 4 + 64 + 4 * 8 + 2 * 4; // sha text, four doubles, two counts
        const uint32_t lie = 1u << 30;
        std::memcpy(huge.data() + irLengthAt, &lie, sizeof lie);
        QVERIFY(!decodeError(huge, sha, 48000.0).isEmpty());
        // With the checksum: one flipped byte anywhere is refused as damage.
        std::string flipped = bytes;
        flipped[start + 10] = char(flipped[start + 10] ^ 1);
        try {
            decodeHrtfCache(flipped, kemar, sha, 48000.0);
            QFAIL("a damaged cache was accepted");
        } catch (const Error& error) {
            QVERIFY(QString(error.what()).contains("checksum"));
        }
    }

    void aFolderThatCannotBeWrittenOnlyCostsTime()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("a-file");
        writeAll(file.toStdString(), "not a folder");
        qputenv("STAGELAB_CACHE_DIR", (file + "/hrtf").toUtf8());
        const auto loaded = HrtfSet::load(kemar, 48000.0);
        QVERIFY(loaded->cacheFile().empty());
        verifyIdentical(*loaded, *m_fromSofa);
    }

    void offMeansNoCache()
    {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", dir.path().toUtf8());
        qputenv("STAGELAB_CACHE_DIR", "off");
        QCOMPARE(hrtfCacheFolder(), std::string());
        HrtfSet::load(kemar, 22050.0);
        QVERIFY(QDir(dir.path()).isEmpty());
        qunsetenv("STAGELAB_CACHE_DIR");
        QCOMPARE(hrtfCacheFolder(), dir.path().toStdString() + "/stagelab/hrtf");
    }
};

STAGELAB_TEST_MAIN(TestHrtfCache)
#include "tst_hrtf_cache.moc"
