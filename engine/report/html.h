#pragma once
/// Small pieces for writing HTML and SVG by hand: escaping, and p values as people read them
/// (other numbers: util/number_format.h).

#include "util/number_format.h"

#include <string>
#include <string_view>

namespace stagelab {

/// `text` with & < > " ' replaced by entities: safe in element content and quoted attributes
/// of HTML and SVG alike.
std::string escapeHtml(std::string_view text);

/// A p value as people read it: "0.021", "< 0.001", "-" for NaN.
std::string formatP(double p);

} // namespace stagelab
