#include "report/html.h"

#include <cmath>
#include <cstdio>

namespace stagelab {

std::string escapeHtml(std::string_view text)
{
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            escaped += "&amp;";
            break;
        case '<':
            escaped += "&lt;";
            break;
        case '>':
            escaped += "&gt;";
            break;
        case '"':
            escaped += "&quot;";
            break;
        case '\'':
            escaped += "&#39;";
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

std::string formatFixed(double value, int decimals)
{
    if (!std::isfinite(value)) return "-";
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    // "-0.0" reads as a sign that is not there.
    if (std::string_view(text).find_first_not_of("-0.") == std::string_view::npos && text[0] == '-')
        return text + 1;
    return text;
}

std::string formatP(double p)
{
    if (!std::isfinite(p)) return "-";
    if (p < 0.001) return "< 0.001";
    return formatFixed(p, 3);
}

} // namespace stagelab
