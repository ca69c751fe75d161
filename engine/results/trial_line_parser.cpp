#include "results/trial_line_parser.h"

#include "util/error.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace stagelab {

namespace {
/// Fills a TrialRecord from the events of a walk over the parsed line (walk() below), in the
/// line's order. Keys are tracked as a path of at most three levels (e.g. "response" /
/// "azimuthDeg", "distractors" / [i] / "stimulus", "factors" / name).
class TrialHandler
{
public:
    explicit TrialHandler(TrialRecord& record) : m_record(record) {}
    bool isTrial = false;
    std::string fieldProblem; // a field of the wrong kind (parsing stopped there)
    int seen = 0;             // required fields found
    /// Per instrument and per placement: which of its fields were read (FieldBits).
    std::vector<int> instrumentFields, placementFields;
    enum FieldBits { StimulusRead = 1, AzimuthRead = 2, DistanceRead = 4, AllRead = 7 };

    bool null() { return true; } // optional responses
    bool boolean(bool value)
    {
        const std::string_view key = currentKey();
        if (m_depth == 1) {
            if (key == "training")
                m_record.trial.training = value, ++seen;
            else if (key == "feedback")
                m_record.trial.feedback = value, ++seen;
            else if (key == "breakBefore")
                m_record.trial.breakBefore = value;
            else if (key == "deviceSwitchBefore")
                m_record.trial.deviceSwitchBefore = value;
            else if (key == "headTracking")
                m_record.trial.headTracking = value;
        }
        return true;
    }
    bool number_integer(int64_t value) { return number(double(value), value); }
    bool number_unsigned(uint64_t value)
    {
        if (value > uint64_t(std::numeric_limits<int64_t>::max()))
            return number(double(value), std::nullopt);
        return number(double(value), int64_t(value));
    }
    bool number_float(double value)
    {
        // Only a whole number that fits is an integer: converting 1e30 or NaN is undefined.
        const bool whole = std::isfinite(value) && std::trunc(value) == value &&
                           std::abs(value) < 9.0e18; // below 2^63, exactly representable
        return number(value, whole ? std::optional<int64_t>(int64_t(value)) : std::nullopt);
    }
    bool string(std::string_view value)
    {
        const std::string_view key = currentKey();
        if (m_depth == 1) {
            if (key == "type")
                isTrial = value == "trial";
            else if (key == "blockId")
                m_record.trial.blockId = value, ++seen;
            else if (key == "kind")
                m_record.trial.kind = value, ++seen;
            else if (key == "responseMode")
                m_record.trial.responseMode = value, ++seen;
            else if (key == "stimulus")
                m_record.trial.stimulus = value, ++seen;
            else if (key == "model")
                m_record.trial.model = value, ++seen;
            else if (key == "device")
                m_record.trial.device = value, ++seen;
            else if (key == "answeredAt")
                m_record.answeredAt = value;
            else if (key == "ensemble")
                m_record.trial.ensemble = value;
        } else if (m_depth == 2 && m_path[0] == "factors") {
            m_record.factors[std::string(key)] = std::string(value);
        } else if (m_depth == 2 && m_path[0] == "alsoAsk") {
            m_record.trial.alsoAsk.emplace_back(value);
        } else if (m_depth == 3 && m_path[0] == "distractors" && key == "stimulus" &&
                   !m_record.trial.distractors.empty()) {
            m_record.trial.distractors.back().stimulus = value;
        } else if (EnsembleInstrument* instrument = currentInstrument();
                   instrument && key == "stimulus") {
            instrument->stimulus = value;
            *currentFields() |= StimulusRead;
        }
        return true;
    }
    bool start_object()
    {
        if (m_depth == 1 && currentKey() == "head") m_record.head.emplace();
        if (m_depth == 2 && m_path[0] == "distractors") m_record.trial.distractors.emplace_back();
        // An ensemble holds at most maximumEnsembleSize: a longer list is no stage map (and
        // would cost every reader of the file a copy per entry).
        const auto add = [&](auto& list, std::vector<int>& fields, const char* what) {
            if (list.size() >= maximumEnsembleSize) {
                fieldProblem =
                    std::string("more than ") + std::to_string(maximumEnsembleSize) + " " + what;
                return false;
            }
            list.emplace_back();
            fields.push_back(0);
            return true;
        };
        if (m_depth == 2 && m_path[0] == "instruments" &&
            !add(m_record.trial.instruments, instrumentFields, "instruments"))
            return false;
        if (m_depth == 3 && m_path[0] == "response" && m_path[1] == "placements" &&
            !add(m_record.response.placements, placementFields, "placements"))
            return false;
        m_path.resize(size_t(++m_depth));
        return true;
    }
    bool key(std::string_view value)
    {
        m_path[size_t(m_depth - 1)] = value;
        return true;
    }
    bool end_object()
    {
        --m_depth;
        return true;
    }
    bool start_array()
    {
        // A head trace: each sample is an array in "head"/"samples". Analyses need only their
        // count (the trace stays in the file for whoever reads it whole), and that is capped.
        if (m_depth == 3 && m_path[0] == "head" && m_path[1] == "samples" && m_record.head &&
            ++m_record.head->sampleCount > maximumHeadSamples) {
            fieldProblem =
                "a head trace of more than " + std::to_string(maximumHeadSamples) + " samples";
            return false;
        }
        m_path.resize(size_t(++m_depth));
        m_path.back() = "[]";
        return true;
    }
    bool end_array()
    {
        --m_depth;
        return true;
    }

private:
    /// The key of the value being read; "" for a value outside any object (a line that is just
    /// a number: there is no key, and m_path is empty).
    /// (A view: comparing it with a literal checks the length first, then the bytes - most of
    /// the many comparisons per field end at the length.)
    std::string_view currentKey() const
    {
        return m_depth > 0 ? m_path[size_t(m_depth - 1)] : std::string_view();
    }
    /// The instrument (trial's "instruments") or placement ("response"/"placements") whose
    /// field is being read, or null.
    EnsembleInstrument* currentInstrument()
    {
        if (m_depth == 3 && m_path[0] == "instruments" && !m_record.trial.instruments.empty())
            return &m_record.trial.instruments.back();
        if (m_depth == 4 && m_path[0] == "response" && m_path[1] == "placements" &&
            !m_record.response.placements.empty())
            return &m_record.response.placements.back();
        return nullptr;
    }
    /// The field bits of currentInstrument() (call only when it is not null).
    int* currentFields()
    {
        return m_depth == 3 ? &instrumentFields.back() : &placementFields.back();
    }
    /// `integer` as an int for the count `key`, or false (and parseError) if it is none.
    bool count(const std::optional<int64_t>& integer, std::string_view key, int& target)
    {
        if (!integer || *integer < std::numeric_limits<int>::min() ||
            *integer > std::numeric_limits<int>::max()) {
            fieldProblem = "'" + std::string(key) + "' is not a whole number in range";
            return false;
        }
        target = int(*integer);
        return true;
    }
    bool number(double value, std::optional<int64_t> integer)
    {
        const std::string_view key = currentKey();
        if (m_depth == 1) {
            if (key == "index")
                return count(integer, key, m_record.trial.index) && ++seen;
            else if (key == "blockIndex")
                return count(integer, key, m_record.trial.blockIndex);
            else if (key == "repetition")
                return count(integer, key, m_record.trial.repetition) && ++seen;
            else if (key == "responseTimeS")
                m_record.responseTimeS = value, ++seen;
            else if (key == "onsetFrame") {
                if (!integer) {
                    fieldProblem = "'onsetFrame' is not a whole number in range";
                    return false;
                }
                m_record.onsetFrame = *integer, ++seen;
            } else if (key == "replays")
                return count(integer, key, m_record.replays) && ++seen;
            else if (key == "solos")
                return count(integer, key, m_record.solos);
            else if (key == "lateCallbacks")
                return count(integer, key, m_record.lateCallbacks);
            else if (key == "underruns")
                return count(integer, key, m_record.underruns);
            else if (key == "levelLufs")
                m_record.levelLufs = value;
            else if (key == "gainDb")
                m_record.gainDb = value;
            else if (key == "deviceCompensationDb")
                m_record.deviceCompensationDb = value;
            else if (key == "deviceLevelOffsetDb")
                m_record.deviceLevelOffsetDb = value;
            else if (key == "azimuthDeg")
                m_record.trial.azimuthDeg = value, ++seen;
            else if (key == "elevationDeg")
                m_record.trial.elevationDeg = value, ++seen;
            else if (key == "widthDeg")
                m_record.trial.widthDeg = value, ++seen;
            else if (key == "distanceM") // only where set (0 = the reference distance)
                m_record.trial.distanceM = value;
        } else if (m_depth == 2) {
            const std::string_view parent = m_path[0];
            if (parent == "head" && m_record.head) {
                if (key == "yawRangeDeg")
                    m_record.head->yawRangeDeg = value;
                else if (key == "meanAbsYawDeg")
                    m_record.head->meanAbsYawDeg = value;
            } else if (parent == "response") {
                if (key == "azimuthDeg")
                    m_record.response.azimuthDeg = value;
                else if (key == "elevationDeg")
                    m_record.response.elevationDeg = value;
                else if (key == "leftEdgeDeg")
                    m_record.response.leftEdgeDeg = value;
                else if (key == "rightEdgeDeg")
                    m_record.response.rightEdgeDeg = value;
                else if (key == "distanceM")
                    m_record.response.distanceM = value;
                else if (key == "externalization") {
                    int rating = 0;
                    if (!count(integer, key, rating)) return false;
                    if (rating < 0 || rating > maximumExternalization) {
                        fieldProblem = "'externalization' " + std::to_string(rating) +
                                       " is not on the 0-" +
                                       std::to_string(maximumExternalization) + " scale";
                        return false;
                    }
                    m_record.response.externalization = rating;
                }
            }
        } else if (m_depth == 3 && m_path[0] == "distractors" &&
                   !m_record.trial.distractors.empty()) {
            if (key == "azimuthDeg")
                m_record.trial.distractors.back().azimuthDeg = value;
            else if (key == "elevationDeg")
                m_record.trial.distractors.back().elevationDeg = value;
        } else if (EnsembleInstrument* instrument = currentInstrument()) {
            if (key == "azimuthDeg")
                instrument->azimuthDeg = value, *currentFields() |= AzimuthRead;
            else if (key == "distanceM")
                instrument->distanceM = value, *currentFields() |= DistanceRead;
        }
        return true;
    }

