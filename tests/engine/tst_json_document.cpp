// The limits every JSON file Stagelab reads is held to (util/json_document): depth, a key twice,
// numbers beyond a double, malformed text with its position. Each was a crash or a silent
// misreading found by fuzzing (issue 11); the regression tests are named after what was found.

#include "common/test_main.h"
#include "util/json_document.h"

#include <QTest>

using namespace stagelab;

namespace {
/// The message of the JsonSyntaxError `text` raises, or "" if it parses.
QString refusal(const std::string& text)
{
    try {
        parseJsonDocument(text);
    } catch (const JsonSyntaxError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}
} // namespace

class TestJsonDocument : public QObject
{
    Q_OBJECT

private slots:
    void ordinaryDocumentsParse()
    {
        const nlohmann::json document =
            parseJsonDocument(R"({"a": [1, {"b": 2.5, "c": "x"}], "d": {"e": null}})");
        QCOMPARE(document["a"][1]["b"].get<double>(), 2.5);
    }

    void crash65000NestedBrackets()
    {
        // Once: a stack overflow when the parsed document was serialised or destroyed.
        const QString message = refusal(std::string(65000, '[') + std::string(65000, ']'));
        QVERIFY2(message.contains("nesting deeper than 64 levels"), qPrintable(message));
        QVERIFY(refusal(std::string(65000, '[')).contains("nesting deeper")); // unclosed too
    }

    void depthLimitIsExact()
    {
        auto nested = [](int levels) {
            return std::string(size_t(levels), '[') + std::string(size_t(levels), ']');
        };
        QCOMPARE(refusal(nested(maximumJsonDepth)), QString());
        QVERIFY(refusal(nested(maximumJsonDepth + 1)).contains("nesting deeper"));
    }

    void duplicateKeyIsRefusedWithItsPlace()
    {
        // Once: accepted, the last one winning - two "id"s, one silently ignored.
        QCOMPARE(refusal(R"({"id": "a", "id": "b"})"),
                 QStringLiteral("at /id: key 'id' appears twice in one object"));
        QCOMPARE(refusal(R"({"blocks": [{"id": 1}, {"id": 2, "kind": 1, "id": 3}]})"),
                 QStringLiteral("at /blocks/1/id: key 'id' appears twice in one object"));
        // The same key in different objects is fine.
        QCOMPARE(refusal(R"({"a": {"id": 1}, "b": {"id": 2}})"), QString());
    }

    void duplicatesAreFoundInDroppedPartsToo()
    {
        // A session reader drops the header's plan: its content is still checked.
        const JsonKeep dropPlan = [](int depth, nlohmann::json::parse_event_t event,
                                     nlohmann::json& parsed) {
            return !(depth == 1 && event == nlohmann::json::parse_event_t::key && parsed == "plan");
        };
        const nlohmann::json kept = parseJsonDocument(R"({"plan": {"x": 1}, "y": 2})", dropPlan);
        QVERIFY(!kept.contains("plan"));
        QCOMPARE(kept["y"].get<int>(), 2);
        QVERIFY_THROWS_EXCEPTION(
            JsonSyntaxError, parseJsonDocument(R"({"plan": {"x": 1, "x": 2}, "y": 2})", dropPlan));
    }

    void numberBeyondADouble()
    {
        // Once: nlohmann's out_of_range escaped the loaders, which caught only syntax errors.
        const QString message = refusal(R"({"levelLufs": 1e400})");
        QVERIFY2(message.contains("the number 1e400 is beyond the range of a double"),
                 qPrintable(message));
    }

    void malformedTextHasItsPosition()
    {
        try {
            parseJsonDocument("{\n  \"id\": \"x\",\n  oops\n}");
            QFAIL("malformed text parsed");
        } catch (const JsonSyntaxError& error) {
            QCOMPARE(error.line(), 3);
            QCOMPARE(error.column(), 3);
        }
    }

