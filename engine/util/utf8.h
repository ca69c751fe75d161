#pragma once
/// UTF-8 checks for text read from other programs' files (CSV, AutoEq): a file saved as
/// Latin-1 or Windows-1252 is refused with the place of its first foreign byte, rather than
/// failing later, without a place, when the text is written to JSON.

#include <optional>
#include <string>
#include <string_view>

namespace stagelab {

/// The byte offset of the first byte that does not belong to valid UTF-8 (overlong forms,
/// surrogates and code points beyond U+10FFFF are invalid), or nullopt if all of `text` is.
std::optional<size_t> firstInvalidUtf8(std::string_view text);

/// "byte B (0xE9) is not UTF-8 text (the file may be Latin-1 or Windows-1252; save it as
/// UTF-8)" for the invalid byte at `offset` of `text`; B is 1-based.
std::string invalidUtf8Reason(std::string_view text, size_t offset);

} // namespace stagelab
