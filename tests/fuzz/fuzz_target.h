#pragma once
// What every fuzz target shares: an input a loader refuses with stagelab::Error is the expected
// outcome; anything else - a crash, a sanitizer report, another exception, a hang - is a finding.

#include "util/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

/// Runs `load` on the input; a stagelab::Error is a refusal, as intended.
template <typename Load> int fuzzOne(const uint8_t* data, size_t size, Load load)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        load(text);
    } catch (const stagelab::Error& error) {
        // Refused with a message: what hostile input should get. STAGELAB_FUZZ_VERBOSE shows
        // it (to see what a seed or a corpus file is refused for).
        if (std::getenv("STAGELAB_FUZZ_VERBOSE"))
            std::fprintf(stderr, "refused: %s\n", error.what());
    }
    return 0;
}

/// A file for loaders that read only from a path: one per process, in memory (/dev/shm).
std::string scratchFile(const std::string& text, const char* extension);
