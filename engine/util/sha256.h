#pragma once
/// SHA-256 of files, for provenance (which HRTF or stimulus a result was made with).

#include <string>

namespace stagelab {

/// Lower-case hex SHA-256 of the file's bytes; throws Error naming the file if it cannot be read.
std::string sha256OfFile(const std::string& path);

} // namespace stagelab
