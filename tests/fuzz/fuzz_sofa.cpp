// SOFA HRTF sets through the engine's loader (libmysofa, then Stagelab's own checks and
// resampling to 48 kHz).
#include "fuzz_target.h"
#include "spatial/hrtf_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size, [](const std::string& text) {
        (void)stagelab::HrtfSet::load(scratchFile(text, ".sofa"), 48000.0);
    });
}
