#pragma once
/// Resampled HRTF sets kept on disk, so that a set loads in milliseconds at any engine rate.
///
/// Reading a SOFA file means reading it twice (once in a child process that guards against
/// damaged files) and, at another rate than the file's, resampling every IR with libsamplerate's
/// best converter: 0.6 s for MIT KEMAR at 48 kHz. The result depends only on the file's bytes and
/// the rate, so it is kept in the user's cache folder under the file's SHA-256 and the rate, and
/// read back bit for bit. A cache file is checked whole before it is used - its own SHA-256, its
/// format, every size and value - and one that fails (torn by a crash, damaged, edited, or of
/// another version) is ignored and written again; the cache can never make a load fail.

#include <memory>
#include <string>
#include <string_view>

namespace stagelab {

class HrtfSet;

/// The folder for cached sets: $STAGELAB_CACHE_DIR if set ("off" disables the cache), else
/// $XDG_CACHE_HOME/stagelab/hrtf, else ~/.cache/stagelab/hrtf; "" when there is none.
std::string hrtfCacheFolder();

/// The cache file for a SOFA file with this SHA-256 loaded at `sampleRateHz` (0: its own rate).
std::string hrtfCachePath(const std::string& folder, const std::string& sha256,
                          double sampleRateHz);

/// The set in `cachePath` if that is a whole, valid cache of the SOFA file `path` (SHA-256
/// `sha256`) at `sampleRateHz`; else null - a cache that cannot be used only makes the load
/// slower (and is written again by it), so why is not worth a message.
std::shared_ptr<const HrtfSet> readHrtfCache(const std::string& cachePath, const std::string& path,
                                             const std::string& sha256, double sampleRateHz);

/// Keeps `set` (loaded at `sampleRateHz`) in `cachePath` for the next load: written whole or not
/// at all (writeFileAtomically). A cache folder that cannot be written is no reason to fail.
void writeHrtfCache(const std::string& cachePath, const HrtfSet& set, double sampleRateHz);

/// A set as a cache file's bytes (format, payload, SHA-256 of both).
std::string encodeHrtfCache(const HrtfSet& set, double requestedRateHz);

/// The set in a cache file's bytes, for the SOFA file `path` whose SHA-256 is `sha256`, asked for
/// at `requestedRateHz`. Throws Error saying what is wrong (checksum, format, a size or value)
/// when the bytes are not a whole, valid cache of exactly that file and rate.
std::shared_ptr<const HrtfSet> decodeHrtfCache(std::string_view bytes, const std::string& path,
                                               const std::string& sha256, double requestedRateHz);

/// decodeHrtfCache without the checksum: what lies behind it, for tests of what the decoder
/// refuses once a checksum matches (an edited file whose checksum was recomputed).
std::shared_ptr<const HrtfSet> decodeHrtfCachePayload(std::string_view payload,
                                                      const std::string& path,
                                                      const std::string& sha256,
                                                      double requestedRateHz);

} // namespace stagelab
