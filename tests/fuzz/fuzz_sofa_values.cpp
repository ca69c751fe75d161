// What Stagelab does with the numbers of a SOFA set libmysofa has read: the convention and
// structure checks, the limits (sofa_limits.h), ear order, Data.Delay folded into the IRs,
// resampling to 48 kHz, directions and their rings. The fuzz input overwrites the values of a
// small real set (the seed set, read once) as floats - sampling rate, delays, receiver and
// source positions, then the IRs - so NaN, infinities and absurd sizes reach that code at
// thousands of inputs a second. fuzz_sofa covers the file format itself (through libmysofa,
// slowly: it reads each file twice, once in a child process).
#include "fuzz_target.h"
#include "spatial/hrtf_set.h"

#include <mysofa.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {
MYSOFA_HRTF* g_set = nullptr;
std::string g_path;
std::vector<std::vector<float>> g_original; // the arrays below, as read

std::vector<MYSOFA_ARRAY*> arrays()
{
    return {&g_set->DataSamplingRate, &g_set->DataDelay, &g_set->ReceiverPosition,
            &g_set->SourcePosition, &g_set->DataIR};
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const char* path = std::getenv("STAGELAB_FUZZ_SOFA");
    int status = MYSOFA_OK;
    if (path) g_set = mysofa_load(path, &status);
    if (!g_set) {
        std::fprintf(stderr, "fuzz_sofa_values: STAGELAB_FUZZ_SOFA must name a readable SOFA "
                             "set (scripts/fuzz.sh sets it)\n");
        std::exit(2);
    }
    g_path = path;
    for (MYSOFA_ARRAY* array : arrays())
        g_original.emplace_back(array->values, array->values + array->elements);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The set as read, then the input's floats over its values, array after array.
    size_t offset = 0;
    const std::vector<MYSOFA_ARRAY*> targets = arrays();
    for (size_t a = 0; a < targets.size(); ++a) {
        MYSOFA_ARRAY& array = *targets[a];
        std::memcpy(array.values, g_original[a].data(), g_original[a].size() * sizeof(float));
        const size_t floats = std::min<size_t>(array.elements, (size - offset) / sizeof(float));
        std::memcpy(array.values, data + offset, floats * sizeof(float));
        offset += floats * sizeof(float);
    }
    return fuzzOne(data, size, [](const std::string&) {
        (void)stagelab::HrtfSet::fromSofa(*g_set, g_path, "fuzz", 48000.0);
    });
}
