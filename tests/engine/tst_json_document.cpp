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
};

STAGELAB_TEST_MAIN(TestJsonDocument)
#include "tst_json_document.moc"
