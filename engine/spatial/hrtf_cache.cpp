#include "spatial/hrtf_cache.h"

#include "spatial/hrtf_set.h"
#include "spatial/sofa_limits.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace stagelab {

namespace {

// The format's name and version; a cache written by another version is ignored and rewritten.
// Bump it whenever what a set is made of changes (how IRs are resampled, delays folded in,
// directions snapped): a cache holds the result, not the recipe.
constexpr std::string_view magic = "stagelab.hrtf-cache/1\n";
constexpr size_t checksumBytes = 32;
// Limits a payload is held to before anything is allocated from its sizes: those of a SOFA file
// Stagelab reads (sofa_limits.h), and generous bounds on the text it carries.
constexpr uint32_t maximumTextBytes = 1u << 20;
constexpr uint32_t maximumAttributes = 4096;

template <typename T> void put(std::string& out, T value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void putText(std::string& out, const std::string& text)
{
    put(out, uint32_t(text.size()));
    out += text;
}

/// Reads a payload front to back; every read is bounds-checked and names what was being read.
class PayloadReader
{
public:
    explicit PayloadReader(std::string_view bytes) : m_bytes(bytes) {}

    template <typename T> T get(const char* what)
    {
        T value;
        std::memcpy(&value, take(sizeof value, what), sizeof value);
        return value;
    }
    std::string text(const char* what)
    {
        const auto length = get<uint32_t>(what);
        if (length > maximumTextBytes) fail(what, "is longer than 1 MiB");
        return std::string(take(length, what), length);
    }
    double finite(const char* what)
    {
        const auto value = get<double>(what);
        if (!std::isfinite(value)) fail(what, "is not a finite number");
        return value;
    }
    const char* take(size_t count, const char* what)
    {
        if (count > m_bytes.size() - m_position) fail(what, "runs past the end");
        const char* start = m_bytes.data() + m_position;
        m_position += count;
        return start;
    }
    bool atEnd() const { return m_position == m_bytes.size(); }
    [[noreturn]] static void fail(const char* what, const char* reason)
    {
        throw Error(std::string(what) + " " + reason);
    }

private:
    std::string_view m_bytes;
    size_t m_position = 0;
};

} // namespace

/// Reads and writes HrtfSet's members (a friend of HrtfSet).
struct HrtfCacheCodec
{
    static std::string encode(const HrtfSet& set, double requestedRateHz)
    {
        const HrtfInfo& info = set.m_info;
        std::string out(magic);
        out.reserve(out.size() + set.m_impulseResponses.size() * sizeof(float) + 4096);
        putText(out, info.sha256);
        put(out, requestedRateHz);
        put(out, set.m_sampleRateHz);
        put(out, info.sampleRateHz);
        put(out, set.m_measurementDistanceM);
        put(out, uint32_t(info.measurements));
        put(out, uint32_t(info.irLength));
        put(out, uint32_t(set.m_irLength));
        put(out, uint32_t(info.attributes.size()));
        for (const auto& [name, value] : info.attributes) {
            putText(out, name);
            putText(out, value);
        }
        put(out, uint32_t(set.m_directions.size()));
        for (const Direction& direction : set.m_directions) {
            put(out, direction.azimuthDeg);
            put(out, direction.elevationDeg);
        }
        out.append(reinterpret_cast<const char*>(set.m_impulseResponses.data()),
                   set.m_impulseResponses.size() * sizeof(float));
        const auto digest = sha256Digest(out);
        out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
        return out;
    }

    static std::shared_ptr<const HrtfSet> markRead(std::shared_ptr<const HrtfSet> set,
                                                   const std::string& cachePath)
    {
        // Still the only owner: decode made it a moment ago.
        std::const_pointer_cast<HrtfSet>(set)->m_cacheFile = cachePath;
        return set;
    }

