#include "fuzz_target.h"

#include <fstream>
#include <unistd.h>

std::string scratchFile(const std::string& text, const char* extension)
{
    static const std::string path =
        "/dev/shm/stagelab-fuzz-" + std::to_string(::getpid()) + extension;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
}
