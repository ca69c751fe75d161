// AutoEq / EqualizerAPO files (ParametricEQ, FixedBandEQ, GraphicEQ).
#include "devices/autoeq.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size,
                   [](const std::string& text) { (void)stagelab::parseAutoEq(text, "fuzz.txt"); });
}
