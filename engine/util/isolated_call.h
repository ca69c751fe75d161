#pragma once
/// Runs a piece of work that may never return - a library parsing a hostile file - in a forked
/// child process with a deadline and a memory limit, so that the caller gets an answer either
/// way. The child shares nothing with the caller afterwards: it only reports how it ended.

#include <cstddef>
#include <functional>

namespace stagelab {

struct IsolatedOutcome
{
    enum class Ending { Returned, TimedOut, Crashed, CouldNotStart };
    Ending ending = Ending::CouldNotStart;
    int value = 0; ///< What `work` returned (Returned), or the signal that ended it (Crashed).
    int error = 0; ///< errno of fork() or waitpid() (CouldNotStart: no answer to give).
};

/// Forks, runs `work` in the child with at most `memoryBudgetBytes` of address space beyond what
/// the process had mapped already (an allocation beyond it fails there, not in the caller; not
/// under AddressSanitizer, whose shadow memory an address-space limit would break - fuzzers set
/// their own), and waits at most `deadlineS` seconds;
/// a child still running then is killed. `work`'s return value is reported modulo 256. The
/// child never returns into the caller's code: it leaves with _exit, so no destructor, atexit
/// handler or stdio buffer of the caller runs twice; and the caller's crash handlers are reset
/// there, so a crash is reported as one, not handled as the caller's own.
IsolatedOutcome runIsolated(const std::function<int()>& work, double deadlineS,
                            size_t memoryBudgetBytes);

} // namespace stagelab
