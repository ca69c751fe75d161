// What Stagelab does with the numbers of a SOFA set libmysofa has read: the convention and
// structure checks, the limits (sofa_limits.h), Data.Delay folded into the IRs, directions and
// their rings, and the interpolation between measurements. The fuzz input overwrites the values of
// a small real set (the seed set, read once; every array restored before each input) as floats -
// sampling rate, delays, receiver and source positions, then the IRs - so NaN, infinities and
// absurd sizes reach that code at thousands of inputs a second. fuzz_sofa covers the file format
// itself (through libmysofa, slowly: it reads each file twice, once in a child process).
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
std::vector<std::vector<float>> g_original;         // every array below, as read
std::vector<std::vector<std::string>> g_attributes; // and their attributes' values

/// Every array of the set; the first five are the ones the input overwrites.
std::vector<MYSOFA_ARRAY*> arrays()
{
    return {&g_set->DataSamplingRate, &g_set->DataDelay,  &g_set->ReceiverPosition,
            &g_set->SourcePosition,   &g_set->DataIR,     &g_set->ListenerPosition,
            &g_set->EmitterPosition,  &g_set->ListenerUp, &g_set->ListenerView};
}
constexpr size_t fuzzedArrays = 5;
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
    // fromSofa converts the positions to spherical coordinates in place, and the attributes
    // that say so ("Type", "Units"): both are restored before every input, so that each starts
    // from the set as read (a finding replays on its own).
    for (MYSOFA_ARRAY* array : arrays()) {
        g_original.emplace_back(array->values, array->values + array->elements);
        g_attributes.emplace_back();
        for (MYSOFA_ATTRIBUTE* a = array->attributes; a; a = a->next)
            g_attributes.back().push_back(a->value ? a->value : "");
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The set as read, then the input's floats over its values, array after array.
    const std::vector<MYSOFA_ARRAY*> all = arrays();
    size_t offset = 0;
    for (size_t a = 0; a < all.size(); ++a) {
        MYSOFA_ARRAY& array = *all[a];
        std::memcpy(array.values, g_original[a].data(), g_original[a].size() * sizeof(float));
        size_t k = 0;
        for (MYSOFA_ATTRIBUTE* attribute = array.attributes; attribute; attribute = attribute->next)
            if (const std::string& value = g_attributes[a][k++];
                !attribute->value || value != attribute->value) {
                std::free(attribute->value); // libmysofa's own strings: malloc'd
                attribute->value = strdup(value.c_str());
            }
        if (a >= fuzzedArrays) continue;
        const size_t floats = std::min<size_t>(array.elements, (size - offset) / sizeof(float));
        std::memcpy(array.values, data + offset, floats * sizeof(float));
        offset += floats * sizeof(float);
    }
    // At the file's rate (0): resampling is libsamplerate's work, ~20 ms per accepted input under
    // the sanitizers; fuzz_sofa and the tests cover it.
    return fuzzOne(data, size, [](const std::string&) {
        const auto set = stagelab::HrtfSet::fromSofa(*g_set, g_path, "fuzz", 0.0);
        // An accepted set is interpolated: its measurements' spectra (made once, on first use)
        // blended between neighbours, made minimum phase and placed at the blended onset.
        const stagelab::Direction first = set->measurementDirection(0);
        for (int ear = 0; ear < 2; ++ear)
            (void)set->interpolatedImpulseResponse(
                {first.azimuthDeg + 0.5, first.elevationDeg + 0.5}, ear);
    });
}
