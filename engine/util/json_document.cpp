#include "util/json_document.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <set>
#include <vector>

namespace stagelab {

namespace {
using Json = nlohmann::json;
using Event = Json::parse_event_t;

/// Raised inside the parser's callback; turned into a JsonSyntaxError with its path.
struct LimitBroken
{
    std::string reason, path;
};

/// Tracks where the parser is (a JSON pointer) and the keys seen in each open object.
class Tracker
{
public:
    void event(int depth, Event event, const Json& parsed)
    {
        // `depth` is the number of containers open around the event. nlohmann skips end and
        // value events inside parts a callback dropped, so the stack follows `depth`, not the
        // ends it may never see.
        if (m_frames.size() > size_t(depth)) m_frames.resize(size_t(depth));
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            if (depth >= maximumJsonDepth)
                throw LimitBroken{
                    "nesting deeper than " + std::to_string(maximumJsonDepth) + " levels", path()};
            m_frames.push_back({event == Event::object_start, {}, 0, {}});
            break;
        case Event::key:
            if (!m_frames.empty()) {
                Frame& frame = m_frames.back();
                frame.key = parsed.get<std::string>();
                if (!frame.keys.insert(frame.key).second)
                    throw LimitBroken{"key '" + frame.key + "' appears twice in one object",
                                      path()};
            }
            break;
        case Event::object_end:
        case Event::array_end:
        case Event::value:
            if (!m_frames.empty() && !m_frames.back().object) ++m_frames.back().index;
            break;
        }
    }

private:
    struct Frame
    {
        bool object;
        std::string key; // the member being read (objects)
        size_t index;    // the element being read (arrays)
        std::set<std::string> keys;
    };
    /// The pointer of the value being read (of the key, for objects).
    std::string path() const
    {
        std::string pointer;
        for (const Frame& frame : m_frames) {
            std::string segment = frame.object ? frame.key : std::to_string(frame.index);
            if (frame.object && frame.keys.empty()) break; // no member yet
            for (size_t at = 0; (at = segment.find_first_of("~/", at)) != std::string::npos;
                 at += 2)
                segment.replace(at, 1, segment[at] == '~' ? "~0" : "~1");
            pointer += "/" + segment;
        }
        return pointer;
    }
    std::vector<Frame> m_frames;
};

/// 1-based line and column of byte offset `end` (the parser's position).
std::pair<int, int> position(std::string_view text, size_t end)
{
    end = std::min(end, text.size());
    int line = 1, column = 1;
    for (size_t i = 0; i < end; ++i, ++column)
        if (text[i] == '\n') line += 1, column = 0;
    return {line, column};
}

/// nlohmann's message without its "[json.exception.parse_error.101] parse error at line L,
/// column C: " prefix.
std::string bareReason(const std::string& what)
{
    const size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
}
/// Whether a key appears twice in `object`. Most objects are small: their keys are sorted in
/// place, with no allocation (a header's plan has an object per trial).
bool hasDuplicateKey(const simdjson::dom::object& object)
{
    std::array<std::string_view, 64> small;
    size_t count = 0;
    for (const simdjson::dom::key_value_pair field : object) {
        if (count == small.size()) {
            std::set<std::string_view> keys;
            for (const simdjson::dom::key_value_pair each : object)
                if (!keys.insert(each.key).second) return true;
            return false;
        }
        small[count++] = field.key;
    }
    std::sort(small.begin(), small.begin() + long(count));
    return std::adjacent_find(small.begin(), small.begin() + long(count)) !=
           small.begin() + long(count);
}

/// Per depth, the keys (in order) of the last object found to hold no key twice. A header's
/// plan has hundreds of trials with the same keys in the same order: comparing with the last
/// one's costs a pass over the keys, sorting them a few times that.
using CheckedKeys = std::array<std::vector<std::string_view>, maximumJsonDepth>;

bool sameKeys(const simdjson::dom::object& object, const std::vector<std::string_view>& keys)
{
    size_t count = 0;
    for (const simdjson::dom::key_value_pair field : object)
        if (count == keys.size() || field.key != keys[count++]) return false;
    return count == keys.size();
}

/// Builds the nlohmann value of `element` in `out` (null: only checks it), as nlohmann's own
/// parser would: non-negative integers unsigned, negative ones signed, anything with a fraction
/// or an exponent a double. False where parseJsonDocument would refuse or might differ (a key
/// twice, too deep): the caller then reads the text with it.
bool convert(simdjson::dom::element element, int depth, const JsonDrop& drop, Json* out,
             CheckedKeys& checked)
{
    using Type = simdjson::dom::element_type;
    switch (element.type()) {
    case Type::OBJECT: {
        if (depth >= maximumJsonDepth) return false;
        const simdjson::dom::object object = element.get_object().value_unsafe();
        if (out) *out = Json::object();
        std::vector<std::string_view>& known = checked[size_t(depth)];
        if (!sameKeys(object, known)) {
            if (hasDuplicateKey(object)) return false;
            known.clear();
            for (const simdjson::dom::key_value_pair field : object)
                known.push_back(field.key);
        }
        for (const simdjson::dom::key_value_pair field : object) {
            Json* member = nullptr;
            if (out && !(drop && drop(depth + 1, field.key)))
                member = &(*out)[std::string(field.key)];
            if (!convert(field.value, depth + 1, drop, member, checked)) return false;
        }
        return true;
    }
    case Type::ARRAY: {
        if (depth >= maximumJsonDepth) return false;
        const simdjson::dom::array array = element.get_array().value_unsafe();
        if (out) *out = Json::array();
        for (const simdjson::dom::element item : array) {
            Json* slot = out ? &out->emplace_back() : nullptr;
            if (!convert(item, depth + 1, drop, slot, checked)) return false;
        }
        return true;
    }
    case Type::INT64: {
        const int64_t value = element.get_int64().value_unsafe();
        if (out) *out = value < 0 ? Json(value) : Json(uint64_t(value));
        return true;
    }
    case Type::UINT64:
        if (out) *out = element.get_uint64().value_unsafe();
        return true;
    case Type::DOUBLE:
        if (out) *out = element.get_double().value_unsafe();
        return true;
    case Type::STRING:
        if (out) *out = std::string(element.get_string().value_unsafe());
        return true;
    case Type::BOOL:
        if (out) *out = element.get_bool().value_unsafe();
        return true;
    case Type::NULL_VALUE:
        if (out) *out = nullptr;
        return true;
    }
    return false;
}

} // namespace

