// Device profiles (stagelab.device/1): the JSON reader, then the profile's own checks.
#include "devices/device_profile.h"
#include "fuzz_target.h"
#include "util/json_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size, [](const std::string& text) {
        const nlohmann::json document = stagelab::parseJsonDocument(text);
        (void)stagelab::deviceProfileFromJson(document, "fuzz.json", "/nonexistent-fuzz-folder");
    });
}
