#pragma once
/// Small text helpers shared by the analysis writers (tables, CSV, factor-level order); numbers
/// are formatted by util/number_format.h.

#include "util/number_format.h"

#include <string>
#include <vector>

namespace stagelab {

/// One CSV field, quoted (RFC 4180) when it holds a comma, quote, line break or edge spaces.
std::string csvField(const std::string& text);

/// A fixed-width text table: first `leftAligned` columns left-aligned (labels), the rest
/// right-aligned (numbers), two spaces between columns, a dashed rule under the header.
std::string renderTextTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows, size_t leftAligned);

/// Order of factor levels: numbers numerically ("2" < "10") and before words; words by bytes.
bool factorLevelLess(const std::string& a, const std::string& b);

} // namespace stagelab
