#include "common/test_main.h"

namespace stagelab::test {

namespace {
bool g_skipped = false;
} // namespace

void noteSkip()
{
    g_skipped = true;
}

int suiteResult(int qtestResult)
{
    return qtestResult == 0 && g_skipped ? skipReturnCode : qtestResult;
}

bool haveTestAudioServer()
{
    return qEnvironmentVariableIsSet("PULSE_SERVER") &&
           qEnvironmentVariableIsSet("STAGELAB_TEST_SINK");
}

} // namespace stagelab::test
