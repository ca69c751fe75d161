#pragma once
/// A suite that cannot run in full for want of something outside it (the test PulseAudio
/// server, Chromium, ../shared) reports *skipped* to ctest, not passed: its tests skip with
/// STAGELAB_SKIP, and the main below then exits with ctest's SKIP_RETURN_CODE (set for every
/// suite in tests/CMakeLists.txt) unless a test failed.

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTest>

namespace stagelab::test {

/// The exit code ctest reads as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
inline constexpr int skipReturnCode = 77;

/// Notes that a test is skipped because something it needs is missing.
void noteSkip();

/// The suite's exit code: QTest's result, or skipReturnCode if it passed with a test skipped.
int suiteResult(int qtestResult);

/// True when the test PulseAudio server with its null sink runs (scripts/test.sh starts it).
bool haveTestAudioServer();

} // namespace stagelab::test

/// QSKIP that also makes the suite report "skipped" to ctest.
#define STAGELAB_SKIP(reason)                                                                      \
    do {                                                                                           \
        ::stagelab::test::noteSkip();                                                              \
        QSKIP(reason);                                                                             \
    } while (false)

/// A main() like QTest's, with `Application` as the application object.
#define STAGELAB_TEST_MAIN_WITH(Application, TestObject)                                           \
    int main(int argc, char* argv[])                                                               \
    {                                                                                              \
        Application app(argc, argv);                                                               \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                   \
        TestObject test;                                                                           \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return ::stagelab::test::suiteResult(QTest::qExec(&test, argc, argv));                     \
    }

/// QTEST_GUILESS_MAIN, reporting skipped suites to ctest.
#define STAGELAB_TEST_MAIN(TestObject) STAGELAB_TEST_MAIN_WITH(QCoreApplication, TestObject)

/// QTEST_MAIN for suites with windows (QGuiApplication), reporting skipped suites to ctest.
#define STAGELAB_GUI_TEST_MAIN(TestObject) STAGELAB_TEST_MAIN_WITH(QGuiApplication, TestObject)