    TrialRecord& m_record;
    /// The keys down to the value being read: views of the parser's strings, which stay put
    /// while it walks this line (copying each key was a tenth of reading a study).
    std::vector<std::string_view> m_path;
    int m_depth = 0;
};

/// Hands `element` and everything in it to `handler` in document order, as a SAX parser
/// would; stops (false) where the handler does. Depth is bounded by the parser's (1,024).
bool walk(simdjson::dom::element element, TrialHandler& handler)
{
    using Type = simdjson::dom::element_type;
    switch (element.type()) {
    case Type::OBJECT: {
        // Copied out of the result first: iterating the temporary result would dangle.
        const simdjson::dom::object object = element.get_object().value_unsafe();
        if (!handler.start_object()) return false;
        for (const simdjson::dom::key_value_pair field : object)
            if (!handler.key(field.key) || !walk(field.value, handler)) return false;
        return handler.end_object();
    }
    case Type::ARRAY: {
        const simdjson::dom::array array = element.get_array().value_unsafe();
        if (!handler.start_array()) return false;
        for (const simdjson::dom::element item : array)
            if (!walk(item, handler)) return false;
        return handler.end_array();
    }
    case Type::INT64:
        return handler.number_integer(element.get_int64().value_unsafe());
    case Type::UINT64:
        return handler.number_unsigned(element.get_uint64().value_unsafe());
    case Type::DOUBLE:
        return handler.number_float(element.get_double().value_unsafe());
    case Type::STRING:
        return handler.string(element.get_string().value_unsafe());
    case Type::BOOL:
        return handler.boolean(element.get_bool().value_unsafe());
    case Type::NULL_VALUE:
        return handler.null();
    }
    return true;
}

// index, blockId, kind, training, feedback, responseMode, stimulus, model, device, repetition,
// azimuthDeg, elevationDeg, widthDeg, responseTimeS, onsetFrame, replays
constexpr int requiredFields = 16;
} // namespace

