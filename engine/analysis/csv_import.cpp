#include "analysis/csv_import.h"

#include "util/error.h"
#include "util/files.h"
#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

namespace stagelab {

namespace {
const std::array<std::string, 5> fieldNames = {"targetAzimuthDeg", "targetElevationDeg",
                                               "responseAzimuthDeg", "responseElevationDeg",
                                               "participant"};
enum Field { TargetAzimuth, TargetElevation, ResponseAzimuth, ResponseElevation, Participant };

struct Cell
{
    std::string text;
    size_t character = 0; // 1-based position in the line, for errors
};

std::string trim(const std::string& text)
{
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Splits one line. Spaces around a field are not part of it; a quoted field keeps its inner
// spaces and commas, and "" inside quotes is one quote. Line breaks inside quotes are not
// supported (no localization export we know of writes them): the error says so.
std::vector<Cell> splitLine(const std::string& line, const std::string& where)
{
    std::vector<Cell> cells;
    size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        Cell cell;
        cell.character = i + 1;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size())
                    throw Error(where + ", character " + std::to_string(cell.character) +
                                ": quoted field is not closed on this line");
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                    cell.text += '"';
                    i += 2;
                } else if (line[i] == '"') {
                    ++i;
                    break;
                } else {
                    cell.text += line[i++];
                }
            }
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            if (i < line.size() && line[i] != ',')
                throw Error(where + ", character " + std::to_string(i + 1) +
                            ": text after a closing quote");
        } else {
            const size_t comma = line.find(',', i);
            const size_t end = comma == std::string::npos ? line.size() : comma;
            cell.text = trim(line.substr(i, end - i));
            i = end;
        }
        cells.push_back(std::move(cell));
        if (i >= line.size()) return cells;
        ++i; // the comma
    }
}

