#include "experiment/digest.h"

#include "util/error.h"

#include <openssl/evp.h>

namespace stagelab {

std::array<uint8_t, 32> sha256Digest(std::string_view text)
{
    std::array<uint8_t, 32> digest{};
    unsigned int length = 0;
    // EVP_Digest is the one-shot form: no context to leak on the error path.
    if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size())
        throw Error("cannot compute SHA-256 (OpenSSL)");
    return digest;
}

std::string sha256Hex(std::string_view text)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(64);
    for (uint8_t byte : sha256Digest(text)) {
        hex += hexDigits[byte >> 4];
        hex += hexDigits[byte & 0xF];
    }
    return hex;
}

} // namespace stagelab