JsonSyntaxError::JsonSyntaxError(std::string reason, int line, int column, std::string jsonPath)
    : Error((line > 0 ? "at line " + std::to_string(line) + ", column " + std::to_string(column)
                      : "at " + (jsonPath.empty() ? std::string("the top") : jsonPath)) +
            ": " + reason),
      m_reason(std::move(reason)), m_line(line), m_column(column), m_jsonPath(std::move(jsonPath))
{}

Json parseJsonDocument(std::string_view text, const JsonKeep& keep)
{
    Tracker tracker;
    const auto callback = [&](int depth, Event event, Json& parsed) {
        tracker.event(depth, event, parsed);
        return !keep || keep(depth, event, parsed);
    };
    try {
        return Json::parse(text.begin(), text.end(), callback);
    } catch (const LimitBroken& broken) {
        throw JsonSyntaxError(broken.reason, 0, 0, broken.path);
    } catch (const Json::parse_error& error) {
        // parse_error::byte is the 1-based offset of the last byte read.
        const auto [line, column] = position(text, error.byte == 0 ? 0 : error.byte - 1);
        throw JsonSyntaxError(bareReason(error.what()), line, column, "");
    } catch (const Json::out_of_range& error) {
        // A number beyond a double: nlohmann says "[json.exception.out_of_range.406] number
        // overflow parsing '1e400'" and not where; the literal's first place in the text is.
        const std::string what = error.what();
        const size_t open = what.find('\''), close = what.rfind('\'');
        const std::string literal = open != std::string::npos && close > open
                                        ? what.substr(open + 1, close - open - 1)
                                        : std::string();
        const size_t at = literal.empty() ? std::string_view::npos : text.find(literal);
        const auto [line, column] =
            at == std::string_view::npos ? std::pair<int, int>{0, 0} : position(text, at + 1);
        throw JsonSyntaxError("the number " + (literal.empty() ? std::string() : literal + " ") +
                                  "is beyond the range of a double",
                              line, column, "");
    }
}

Json parseLargeJsonDocument(std::string_view text, const JsonDrop& drop)
{
    // A parser per thread keeps its buffers between documents; the text is copied into its
    // padded buffer (simdjson reads a little past the end).
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    Json document;
    CheckedKeys checked; // of this document: its keys live in the parser's buffer until the next
    if (!parser.parse(text.data(), text.size(), true).get(root) &&
        convert(root, 0, drop, &document, checked))
        return document;
    const JsonKeep keep = [&drop](int depth, Json::parse_event_t event, Json& parsed) {
        return !drop || event != Json::parse_event_t::key ||
               !drop(depth, parsed.get_ref<const std::string&>());
    };
    return parseJsonDocument(text, keep);
}

} // namespace stagelab
