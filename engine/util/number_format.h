#pragma once
/// Numbers as text, the one definition each writer uses: messages, tables, CSV, HTML.

#include <string>

namespace stagelab {

/// A number as people write it in a message: 30, 2.5, 1e-06 (up to 10 significant digits).
std::string formatNumber(double value);

/// Shortest text that reads back as the same double; "" for NaN or infinity (an empty CSV cell
/// is what R, pandas and spreadsheets read as missing).
std::string formatNumberExact(double value);

/// `value` with `decimals` decimals for people; "-" for NaN or infinity; never "-0.00".
std::string formatNumberFixed(double value, int decimals);

} // namespace stagelab
