#include "util/json_reader.h"

#include "util/number_format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace stagelab {

namespace {
std::string lowered(std::string_view text)
{
    std::string result(text);
    for (char& c : result)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Typos and missing unit suffixes ("azimuth" for "azimuthDeg") are the usual unknown keys;
// naming the intended key saves a trip to the documentation.
std::string suggestion(std::string_view key, std::initializer_list<std::string_view> known)
{
    const std::string wanted = lowered(key);
    std::string best;
    size_t bestDistance = std::numeric_limits<size_t>::max();
    for (std::string_view candidate : known) {
        const std::string name = lowered(candidate);
        const bool prefix =
            !wanted.empty() && (name.rfind(wanted, 0) == 0 || wanted.rfind(name, 0) == 0);
        const size_t distance = prefix ? 0 : editDistance(wanted, name);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = std::string(candidate);
        }
    }
    if (best.empty() || bestDistance > std::max<size_t>(2, wanted.size() / 3)) return {};
    return " (did you mean '" + best + "'?)";
}

std::string quotedList(std::initializer_list<std::string_view> values)
{
    std::string list;
    for (std::string_view value : values)
        list += (list.empty() ? "'" : ", '") + std::string(value) + "'";
    return list;
}
} // namespace

void JsonReader::error(const std::string& path, std::string message)
{
    m_errors.push_back({path, std::move(message)});
}

std::string JsonReader::child(const std::string& path, std::string_view key)
{
    std::string result = path + "/";
    for (char c : key)
        result += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return result;
}

std::string JsonReader::child(const std::string& path, size_t index)
{
    return path + "/" + std::to_string(index);
}

bool JsonReader::expectType(bool ok, const Json& value, const std::string& path,
                            const char* expected)
{
    if (!ok) {
        const std::string actual = value.type_name();
        const char* article = value.is_null()                         ? ""
                              : value.is_array() || value.is_object() ? "an "
                                                                      : "a ";
        error(path, std::string("must be ") + expected + ", not " + article + actual);
    }
    return ok;
}

bool JsonReader::object(const Json& value, const std::string& path,
                        std::initializer_list<std::string_view> known)
{
    if (!expectType(value.is_object(), value, path, "an object")) return false;
    for (const auto& [key, ignored] : value.items())
        if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end())
            error(child(path, key), "unknown key '" + key + "'" + suggestion(key, known));
    return true;
}

const JsonReader::Json* JsonReader::member(const Json& object, const std::string& path,
                                           std::string_view key, bool required)
{
    const auto found = object.find(std::string(key));
    if (found != object.end()) return &*found;
    if (required) error(child(path, key), "required key '" + std::string(key) + "' is missing");
    return nullptr;
}

std::optional<std::string> JsonReader::asString(const Json& value, const std::string& path)
{
    if (!expectType(value.is_string(), value, path, "a string")) return std::nullopt;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > maximumStringBytes) {
        error(path, "is " + std::to_string(text.size()) + " bytes long, more than the limit of " +
                        std::to_string(maximumStringBytes));
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> JsonReader::asChoice(const Json& value, const std::string& path,
                                                std::initializer_list<std::string_view> allowed)
{
    auto text = asString(value, path);
    if (text &&
        std::find(allowed.begin(), allowed.end(), std::string_view(*text)) == allowed.end()) {
        error(path, "must be one of " + quotedList(allowed) + ", not '" + *text + "'");
        return std::nullopt;
    }
    return text;
}

std::optional<bool> JsonReader::asBoolean(const Json& value, const std::string& path)
{
    if (!expectType(value.is_boolean(), value, path, "true or false")) return std::nullopt;
    return value.get<bool>();
}

std::optional<double> JsonReader::asNumber(const Json& value, const std::string& path,
                                           double minimum, double maximum)
{
    if (!expectType(value.is_number(), value, path, "a number")) return std::nullopt;
    const double number = value.get<double>();
    // JSON text cannot hold NaN, but documents built in code can; NaN fails every comparison.
    if (!std::isfinite(number) || number < minimum || number > maximum) {
        error(path, "must be between " + formatNumber(minimum) + " and " + formatNumber(maximum) +
                        ", not " + formatNumber(number));
        return std::nullopt;
    }
    return number;
}

std::optional<int64_t> JsonReader::asInteger(const Json& value, const std::string& path,
                                             int64_t minimum, int64_t maximum)
{
    if (!expectType(value.is_number_integer(), value, path, "an integer")) return std::nullopt;
    // Unsigned values above INT64_MAX are out of every range we accept.
    const bool huge = value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(maximum);
    const int64_t number = huge ? maximum : value.get<int64_t>();
    if (huge || number < minimum || number > maximum) {
        error(path, "must be an integer from " + std::to_string(minimum) + " to " +
                        std::to_string(maximum) + ", not " + value.dump());
        return std::nullopt;
    }
    return number;
}

std::optional<uint64_t> JsonReader::asUnsigned(const Json& value, const std::string& path)
{
    if (!expectType(value.is_number_integer(), value, path, "an integer")) return std::nullopt;
    // Parsed files hold non-negative integers as unsigned, documents built in code as signed.
    if (!value.is_number_unsigned() && value.get<int64_t>() < 0) {
        error(path, "must be an integer from 0 to 18446744073709551615, not " + value.dump());
        return std::nullopt;
    }
    return value.is_number_unsigned() ? value.get<uint64_t>() : uint64_t(value.get<int64_t>());
}

std::optional<std::string> JsonReader::asIdentifier(const Json& value, const std::string& path)
{
    auto text = asString(value, path);
    if (!text) return std::nullopt;
    const bool valid = !text->empty() && std::all_of(text->begin(), text->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
    if (!valid || text->front() == '.') {
        const bool tooLong = text->size() > 80;
        error(path, "must be a non-empty id of letters, digits, '.', '_' and '-' (not starting "
                    "with '.'), not '" +
                        (tooLong ? text->substr(0, 80) + "..." : *text) + "'");
        return std::nullopt;
    }
    if (text->size() > maximumIdentifierLength) {
        error(path, "is an id of " + std::to_string(text->size()) +
                        " characters, more than the limit of " +
                        std::to_string(maximumIdentifierLength));
        return std::nullopt;
    }
    return text;
}

bool JsonReader::isArray(const Json& value, const std::string& path)
{
    return expectType(value.is_array(), value, path, "an array");
}

} // namespace stagelab
