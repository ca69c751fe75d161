#include "analysis/text_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

namespace stagelab {

namespace {
std::optional<double> parseWholeNumber(const std::string& text)
{
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}
} // namespace

std::string csvField(const std::string& text)
{
    const bool needsQuotes = text.find_first_of(",\"\r\n") != std::string::npos ||
                             (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!needsQuotes) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string renderTextTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows, size_t leftAligned)
{
    std::vector<size_t> widths(header.size());
    for (size_t c = 0; c < header.size(); ++c) {
        widths[c] = header[c].size();
        for (const auto& row : rows)
            widths[c] = std::max(widths[c], c < row.size() ? row[c].size() : 0);
    }
    std::string out;
    auto appendLine = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (size_t c = 0; c < widths.size(); ++c) {
            const std::string cell = c < cells.size() ? cells[c] : std::string();
            const std::string pad(widths[c] - cell.size(), ' ');
            line += c == 0 ? "" : "  ";
            line += c < leftAligned ? cell + pad : pad + cell;
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + '\n';
    };
    appendLine(header);
    std::vector<std::string> rule;
    for (size_t width : widths)
        rule.push_back(std::string(width, '-'));
    appendLine(rule);
    for (const auto& row : rows)
        appendLine(row);
    return out;
}

bool factorLevelLess(const std::string& a, const std::string& b)
{
    const auto numberA = parseWholeNumber(a), numberB = parseWholeNumber(b);
    if (numberA && numberB && *numberA != *numberB) return *numberA < *numberB;
    if (numberA.has_value() != numberB.has_value()) return numberA.has_value();
    return a < b;
}

} // namespace stagelab
