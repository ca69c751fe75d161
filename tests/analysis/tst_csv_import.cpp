// CSV import of third-party localization data: column mapping, conventions, quoting, and errors
// that name the file, line and column so a researcher can fix the file.

#include "analysis/csv_import.h"
#include "common/test_main.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace stagelab;

namespace {
const CsvColumns exampleColumns = {{"targetAzimuthDeg", "azi_target"},
                                   {"targetElevationDeg", "ele_target"},
                                   {"responseAzimuthDeg", "azi_response"},
                                   {"responseElevationDeg", "ele_response"},
                                   {"participant", "listener"}};

std::vector<ResultRow> read(const std::string& text, const CsvColumns& columns = exampleColumns,
                            const std::string& convention = "ccw")
{
    std::istringstream input(text);
    return readLocalizationCsv(input, "test.csv", columns, convention);
}
} // namespace

class TestCsvImport : public QObject
{
    Q_OBJECT
private slots:
    void readsMappedColumnsAndFactors()
    {
        const std::string text =
            "\xEF\xBB\xBF" // byte-order mark, as spreadsheets write it
            "listener, azi_target ,ele_target,azi_response,ele_response,HRTF\r\n"
            "\r\n"
            "L1, 30, 10, 35.5, 12, \"KEMAR, small \"\"pinna\"\"\"\r\n"
            "L1, -90, 0, NA, , \"  own  \"\r\n";
        const auto rows = read(text);
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[0].kind, std::string("localization"));
        QCOMPARE(rows[0].targetAzimuthDeg, 30.0);
        QCOMPARE(rows[0].targetElevationDeg, 10.0);
        QCOMPARE(*rows[0].responseAzimuthDeg, 35.5);
        QCOMPARE(*rows[0].responseElevationDeg, 12.0);
        QCOMPARE(rows[0].factors.at("participant"), std::string("L1"));
        QCOMPARE(rows[0].factors.at("HRTF"), std::string("KEMAR, small \"pinna\""));
        QCOMPARE(rows[0].factors.size(), size_t(2)); // mapped columns are not factors
        QVERIFY(!rows[1].responseAzimuthDeg && !rows[1].responseElevationDeg); // no answer
        QCOMPARE(rows[1].factors.at("HRTF"), std::string("  own  "));          // quotes keep spaces
    }

    void clockwiseNegatesAzimuthsOnly()
    {
        const auto rows = read("listener,azi_target,ele_target,azi_response,ele_response\n"
                               "A,90,20,-144,-30\n",
                               exampleColumns, "cw");
        QCOMPARE(rows[0].targetAzimuthDeg, -90.0);
        QCOMPARE(*rows[0].responseAzimuthDeg, 144.0);
        QCOMPARE(rows[0].targetElevationDeg, 20.0);
        QCOMPARE(*rows[0].responseElevationDeg, -30.0);
    }

    void unmappedFieldsUseTheirOwnNames()
    {
        // No elevation columns: target on the horizon, azimuth-only responses.
        const auto rows = read("targetAzimuthDeg,responseAzimuthDeg,participant\n10,+12,P1\n", {});
        QCOMPARE(rows[0].targetElevationDeg, 0.0);
        QCOMPARE(*rows[0].responseAzimuthDeg, 12.0);
        QVERIFY(!rows[0].responseElevationDeg);
        QCOMPARE(rows[0].factors.at("participant"), std::string("P1"));
    }

    void errorsNameFileLineAndColumn_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("convention");
        QTest::addColumn<QString>("expected");
        const QString header = "listener,azi_target,ele_target,azi_response,ele_response\n";
        QTest::newRow("missing column")
            << "listener,azimuth,ele_target,azi_response,ele_response\nA,1,2,3,4\n"
            << "ccw"
            << "test.csv:1: no column 'azi_target' for targetAzimuthDeg (the header has: listener, "
               "azimuth,";
        QTest::newRow("non-numeric value")
            << header + "A,1,2,3,4\nA,1,2,x3,4\n"
            << "ccw"
            << "test.csv:3, column 4 ('azi_response'): \"x3\" is not a number";
        QTest::newRow("number with trailing text")
            << header + "A,1,2deg,3,4\n"
            << "ccw"
            << "test.csv:2, column 3 ('ele_target'): \"2deg\"";
        QTest::newRow("empty target")
            << header + "A,,2,3,4\n"
            << "ccw"
            << "test.csv:2, column 2 ('azi_target'): \"\" is not a number";
        QTest::newRow("too few fields") << header + "A,1,2,3,4\n\nA,1,2,3\n"
                                        << "ccw"
                                        << "test.csv:4: 4 fields, but the header has 5";
        QTest::newRow("too many fields") << header + "A,1,2,3,4,5\n"
                                         << "ccw"
                                         << "test.csv:2: 6 fields, but the header has 5";
        QTest::newRow("unclosed quote") << header + "\"A,1,2,3,4\n"
                                        << "ccw"
                                        << "test.csv:2, character 1: quoted field is not closed";
        QTest::newRow("text after quote") << header + "\"A\"x,1,2,3,4\n"
                                          << "ccw"
                                          << "test.csv:2, character 4: text after a closing quote";
        QTest::newRow("duplicate header") << "a,a\n1,2\n"
                                          << "ccw"
                                          << "column 'a' appears twice";
        QTest::newRow("bad convention") << header << "left"
                                        << "azimuth convention 'left'";
        QTest::newRow("unlimited: a 2000-byte cell")
            << header + QString(2000, 'A') + ",1,2,3,4\n"
            << "ccw"
            << "test.csv:2, column 1 ('listener'): 2000 bytes, more than the limit of 1024";
        QString wide = "azi_target,azi_response";
        for (int c = 0; c < 298; ++c)
            wide += QString(",x%1").arg(c);
        QTest::newRow("unlimited: 300 columns") << wide + "\n"
                                                << "ccw"
                                                << "test.csv:1: more than 256 columns";
        QTest::newRow("empty file") << ""
                                    << "ccw"
                                    << "test.csv: no header line";
    }
    void errorsNameFileLineAndColumn()
    {
        QFETCH(QString, text);
        QFETCH(QString, convention);
        QFETCH(QString, expected);
        try {
            read(text.toStdString(), exampleColumns, convention.toStdString());
            QFAIL("accepted a bad file");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains(expected), error.what());
        }
    }

    void vagueLatin1()
    {
        // Issue 11: a Latin-1 file was refused later, by the JSON writer, naming nothing (and
        // leaving an empty session file behind). Bytes, not a QString: that would be UTF-8.
        const std::string header = "listener,azi_target,ele_target,azi_response,ele_response\n";
        for (const auto& [row, expected] :
             {std::pair{std::string("\xC9l\xE8ve,1,2,3,4\n"), "test.csv:2, byte 1 "
                                                              "(0xC9) is not UTF-8 text"},
              // Overlong and surrogate forms are not UTF-8 either.
              std::pair{std::string("A,1,2,3,\xC0\xAF\n"), "byte 9 (0xC0)"},
              std::pair{std::string("A,1,2,3,\xED\xA0\x80\n"), "byte 9 (0xED)"}}) {
            try {
                read(header + row);
                QFAIL("accepted text that is not UTF-8");
            } catch (const Error& error) {
                QVERIFY2(QString(error.what()).contains(expected), error.what());
            }
        }
        // Real UTF-8 (and a byte-order mark) is read as it is.
        const auto rows = read("\xEF\xBB\xBF" + header + "\xC3\x89l\xC3\xA8ve,1,2,3,4\n");
        QCOMPARE(rows.at(0).factors.at("participant"), std::string("\xC3\x89l\xC3\xA8ve"));
    }

    void importsFromAFile()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const std::string path = directory.filePath("data.csv").toStdString();
        std::ofstream(path)
            << "listener,azi_target,ele_target,azi_response,ele_response\nA,1,2,3,4\n";
        QCOMPARE(importLocalizationCsv(path, exampleColumns).size(), size_t(1));
        try {
            importLocalizationCsv(path + ".missing", exampleColumns);
            QFAIL("opened a missing file");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what())
                         .contains(
                             QString::fromStdString("cannot read CSV file '" + path + ".missing'")),
                     error.what());
        }
    }
};

STAGELAB_TEST_MAIN(TestCsvImport)
#include "tst_csv_import.moc"
