#include "common/allocation_counter.h"

#include "audio/audio_output.h"

#include <atomic>
#include <cstddef>

extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
extern "C" void __libc_free(void*);

namespace {
thread_local bool t_countHere = false;
std::atomic<long> g_allocations{0};

bool counting() noexcept
{
    return t_countHere || stagelab::isAudioCallbackThread();
}
} // namespace

extern "C" void* malloc(size_t size)
{
    if (counting()) ++g_allocations;
    return __libc_malloc(size);
}
extern "C" void* calloc(size_t count, size_t size)
{
    if (counting()) ++g_allocations;
    return __libc_calloc(count, size);
}
extern "C" void* realloc(void* pointer, size_t size)
{
    if (counting()) ++g_allocations;
    return __libc_realloc(pointer, size);
}
extern "C" void free(void* pointer)
{
    if (pointer && counting()) ++g_allocations;
    __libc_free(pointer);
}

namespace stagelab::test {

long countedAllocations() noexcept
{
    return g_allocations.load();
}

void countOnThisThread(bool on) noexcept
{
    t_countHere = on;
}

} // namespace stagelab::test