    void largeDocumentsReadExactlyAsOrdinaryOnes_data()
    {
        QTest::addColumn<QByteArray>("text"); // bytes: a QString would mend bad UTF-8
        QTest::newRow("kinds of number") << QByteArray(
            R"({"u": 5, "i": -5, "f": 5.0, "e": 1e2, "big": 18446744073709551615, "neg": -9223372036854775808, "tiny": 4.9e-324})");
        // Not a raw string: moc misreads \" inside one (and then finds no class in this file).
        QTest::newRow("strings and escapes") << QByteArray(
            "{\"s\": \"caf\\u00e9 \\\"q\\\" \\n \\ud83c\\udfb5\", \"utf8\": \"\xce\xa9mega\", "
            "\"empty\": \"\"}");
        QTest::newRow("nesting, arrays, null, booleans")
            << QByteArray(R"({"a": [1, [2, [3, {"b": null}]], true, false], "o": {}, "l": []})");
        QTest::newRow("dropped members") << QByteArray(
            R"({"plan": [{"x": 1}], "experiment": {"id": "e", "copy": {"big": [1, 2]}}, "hrtf": {"copy": 1}, "keep": {"plan": 2}})");
        QTest::newRow("a key twice (refused with its place)")
            << QByteArray(R"({"a": {"id": 1, "id": 2}})");
        QTest::newRow("a key twice in a dropped part")
            << QByteArray(R"({"plan": {"x": 1, "x": 2}})");
        // Objects with the keys of the one before are known to hold no key twice: the ones
        // that differ from it, in order or by a key, are checked again.
        QTest::newRow("a plan of alike trials") << QByteArray(
            R"({"plan": [{"a": 1, "b": {"c": 1}}, {"a": 2, "b": {"c": 2}}, {"b": 3, "a": 3}]})");
        QTest::newRow("a key twice after an alike trial")
            << QByteArray(R"({"plan": [{"a": 1, "b": 1}, {"a": 2, "b": 2}, {"a": 3, "a": 3}]})");
        QTest::newRow("a key twice after a prefix of it") << QByteArray(
            R"({"k": [{"a": 1}, {"a": 2, "a": 3}], "m": [{"a": 1, "b": 2}, {"a": 1}]})");
        QTest::newRow("a number beyond a double") << QByteArray(R"({"levelLufs": 1e400})");
        QTest::newRow("an integer beyond 64 bits")
            << QByteArray(R"({"n": 123456789012345678901234567890})");
        QTest::newRow("malformed") << QByteArray("{\"id\": \"x\",\n oops}");
        QTest::newRow("not UTF-8") << QByteArray("{\"id\": \"\xff\"}");
        QTest::newRow("a scalar") << QByteArray("42");
        QByteArray deep;
        for (int i = 0; i < maximumJsonDepth; ++i)
            deep += "[";
        for (int i = 0; i < maximumJsonDepth; ++i)
            deep += "]";
        QTest::newRow("too deep by one") << QByteArray("[") + deep + "]";
        QTest::newRow("as deep as allowed") << deep;
    }

    void largeDocumentsReadExactlyAsOrdinaryOnes()
    {
        // parseLargeJsonDocument (simdjson, for session headers) must give parseJsonDocument's
        // document - to the kind of each number, which dump() shows - or its very error.
        QFETCH(QByteArray, text);
        const std::string json = text.toStdString();
        const JsonDrop drop = [](int depth, std::string_view key) {
            return (depth == 1 && key == "plan") || (depth == 2 && key == "copy");
        };
        const JsonKeep keep = [&drop](int depth, nlohmann::json::parse_event_t event,
                                      nlohmann::json& parsed) {
            return event != nlohmann::json::parse_event_t::key ||
                   !drop(depth, parsed.get<std::string>());
        };
        QString expectedError, error;
        nlohmann::json expected, document;
        try {
            expected = parseJsonDocument(json, keep);
        } catch (const JsonSyntaxError& e) {
            expectedError = e.what();
        }
        try {
            document = parseLargeJsonDocument(json, drop);
        } catch (const JsonSyntaxError& e) {
            error = e.what();
        }
        QCOMPARE(error, expectedError);
        QCOMPARE(QString::fromStdString(document.dump()), QString::fromStdString(expected.dump()));
        QVERIFY(document == expected);
    }
};

STAGELAB_TEST_MAIN(TestJsonDocument)
#include "tst_json_document.moc"
