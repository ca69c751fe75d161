#include "util/sha256.h"

#include "util/error.h"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace stagelab {

std::string sha256OfFile(const std::string& path)
{
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        throw Error("cannot read '" + path + "': " + std::strerror(errno));
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw Error("cannot initialise SHA-256 (OpenSSL)");
    std::array<unsigned char, 1 << 16> chunk{};
    size_t count = 0;
    while ((count = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0)
        EVP_DigestUpdate(context.get(), chunk.data(), count);
    if (std::ferror(file.get()))
        throw Error("error while reading '" + path + "'");
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digestLength = 0;
    EVP_DigestFinal_ex(context.get(), digest.data(), &digestLength);
    static constexpr char hexDigits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < digestLength; ++i) {
        hex += hexDigits[digest[i] >> 4];
        hex += hexDigits[digest[i] & 0xF];
    }
    return hex;
}

} // namespace stagelab
