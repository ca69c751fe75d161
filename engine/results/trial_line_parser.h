#pragma once
/// A fast path for reading trial lines: simdjson parses the line, and a walk over what it parsed
/// fills a TrialRecord without building a nlohmann document (which was most of the cost when
/// analysing many sessions).

#include "results/session_record.h"

namespace stagelab {

/// Parses one line. Returns true and fills `record` if it is a complete trial record; false if it
/// is valid JSON of another type (the caller reads it as a document). Throws Error with the
/// parser's message if the line is not valid JSON or a trial field is missing or mistyped.
bool parseTrialLine(const char* begin, const char* end, TrialRecord& record);

} // namespace stagelab
