#include "util/isolated_call.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

// GCC says __SANITIZE_ADDRESS__; clang 14 answers __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define STAGELAB_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STAGELAB_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef STAGELAB_ADDRESS_SANITIZER
#define STAGELAB_ADDRESS_SANITIZER 0
#endif

namespace stagelab {

IsolatedOutcome runIsolated(const std::function<int()>& work, double deadlineS,
                            size_t memoryBudgetBytes)
{
    // What the process has mapped now (the child starts with all of it): /proc/self/statm's
    // first field, in pages.
    size_t mappedBytes = 0;
    if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
        unsigned long pages = 0;
        if (std::fscanf(statm, "%lu", &pages) == 1)
            mappedBytes = size_t(pages) * size_t(::sysconf(_SC_PAGESIZE));
        std::fclose(statm);
    }
    IsolatedOutcome outcome;
    const pid_t child = ::fork();
    if (child < 0) {
        outcome.error = errno;
        return outcome;
    }
    if (child == 0) {
        // A crash here is the outcome to report, not the caller's to handle: its crash handlers
        // (a test harness's, a sanitizer's) do not run in the child.
        for (const int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
            std::signal(signal, SIG_DFL);
#if !STAGELAB_ADDRESS_SANITIZER
        if (mappedBytes > 0) {
            const rlim_t bytes = mappedBytes + memoryBudgetBytes;
            const rlimit limit{bytes, bytes};
            ::setrlimit(RLIMIT_AS, &limit);
        }
#else
        (void)mappedBytes;
        (void)memoryBudgetBytes;
#endif
        int value = 1;
        try {
            value = work();
        } catch (...) {
            value = 1;
        }
        ::_exit(value & 0xFF);
    }
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration<double>(deadlineS);
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) {
            if (WIFEXITED(status)) {
                outcome.ending = IsolatedOutcome::Ending::Returned;
                outcome.value = WEXITSTATUS(status);
            } else {
                outcome.ending = IsolatedOutcome::Ending::Crashed;
                outcome.value = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
            }
            return outcome;
        }
        if (done < 0 && errno != EINTR) { // SIGCHLD ignored, or reaped elsewhere: no answer
            outcome.ending = IsolatedOutcome::Ending::CouldNotStart;
            outcome.error = errno;
            return outcome;
        }
        if (Clock::now() >= deadline) {
            ::kill(child, SIGKILL);
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            outcome.ending = IsolatedOutcome::Ending::TimedOut;
            return outcome;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

} // namespace stagelab
