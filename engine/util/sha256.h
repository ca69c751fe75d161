#pragma once
/// SHA-256 (OpenSSL EVP) of files, for provenance (which HRTF or stimulus a result was made
/// with), and of text, for content hashes and seed derivation.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stagelab {

/// Lower-case hex SHA-256 of the file's bytes; throws Error naming the file if it cannot be read.
std::string sha256OfFile(const std::string& path);

/// The 32-byte SHA-256 digest of `text`.
std::array<uint8_t, 32> sha256Digest(std::string_view text);

/// Lower-case hex SHA-256 of `text`.
std::string sha256Hex(std::string_view text);

} // namespace stagelab
