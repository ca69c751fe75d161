#pragma once
/// Small pieces for writing HTML and SVG by hand: escaping and number formatting.

#include <string>
#include <string_view>

namespace stagelab {

/// `text` with & < > " ' replaced by entities: safe in element content and quoted attributes
/// of HTML and SVG alike.
std::string escapeHtml(std::string_view text);

/// `value` with `decimals` decimals ("-" for NaN or infinity), e.g. for tables.
std::string formatFixed(double value, int decimals);

/// A p value as people read it: "0.021", "< 0.001", "-" for NaN.
std::string formatP(double p);

} // namespace stagelab
