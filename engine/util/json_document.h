#pragma once
/// Reading a JSON file's text into a document, with the limits every Stagelab file is held to:
/// the nlohmann parser accepts a key twice in one object (the last one wins, silently), any
/// depth of nesting (a deep document then overflows the stack when it is destroyed or written)
/// and refuses numbers beyond a double with an exception of its own. Here each is a
/// JsonSyntaxError saying where and why.

#include "util/error.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace stagelab {

/// How deep objects and arrays may nest. Stagelab's own files need 6; 64 leaves room for any
/// hand-written extension and is far below what overflows a thread's stack (~65,000).
inline constexpr int maximumJsonDepth = 64;

/// A text that is not a JSON document Stagelab accepts. what() is the reason with its place
/// ("at line 3, column 7: ..." or "at /blocks/0: key 'id' appears twice").
class JsonSyntaxError : public Error
{
public:
    JsonSyntaxError(std::string reason, int line, int column, std::string jsonPath);
    /// Where: 1-based line and column for malformed text, 0 when the text parses but breaks a
    /// limit (then jsonPath says where).
    int line() const noexcept { return m_line; }
    int column() const noexcept { return m_column; }
    const std::string& jsonPath() const noexcept { return m_jsonPath; }
    /// The reason without its place.
    const std::string& reason() const noexcept { return m_reason; }

private:
    std::string m_reason;
    int m_line, m_column;
    std::string m_jsonPath;
};

/// Decides, like nlohmann's parser callback, whether a parsed part is kept (true) or dropped.
using JsonKeep =
    std::function<bool(int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed)>;

/// Parses `text` as one JSON document: malformed text, a number beyond a double, nesting deeper
/// than maximumJsonDepth and a key twice in one object are a JsonSyntaxError. `keep` may drop
/// parts the caller does not need (they are checked all the same).
nlohmann::json parseJsonDocument(std::string_view text, const JsonKeep& keep = nullptr);

/// Says whether the member `key` of an object at `depth` (1: the top object's members) is left
/// out of a document.
using JsonDrop = std::function<bool(int depth, std::string_view key)>;

/// parseJsonDocument(text, keep = all but what `drop` names) for large documents read often (a
/// session file's header, with its plan, is 160 kB): simdjson parses the text at about 1 GB/s
/// and the document is built from what it parsed. Whatever is not plainly valid - malformed
/// text, a number beyond a double or an integer beyond 64 bits, a key twice in one object,
/// nesting too deep - is read again by parseJsonDocument, so that the errors and the document
/// are exactly its own.
nlohmann::json parseLargeJsonDocument(std::string_view text, const JsonDrop& drop);

} // namespace stagelab
