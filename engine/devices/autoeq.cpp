#include "devices/autoeq.h"

#include "util/error.h"
#include "util/files.h"
#include "util/number_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace stagelab {

namespace {

/// Where a parse error happened; every message names the source and the 1-based line.
struct Location
{
    const std::string& source;
    int line;
    [[noreturn]] void fail(const std::string& reason) const
    {
        throw Error(source + ": line " + std::to_string(line) + ": " + reason);
    }
};

std::vector<std::string> splitWhitespace(const std::string& text)
{
    std::istringstream stream(text);
    std::vector<std::string> tokens;
    for (std::string token; stream >> token;)
        tokens.push_back(token);
    return tokens;
}

std::string trim(const std::string& text)
{
    // Every character splitWhitespace() splits on: a line of a vertical tab or a form feed is
    // empty, not a line of no words.
    const char* space = " \t\r\n\v\f";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

/// The whole token must be a finite number: "6.5dB" or "abc" are errors, not 6.5 or 0.
double parseNumber(const std::string& token, const char* what, const Location& where)
{
    double value = 0;
    const char* begin = token.data();
    if (!token.empty() && token.front() == '+')
        ++begin; // from_chars rejects a leading '+', which hand-edited files do contain.
    const char* end = token.data() + token.size();
    const auto [next, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || next != end || !std::isfinite(value))
        where.fail(std::string(what) + " '" + token + "' is not a number");
    return value;
}

/// A number within `range` (the limits every equaliser is held to, whatever its source).
double parseInRange(const std::string& token, const char* what, EqualizerRange range,
                    const char* unit, const Location& where)
{
    const double value = parseNumber(token, what, where);
    if (!range.contains(value))
        where.fail(std::string(what) + " " + token + unit + " is outside [" +
                   formatNumber(range.minimum) + ", " + formatNumber(range.maximum) + "]" + unit);
    return value;
}

void expectWord(const std::vector<std::string>& tokens, size_t index, const char* word,
                const Location& where)
{
    if (index >= tokens.size() || tokens[index] != word)
        where.fail(std::string("malformed filter line: expected '") + word + "' as word " +
                   std::to_string(index + 1) +
                   " (format: Filter N: ON PK|LSC|HSC Fc F Hz Gain G dB Q Q)");
}

/// Returns false for an OFF filter. Accepts "Filter N:" and EqualizerAPO's bare "Filter:".
bool parseFilter(const std::vector<std::string>& tokens, const Location& where,
                 ParametricFilter& filter)
{
    size_t index = 1;
    if (tokens[0] == "Filter") {
        if (tokens.size() < 2 || tokens[1].back() != ':')
            where.fail("malformed filter line: expected 'Filter N:'");
        index = 2;
    }
    if (index >= tokens.size() || (tokens[index] != "ON" && tokens[index] != "OFF"))
        where.fail("malformed filter line: expected ON or OFF after 'Filter N:'");
    if (tokens[index] == "OFF") return false;
    if (++index >= tokens.size()) where.fail("malformed filter line: missing filter type");
    filter.type = tokens[index];
    if (filter.type != "PK" && filter.type != "LSC" && filter.type != "HSC")
        where.fail("unknown filter type '" + filter.type + "' (supported: PK, LSC, HSC)");
    expectWord(tokens, index + 1, "Fc", where);
    expectWord(tokens, index + 3, "Hz", where);
    expectWord(tokens, index + 4, "Gain", where);
    expectWord(tokens, index + 6, "dB", where);
    expectWord(tokens, index + 7, "Q", where);
    if (tokens.size() != index + 9)
        where.fail("malformed filter line: expected 'Q <value>' at the end");
    filter.frequencyHz =
        parseInRange(tokens[index + 2], "frequency", equalizerLimits::frequencyHz, " Hz", where);
    filter.gainDb = parseInRange(tokens[index + 5], "gain", equalizerLimits::gainDb, " dB", where);
    filter.q = parseInRange(tokens[index + 8], "Q", equalizerLimits::q, "", where);
    return true;
}

std::vector<std::pair<double, double>> parseGraphic(const std::string& points,
                                                    const Location& where)
{
    std::vector<std::pair<double, double>> curve;
    std::istringstream stream(points);
    for (std::string point; std::getline(stream, point, ';');) {
        const std::vector<std::string> tokens = splitWhitespace(point);
        if (tokens.empty()) continue; // The trailing ';' AutoEq sometimes writes, or ";;".
        if (tokens.size() != 2)
            where.fail("malformed GraphicEQ point '" + trim(point) +
                       "' (expected 'frequency gain')");
        const double frequencyHz = parseInRange(tokens[0], "GraphicEQ frequency",
                                                equalizerLimits::frequencyHz, " Hz", where);
        const double gainDb =
            parseInRange(tokens[1], "GraphicEQ gain", equalizerLimits::gainDb, " dB", where);
        // Interpolation between points needs strictly increasing frequencies.
        if (!curve.empty() && frequencyHz <= curve.back().first)
            where.fail("GraphicEQ frequencies out of order: " + tokens[0] + " Hz after " +
                       std::to_string(curve.back().first) + " Hz");
        if (curve.size() == equalizerLimits::graphicPoints)
            where.fail("more than " + std::to_string(equalizerLimits::graphicPoints) +
                       " GraphicEQ points (the limit)");
        curve.emplace_back(frequencyHz, gainDb);
    }
    if (curve.empty()) where.fail("GraphicEQ line has no points");
    return curve;
}

} // namespace

Equalizer parseAutoEq(const std::string& text, const std::string& sourceName)
{
    Equalizer equalizer;
    equalizer.source = sourceName;
    int preampLine = 0;
    int firstFilterLine = 0;
    int graphicLine = 0;
    std::istringstream stream(text);
    int lineNumber = 0;
    for (std::string line; std::getline(stream, line);) {
        ++lineNumber;
        if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3); // A UTF-8 byte-order mark, as Windows editors write.
        const Location where{sourceName, lineNumber};
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        if (line.rfind("GraphicEQ:", 0) == 0) {
            if (graphicLine)
                where.fail("second GraphicEQ line (first on line " + std::to_string(graphicLine) +
                           ")");
            graphicLine = lineNumber;
            equalizer.graphicCurve = parseGraphic(line.substr(10), where);
            continue;
        }
        const std::vector<std::string> tokens = splitWhitespace(line);
        if (tokens.empty()) continue; // whitespace of a kind trim() missed: nothing to read
        if (tokens[0] == "Preamp:") {
            if (preampLine)
                where.fail("second Preamp line (first on line " + std::to_string(preampLine) + ")");
            if (tokens.size() != 3 || tokens[2] != "dB")
                where.fail("malformed Preamp line (format: Preamp: G dB)");
            equalizer.preampDb =
                parseInRange(tokens[1], "preamp", equalizerLimits::preampDb, " dB", where);
            preampLine = lineNumber;
        } else if (tokens[0] == "Filter" || tokens[0] == "Filter:" ||
                   (tokens[0].rfind("Filter", 0) == 0 && tokens[0].back() == ':')) {
            if (!firstFilterLine) firstFilterLine = lineNumber;
            ParametricFilter filter;
            // "Filter1:" (no space) is written by some tools; treat it like "Filter 1:".
            std::vector<std::string> normalized = tokens;
            if (tokens[0] != "Filter" && tokens[0] != "Filter:") normalized[0] = "Filter:";
            if (parseFilter(normalized, where, filter)) {
                if (equalizer.filters.size() == equalizerLimits::filters)
                    where.fail("more than " + std::to_string(equalizerLimits::filters) +
                               " filters (the limit)");
                equalizer.filters.push_back(filter);
            }
        } else {
            // Not quoted: a profile's autoEqFile may name any file, and its text is no one's
            // business but the reader's.
            where.fail("not an AutoEq line (expected Preamp:, Filter N: or GraphicEQ:)");
        }
    }
    if (graphicLine && firstFilterLine)
        Location{sourceName, firstFilterLine}.fail("a file holds either Filter lines or a "
                                                   "GraphicEQ line, not both");
    // AutoEq always writes the preamp that keeps its boost from clipping; a parametric file
    // without one is truncated or hand-made, and playing it could clip by the full boost.
    if (firstFilterLine && !preampLine)
        Location{sourceName, firstFilterLine}.fail("missing Preamp line in a parametric EQ file "
                                                   "(expected 'Preamp: G dB' before the filters)");
    if (!graphicLine && !firstFilterLine && !preampLine)
        Location{sourceName, std::max(lineNumber, 1)}.fail("no Preamp, Filter or GraphicEQ line");
    return equalizer;
}

Equalizer loadAutoEqFile(const std::string& path)
{
    // 1 MiB: AutoEq's largest files (GraphicEQ) are about 2 KB.
    return parseAutoEq(readTextFile(path, 1u << 20, "AutoEq file"), path);
}

} // namespace stagelab
