#include "util/utf8.h"

#include <cstdio>

namespace stagelab {

std::optional<size_t> firstInvalidUtf8(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t size = text.size();
    for (size_t i = 0; i < size;) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // Length of the sequence and the range its second byte must be in (RFC 3629 table),
        // which rules out overlong forms, surrogates and code points beyond U+10FFFF.
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        } else {
            return i;
        }
        if (i + length > size) return i;
        if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
        for (size_t k = 2; k < length; ++k)
            if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
        i += length;
    }
    return std::nullopt;
}

std::string invalidUtf8Reason(std::string_view text, size_t offset)
{
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X",
                  unsigned(static_cast<unsigned char>(offset < text.size() ? text[offset] : 0)));
    return "byte " + std::to_string(offset + 1) + " (" + byte + ")" +
           " is not UTF-8 text (the file may be Latin-1 or Windows-1252; save it as UTF-8)";
}

} // namespace stagelab
