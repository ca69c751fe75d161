#include "util/sha256.h"

#include "util/error.h"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace stagelab {

namespace {
std::string toHex(const unsigned char* bytes, size_t count)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * count);
    for (size_t i = 0; i < count; ++i) {
        hex += hexDigits[bytes[i] >> 4];
        hex += hexDigits[bytes[i] & 0xF];
    }
    return hex;
}
} // namespace

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
    const std::array<uint8_t, 32> digest = sha256Digest(text);
    return toHex(digest.data(), digest.size());
}

std::string sha256OfFile(const std::string& path)
{
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw Error("cannot read '" + path + "': " + std::strerror(errno));
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw Error("cannot initialise SHA-256 (OpenSSL)");
    std::array<unsigned char, 1 << 16> chunk{};
    size_t count = 0;
    while ((count = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0)
        EVP_DigestUpdate(context.get(), chunk.data(), count);
    if (std::ferror(file.get())) throw Error("error while reading '" + path + "'");
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digestLength = 0;
    EVP_DigestFinal_ex(context.get(), digest.data(), &digestLength);
    return toHex(digest.data(), digestLength);
}

} // namespace stagelab
