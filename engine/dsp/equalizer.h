#pragma once
/// What a device equaliser is, independent of where it was read from (AutoEq files, inline
/// profile filters) and of how it runs (EqualizerChain, OutputStage).

#include <string>
#include <utility>
#include <vector>

namespace stagelab {

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
