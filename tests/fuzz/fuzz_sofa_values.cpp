// What Stagelab does with the numbers of a SOFA set libmysofa has read: the convention and
// structure checks, the limits (sofa_limits.h), ear order, Data.Delay folded into the IRs,
// resampling to 48 kHz, directions and their rings. The fuzz input overwrites the values of a
// small real set (the seed set, read afresh for each input) as floats - sampling rate, delays,
// receiver and source positions, then the IRs - so NaN, infinities and absurd sizes reach that code
// at thousands of inputs a second. fuzz_sofa covers the file format itself (through libmysofa,
// slowly: it reads each file twice, once in a child process).
#include "fuzz_target.h"
#include "spatial/hrtf_set.h"

#include <mysofa.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace {
std::string g_path;

std::vector<MYSOFA_ARRAY*> arrays(MYSOFA_HRTF& set)
{
    return {&set.DataSamplingRate, &set.DataDelay, &set.ReceiverPosition, &set.SourcePosition,
            &set.DataIR};
}

using Sofa = std::unique_ptr<MYSOFA_HRTF, void (*)(MYSOFA_HRTF*)>;
Sofa readSet()
{
    int status = MYSOFA_OK;
    return Sofa(mysofa_load(g_path.c_str(), &status), &mysofa_free);
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const char* path = std::getenv("STAGELAB_FUZZ_SOFA");
    if (path) g_path = path;
    if (!path || !readSet()) {
        std::fprintf(stderr, "fuzz_sofa_values: STAGELAB_FUZZ_SOFA must name a readable SOFA "
                             "set (scripts/fuzz.sh sets it)\n");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The set read afresh (fromSofa changes it: an input must not depend on the ones before),
    // then the input's floats over its values, array after array.
    Sofa set = readSet();
    size_t offset = 0;
    for (MYSOFA_ARRAY* array : arrays(*set)) {
        const size_t floats = std::min<size_t>(array->elements, (size - offset) / sizeof(float));
        std::memcpy(array->values, data + offset, floats * sizeof(float));
        offset += floats * sizeof(float);
    }
    return fuzzOne(data, size, [&](const std::string&) {
        (void)stagelab::HrtfSet::fromSofa(*set, g_path, "fuzz", 48000.0);
    });
}
