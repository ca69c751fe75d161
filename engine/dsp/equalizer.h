#pragma once
/// What a device equaliser is, independent of where it was read from (AutoEq files, inline
/// profile filters) and of how it runs (EqualizerChain, OutputStage).

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace stagelab {

/// A closed range a setting must lie in.
struct EqualizerRange
{
    double minimum, maximum;
    bool contains(double value) const noexcept { return value >= minimum && value <= maximum; }
};

/// What an equaliser may ask for, whoever wrote it (an AutoEq file or a profile's inline
/// filters): wider than any real headphone correction (AutoEq's stay within +-20 dB and Q 0.1-10),
/// narrow enough that a typo (+100 dB, 1e300) is refused instead of driving level matching.
namespace equalizerLimits {
inline constexpr EqualizerRange preampDb{-60.0, 24.0};
inline constexpr EqualizerRange gainDb{-40.0, 40.0};
inline constexpr EqualizerRange frequencyHz{1.0, 100000.0};
inline constexpr EqualizerRange q{0.01, 100.0};
/// Counts: AutoEq writes 10 parametric filters and 127 GraphicEQ points. Each filter costs the
/// audio callback a biquad per channel and every calibration a response measurement, so a file
/// of a million filters is refused rather than run.
inline constexpr size_t filters = 64;
inline constexpr size_t graphicPoints = 1024;
} // namespace equalizerLimits

/// One RBJ cookbook biquad section as AutoEq writes it.
struct ParametricFilter
{
    std::string type; ///< "PK" (peaking), "LSC" (low shelf) or "HSC" (high shelf).
    double frequencyHz = 0;
    double gainDb = 0;
    double q = 0; ///< Also the shelves' Q (AutoEq: alpha = sin(w0) / (2 Q) for all three types).
};

/// An equaliser: either parametric filters or a graphic curve, plus a preamp (as AutoEq files,
/// device profiles and session headers describe it).
struct Equalizer
{
    double preampDb = 0;
    std::vector<ParametricFilter> filters;               ///< Enabled filters, in file order.
    std::vector<std::pair<double, double>> graphicCurve; ///< (frequency Hz, gain dB), increasing.
    std::string source;                                  ///< File (or name) it came from.

    /// True when the equaliser is a GraphicEQ curve rather than a filter list.
    bool isGraphic() const noexcept { return !graphicCurve.empty(); }
};

} // namespace stagelab
