#pragma once
/// SHA-256 of in-memory text, for content hashes and the trial-plan seed derivation.
// util/sha256.h hashes files only; this is its in-memory sibling (same OpenSSL EVP API).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stagelab {

/// The 32-byte SHA-256 digest of `text`.
std::array<uint8_t, 32> sha256Digest(std::string_view text);

/// Lower-case hex SHA-256 of `text`.
std::string sha256Hex(std::string_view text);

} // namespace stagelab
