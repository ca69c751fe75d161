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

std::string formatP(double p)
{
    if (!std::isfinite(p)) return "-";
    if (p < 0.001) return "< 0.001";
    return formatNumberFixed(p, 3);
}

} // namespace stagelab
