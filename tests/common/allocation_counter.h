#pragma once
/// Counts every malloc-family call (malloc, calloc, realloc, free) made on the audio callback
/// thread, or on a thread that asked to be counted. Linking this object replaces the C
/// library's entry points with counting ones (they forward to glibc's own).

namespace stagelab::test {

/// Calls counted so far.
long countedAllocations() noexcept;
/// Count (or stop counting) the calling thread's calls as well, e.g. around a renderBlock()
/// made where the audio thread would make it.
void countOnThisThread(bool counting) noexcept;

} // namespace stagelab::test