    static std::shared_ptr<const HrtfSet> decode(std::string_view payload, const std::string& path,
                                                 const std::string& sha256, double requestedRateHz)
    {
        PayloadReader in(payload);
        auto set = std::shared_ptr<HrtfSet>(new HrtfSet());
        HrtfInfo& info = set->m_info;
        info.file = std::filesystem::absolute(path).string();
        info.sha256 = in.text("the SOFA file's SHA-256");
        if (info.sha256 != sha256) in.fail("the SOFA file's SHA-256", "is another file's");
        if (in.get<double>("the requested rate") != requestedRateHz)
            in.fail("the requested rate", "is another rate");
        set->m_sampleRateHz = in.finite("the sample rate");
        info.sampleRateHz = in.finite("the file's sample rate");
        set->m_measurementDistanceM = in.finite("the measurement distance");
        info.measurements = int(in.get<uint32_t>("the measurement count"));
        info.irLength = int(in.get<uint32_t>("the file's IR length"));
        const auto irLength = in.get<uint32_t>("the IR length");
        const auto attributes = in.get<uint32_t>("the attribute count");
        if (attributes > maximumAttributes) in.fail("the attribute count", "is too large");
        for (uint32_t a = 0; a < attributes; ++a) {
            std::string name = in.text("an attribute's name");
            info.attributes[std::move(name)] = in.text("an attribute's value");
        }
        // The name as fromSofa gives it: a stem-derived one belongs to this path, not the bytes.
        for (const char* attribute : {"Title", "DatabaseName"}) {
            const auto found = info.attributes.find(attribute);
            if (info.name.empty() && found != info.attributes.end()) info.name = found->second;
        }
        if (info.name.empty()) info.name = std::filesystem::path(path).stem().string();
        const auto directions = in.get<uint32_t>("the direction count");
        if (directions == 0 || directions > maximumHrtfMeasurements ||
            int(directions) != info.measurements)
            in.fail("the direction count", "does not match the measurements");
        if (irLength == 0 || irLength > maximumHrtfLength * 64u)
            in.fail("the IR length", "is out of range");
        if (!(set->m_sampleRateHz > 0.0 && info.sampleRateHz > 0.0 &&
              set->m_measurementDistanceM > 0.0))
            in.fail("a rate or the distance", "is not positive");
        if (requestedRateHz > 0.0 ? set->m_sampleRateHz != requestedRateHz
                                  : set->m_sampleRateHz != info.sampleRateHz)
            in.fail("the sample rate", "is not the rate asked for");
        set->m_irLength = int(irLength);
        set->m_directions.resize(directions);
        for (Direction& direction : set->m_directions) {
            direction.azimuthDeg = in.finite("a direction's azimuth");
            direction.elevationDeg = in.finite("a direction's elevation");
            if (direction.azimuthDeg < 0.0 || direction.azimuthDeg >= 360.0 ||
                std::abs(direction.elevationDeg) > 90.0)
                in.fail("a direction", "is out of range");
        }
        const size_t samples = size_t(directions) * 2 * irLength;
        const char* data = in.take(samples * sizeof(float), "the impulse responses");
        if (!in.atEnd()) in.fail("the payload", "goes on after the impulse responses");
        set->m_impulseResponses.resize(samples);
        std::memcpy(set->m_impulseResponses.data(), data, samples * sizeof(float));
        for (float sample : set->m_impulseResponses)
            if (!std::isfinite(sample)) in.fail("an impulse response", "holds a non-finite value");
        set->prepareInterpolation();
        return set;
    }
};

std::string hrtfCacheFolder()
{
    if (const char* own = std::getenv("STAGELAB_CACHE_DIR"); own && *own)
        return std::string_view(own) == "off" ? std::string() : std::string(own);
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/stagelab/hrtf";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/stagelab/hrtf";
    return {};
}

std::string hrtfCachePath(const std::string& folder, const std::string& sha256, double sampleRateHz)
{
    char rate[64];
    if (sampleRateHz > 0.0)
        std::snprintf(rate, sizeof rate, "%.17gHz", sampleRateHz);
    else
        std::snprintf(rate, sizeof rate, "native");
    return folder + "/" + sha256 + "-" + rate + ".hrtfcache";
}

std::shared_ptr<const HrtfSet> readHrtfCache(const std::string& cachePath, const std::string& path,
                                             const std::string& sha256, double sampleRateHz)
{
    std::error_code error;
    if (cachePath.empty() || !std::filesystem::is_regular_file(cachePath, error)) return nullptr;
    try {
        // 1 GiB: far above any real set (MIT KEMAR at 96 kHz: 6 MB); a larger file is junk.
        const std::string bytes = readTextFile(cachePath, size_t(1) << 30, "HRTF cache file");
        return HrtfCacheCodec::markRead(decodeHrtfCache(bytes, path, sha256, sampleRateHz),
                                        cachePath);
    } catch (const std::exception&) { // Error, or out of memory for a junk file's sizes
        return nullptr;
    }
}

void writeHrtfCache(const std::string& cachePath, const HrtfSet& set, double sampleRateHz)
{
    try {
        ensureWritableFolder(std::filesystem::path(cachePath).parent_path().string());
        writeFileAtomically(cachePath, encodeHrtfCache(set, sampleRateHz));
    } catch (const std::exception&) {
    }
}

std::string encodeHrtfCache(const HrtfSet& set, double requestedRateHz)
{
    return HrtfCacheCodec::encode(set, requestedRateHz);
}

std::shared_ptr<const HrtfSet> decodeHrtfCache(std::string_view bytes, const std::string& path,
                                               const std::string& sha256, double requestedRateHz)
{
    if (bytes.size() < magic.size() + checksumBytes || bytes.substr(0, magic.size()) != magic)
        throw Error("not a cache file of this version");
    const std::string_view covered = bytes.substr(0, bytes.size() - checksumBytes);
    const auto digest = sha256Digest(covered);
    if (std::memcmp(digest.data(), bytes.data() + covered.size(), checksumBytes) != 0)
        throw Error("its checksum does not match (torn or damaged)");
    return decodeHrtfCachePayload(covered.substr(magic.size()), path, sha256, requestedRateHz);
}

std::shared_ptr<const HrtfSet> decodeHrtfCachePayload(std::string_view payload,
                                                      const std::string& path,
                                                      const std::string& sha256,
                                                      double requestedRateHz)
{
    return HrtfCacheCodec::decode(payload, path, sha256, requestedRateHz);
}

} // namespace stagelab
