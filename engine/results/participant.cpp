#include "results/participant.h"

#include "util/error.h"

#include <cctype>
#include <cstdint>

namespace stagelab {

std::string checkedParticipantId(const std::string& id)
{
    const std::string rule = " (use 1-64 letters, digits, '.', '_' or '-', not starting with '.'; "
                             "ids are pseudonyms and name a folder)";
    if (id.empty() || id.size() > 64)
        throw Error("participant id '" + id + "' must be 1-64 characters long" + rule);
    if (id.front() == '.')
        throw Error("participant id '" + id + "' must not start with '.'" + rule);
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            throw Error("participant id '" + id + "' contains '" + std::string(1, c) + "'" + rule);
    return id;
}

int participantNumber(const std::string& id)
{
    size_t digits = id.size();
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(id[digits - 1])))
        --digits;
    if (digits < id.size() && id.size() - digits <= 6) return std::stoi(id.substr(digits));
    // FNV-1a: stable across platforms and library versions, unlike std::hash.
    uint32_t hash = 2166136261u;
    for (char c : id)
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    return int(hash % 100000u);
}

} // namespace stagelab
