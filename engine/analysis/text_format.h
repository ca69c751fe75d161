#pragma once
/// Small text helpers shared by the analysis writers (tables, CSV, numbers, factor-level order).

#include <string>
#include <vector>

namespace stagelab {

/// Shortest text that reads back as the same double; "" for NaN or infinity (an empty CSV cell
/// is what R, pandas and spreadsheets read as missing).
std::string formatNumberExact(double value);

/// `value` with `decimals` decimals for people; "-" for NaN or infinity.
std::string formatNumberFixed(double value, int decimals);

/// One CSV field, quoted (RFC 4180) when it holds a comma, quote, line break or edge spaces.
std::string csvField(const std::string& text);

/// A fixed-width text table: first `leftAligned` columns left-aligned (labels), the rest
/// right-aligned (numbers), two spaces between columns, a dashed rule under the header.
std::string renderTextTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows, size_t leftAligned);

/// Order of factor levels: numbers numerically ("2" < "10") and before words; words by bytes.
bool factorLevelLess(const std::string& a, const std::string& b);

} // namespace stagelab
