#pragma once
/// Reads values out of a JSON document while collecting every problem as a ValidationError
/// (JSON path + reason) instead of stopping at the first: a file author fixes them all in one go.
/// Used by every loader of a Stagelab JSON format (experiments, device profiles, ...).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stagelab {

/// One problem in a JSON file, as a person needs it to fix the file.
struct ValidationError
{
    std::string jsonPath; ///< JSON pointer to the offending value ("" = the whole document).
    std::string message;  ///< The reason, for a person.
    int line = 0;         ///< 1-based position of malformed JSON; 0 otherwise.
    int column = 0;
};

/// Typed access to JSON members; every accessor reports a problem and returns nullopt (or
/// false / null) rather than throwing, so reading carries on past bad values.
class JsonReader
{
public:
    using Json = nlohmann::json;

    explicit JsonReader(std::vector<ValidationError>& errors) : m_errors(errors) {}

    /// Records an error at `path`.
    void error(const std::string& path, std::string message);
    /// Errors recorded so far (to tell whether a part just read had any).
    size_t errorCount() const { return m_errors.size(); }

    /// JSON pointer of a member: escapes '~' and '/' as RFC 6901 asks.
    static std::string child(const std::string& path, std::string_view key);
    /// JSON pointer of an array element.
    static std::string child(const std::string& path, size_t index);

    /// True if `value` is an object; reports every key not in `known` (with a suggestion).
    bool object(const Json& value, const std::string& path,
                std::initializer_list<std::string_view> known);
    /// The member `key` of `object` (already checked to be an object), or null; reports it
    /// missing if `required`.
    const Json* member(const Json& object, const std::string& path, std::string_view key,
                       bool required);

    /// The longest string a file may hold (a title, a note, a block's instructions, a path)
    /// and the longest id (ids name files and folders, whose names end at 255 bytes).
    static constexpr size_t maximumStringBytes = 16 * 1024;
    static constexpr size_t maximumIdentifierLength = 64;

    /// A string of at most maximumStringBytes.
    std::optional<std::string> asString(const Json& value, const std::string& path);
    /// A string equal to one of `allowed`.
    std::optional<std::string> asChoice(const Json& value, const std::string& path,
                                        std::initializer_list<std::string_view> allowed);
    std::optional<bool> asBoolean(const Json& value, const std::string& path);
    /// A number in [minimum, maximum].
    std::optional<double> asNumber(const Json& value, const std::string& path, double minimum,
                                   double maximum);
    /// An integer in [minimum, maximum] (1.0 is not an integer: counts are written as counts).
    std::optional<int64_t> asInteger(const Json& value, const std::string& path, int64_t minimum,
                                     int64_t maximum);
    /// A non-negative integer up to 2^64 - 1 (seeds).
    std::optional<uint64_t> asUnsigned(const Json& value, const std::string& path);
    /// A non-empty name of letters, digits, '.', '_' and '-' (ids end up in folder and CSV names).
    std::optional<std::string> asIdentifier(const Json& value, const std::string& path);
    /// True if `value` is an array (reports otherwise).
    bool isArray(const Json& value, const std::string& path);

private:
    bool expectType(bool ok, const Json& value, const std::string& path, const char* expected);

    std::vector<ValidationError>& m_errors;
};

} // namespace stagelab