bool parseTrialLine(const char* begin, const char* end, TrialRecord& record)
{
    record = TrialRecord{};
    // simdjson parses at about 1 GB/s (SIMD, one pass); a parser per thread keeps its buffers
    // between lines. The line is copied into the parser's padded buffer (realloc_if_needed).
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element document;
    if (const auto error = parser.parse(begin, size_t(end - begin), true).get(document))
        throw Error(std::string("not valid JSON (") + simdjson::error_message(error) + ")");
    TrialHandler handler(record);
    walk(document, handler);
    if (!handler.fieldProblem.empty()) throw Error(handler.fieldProblem);
    if (!handler.isTrial) return false;
    if (handler.seen < requiredFields) throw Error("a trial record lacks required fields");
    // A stage map's instruments and placements each need all three fields, as numbers where
    // numbers belong: a missing one would read as an answer in front at 1 m.
    const auto check = [](const std::vector<int>& fields, const char* what) {
        for (size_t i = 0; i < fields.size(); ++i)
            if (fields[i] != TrialHandler::AllRead)
                throw Error(std::string(what) + " " + std::to_string(i + 1) +
                            " lacks its stimulus, azimuthDeg or distanceM (or one is not of "
                            "its type)");
    };
    check(handler.instrumentFields, "instrument");
    check(handler.placementFields, "placement");
    const bool stageMap = record.trial.responseMode == "stage-map";
    if (!stageMap && (!record.trial.instruments.empty() || !record.response.placements.empty()))
        throw Error("a trial that is not a stage map records instruments or placements");
    if (stageMap && (record.trial.instruments.empty() || record.trial.ensemble.empty()))
        throw Error("a stage-map record lacks its ensemble or its instruments");
    // Every instrument placed once, in order, in range: rows pair them by position.
    if (stageMap)
        if (const std::string missing = missingAnswer(record.response, record.trial);
            !missing.empty())
            throw Error(missing);
    return true;
}

} // namespace stagelab
