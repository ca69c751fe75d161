// Session files (stagelab.session/1): the header and the trial lines, read leniently (analysis)
// and strictly (resume).
#include "fuzz_target.h"
#include "results/session_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size, [](const std::string& text) {
        const std::string path = scratchFile(text, ".jsonl");
        try {
            (void)stagelab::readSessionFile(path, false);
        } catch (const stagelab::Error&) {
        }
        (void)stagelab::readSessionFile(path, true);
    });
}
