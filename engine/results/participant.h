#pragma once
/// Participant ids: pseudonyms that name a folder, so they are checked, never trusted.

#include <string>

namespace stagelab {

/// Returns `id` if it is 1-64 characters of [A-Za-z0-9._-] not starting with '.' (so "..",
/// "../x", "a/b" and hidden names are impossible); throws Error explaining the rule otherwise.
std::string checkedParticipantId(const std::string& id);

/// The number used for counterbalancing: the trailing digits of the id ("p07" -> 7), else a
/// stable hash of the id.
int participantNumber(const std::string& id);

} // namespace stagelab