std::optional<double> parseNumber(const std::string& text)
{
    double value = 0.0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (begin != end && *begin == '+') // from_chars does not take a leading '+'
        ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (begin == end || ec != std::errc() || ptr != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

bool isMissing(const std::string& text)
{
    return text.empty() || text == "NA" || text == "NaN" || text == "nan";
}
} // namespace

std::vector<ResultRow> readLocalizationCsv(std::istream& input, const std::string& sourceName,
                                           const CsvColumns& columns,
                                           const std::string& azimuthConvention)
{
    if (azimuthConvention != "ccw" && azimuthConvention != "cw")
        throw Error("azimuth convention '" + azimuthConvention + "' is neither \"ccw\" nor \"cw\"");
    for (const auto& [field, column] : columns)
        if (std::find(fieldNames.begin(), fieldNames.end(), field) == fieldNames.end())
            throw Error("column mapping names an unknown field '" + field + "'");

    std::string line;
    size_t lineNumber = 0;
    bool haveHeader = false;
    while (!haveHeader && std::getline(input, line)) {
        ++lineNumber;
        if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) // a UTF-8 byte-order mark
            line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        haveHeader = !trim(line).empty();
    }
    // Every line is checked before it is split: a Latin-1 file is named at its first foreign
    // byte, not when its text reaches a JSON writer.
    auto checkLine = [&](const std::string& where) {
        if (const auto invalid = firstInvalidUtf8(line))
            throw Error(where + ", " + invalidUtf8Reason(line, *invalid));
    };
    if (!haveHeader) throw Error(sourceName + ": no header line");
    const std::string headerWhere = sourceName + ":" + std::to_string(lineNumber);
    checkLine(headerWhere);
    std::vector<std::string> header;
    for (Cell& cell : splitLine(line, headerWhere)) {
        if (header.size() == CsvLimits::columns)
            throw Error(headerWhere + ": more than " + std::to_string(CsvLimits::columns) +
                        " columns (the limit of an import)");
        if (cell.text.size() > CsvLimits::cellBytes)
            throw Error(headerWhere + ", column " + std::to_string(header.size() + 1) + ": " +
                        std::to_string(cell.text.size()) + " bytes, more than the limit of " +
                        std::to_string(CsvLimits::cellBytes));
        if (std::find(header.begin(), header.end(), cell.text) != header.end())
            throw Error(headerWhere + ": column '" + cell.text + "' appears twice in the header");
        header.push_back(std::move(cell.text));
    }

    // Column index of each field, or -1.
    std::array<int, fieldNames.size()> fieldColumn{};
    std::vector<bool> consumed(header.size(), false);
    for (size_t f = 0; f < fieldNames.size(); ++f) {
        const auto mapped = columns.find(fieldNames[f]);
        const std::string& name = mapped == columns.end() ? fieldNames[f] : mapped->second;
        const auto found = std::find(header.begin(), header.end(), name);
        fieldColumn[f] = found == header.end() ? -1 : static_cast<int>(found - header.begin());
        const bool required = f == TargetAzimuth || f == ResponseAzimuth || mapped != columns.end();
        if (fieldColumn[f] < 0 && required) {
            std::string known;
            for (const std::string& column : header)
                known += (known.empty() ? "" : ", ") + column;
            throw Error(headerWhere + ": no column '" + name + "' for " + fieldNames[f] +
                        " (the header has: " + known + ")");
        }
        if (fieldColumn[f] >= 0) consumed[fieldColumn[f]] = true;
    }
    for (size_t c = 0; c < header.size(); ++c)
        if (!consumed[c] && header[c] == "participant" && fieldColumn[Participant] >= 0)
            throw Error(headerWhere +
                        ": column 'participant' would clash with the participant "
                        "taken from column '" +
                        header[fieldColumn[Participant]] + "'");

    const double azimuthSign = azimuthConvention == "cw" ? -1.0 : 1.0;
    std::vector<ResultRow> rows;
    while (std::getline(input, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) continue;
        const std::string where = sourceName + ":" + std::to_string(lineNumber);
        if (rows.size() == CsvLimits::rows)
            throw Error(where + ": more than " + std::to_string(CsvLimits::rows) +
                        " rows (the limit of an import; split the file)");
        checkLine(where);
        const std::vector<Cell> cells = splitLine(line, where);
        if (cells.size() != header.size())
            throw Error(where + ": " + std::to_string(cells.size()) +
                        " fields, but the header has " + std::to_string(header.size()));
        for (size_t c = 0; c < cells.size(); ++c)
            if (cells[c].text.size() > CsvLimits::cellBytes)
                throw Error(where + ", column " + std::to_string(c + 1) + " ('" + header[c] +
                            "'): " + std::to_string(cells[c].text.size()) +
                            " bytes, more than the limit of " +
                            std::to_string(CsvLimits::cellBytes));
        auto number = [&](Field field, bool optional) -> std::optional<double> {
            if (fieldColumn[field] < 0) return std::nullopt;
            const Cell& cell = cells[fieldColumn[field]];
            if (optional && isMissing(cell.text)) return std::nullopt;
            const std::optional<double> value = parseNumber(cell.text);
            if (!value)
                throw Error(where + ", column " + std::to_string(fieldColumn[field] + 1) + " ('" +
                            header[fieldColumn[field]] + "'): \"" + cell.text +
                            "\" is not a number (" + fieldNames[field] + ")");
            return value;
        };
        ResultRow row;
        row.kind = "localization";
        row.targetAzimuthDeg = azimuthSign * *number(TargetAzimuth, false);
        row.targetElevationDeg = number(TargetElevation, false).value_or(0.0);
        if (const auto azimuth = number(ResponseAzimuth, true))
            row.responseAzimuthDeg = azimuthSign * *azimuth;
        row.responseElevationDeg = number(ResponseElevation, true);
        if (fieldColumn[Participant] >= 0)
            row.factors["participant"] = cells[fieldColumn[Participant]].text;
        for (size_t c = 0; c < header.size(); ++c)
            if (!consumed[c]) row.factors[header[c]] = cells[c].text;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<ResultRow> importLocalizationCsv(const std::string& path, const CsvColumns& columns,
                                             const std::string& azimuthConvention)
{
    // Read whole first: a device or a pipe is refused rather than read forever.
    std::istringstream input(readTextFile(path, CsvLimits::fileBytes, "CSV file"));
    return readLocalizationCsv(input, path, columns, azimuthConvention);
}

} // namespace stagelab
