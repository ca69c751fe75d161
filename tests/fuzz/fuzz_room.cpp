// Room files (stagelab.room/1): the JSON reader, the room's own checks, then what room-info
// computes from an accepted room (its acoustics, image sources, direct-to-reverberant ratios).
#include "fuzz_target.h"
#include "spatial/room.h"
#include "util/json_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size, [](const std::string& text) {
        const nlohmann::json document = stagelab::parseJsonDocument(text);
        const stagelab::RoomSpec room = stagelab::roomFromJson(document, "fuzz.json");
        (void)stagelab::describeRoom(room, {0.5, 2.0}, 1.4);
    });
}
