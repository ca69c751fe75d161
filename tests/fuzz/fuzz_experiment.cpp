// Experiment files (stagelab.experiment/1) through the loader every command uses.
#include "experiment/experiment.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size, [](const std::string& text) {
        // The loader reports problems as a list, never by throwing: a throw is a finding.
        (void)stagelab::loadExperimentFromString(text, "/nonexistent-fuzz-folder");
    });
}
