#include "audio/audio_thread_priority.h"

#include <pthread.h>
#include <sched.h>

#include <cstring>

namespace stagelab {

int takeRealTimeScheduling() noexcept
{
    int policy = SCHED_OTHER;
    sched_param current{};
    if (pthread_getschedparam(pthread_self(), &policy, &current) == 0 &&
        (policy == SCHED_FIFO || policy == SCHED_RR) && current.sched_priority > 0)
        return current.sched_priority; // the audio API's own (JACK's) stays
    sched_param wanted{};
    wanted.sched_priority = audioThreadPriority;
    const int error = pthread_setschedparam(pthread_self(), SCHED_FIFO, &wanted);
    return error == 0 ? audioThreadPriority : -error;
}

std::string describeAudioThreadScheduling(int outcome)
{
    if (outcome > 0)
        return "real-time (SCHED_FIFO or SCHED_RR, priority " + std::to_string(outcome) + ")";
    if (outcome < 0)
        return std::string("ordinary priority (real-time refused: ") + std::strerror(-outcome) +
               "; other programs can interrupt a block - allow real-time priority, e.g. by adding "
               "the user to the 'audio' group with an rtprio limit in "
               "/etc/security/limits.d/)";
    return "not yet known (no callback yet)";
}

} // namespace stagelab
