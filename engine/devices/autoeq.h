#pragma once
/// AutoEq / EqualizerAPO equaliser files: ParametricEQ.txt, FixedBandEQ.txt and GraphicEQ.txt.
///
/// Parametric and fixed-band files hold one `Preamp: G dB` line and any number of
/// `Filter N: ON|OFF PK|LSC|HSC Fc F Hz Gain G dB Q Q` lines, in any order; blank lines and `#`
/// comments are ignored, OFF filters are skipped. A graphic file holds one line
/// `GraphicEQ: f1 g1; f2 g2; ...` with strictly increasing frequencies (its preamp is folded into
/// the gains), optionally with a Preamp line too. Off the audio thread only.

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

/// An equaliser read from a file: either parametric filters or a graphic curve, plus a preamp.
struct Equalizer
{
    double preampDb = 0;
    std::vector<ParametricFilter> filters;               ///< Enabled filters, in file order.
    std::vector<std::pair<double, double>> graphicCurve; ///< (frequency Hz, gain dB), increasing.
    std::string source;                                  ///< File (or name) it came from.

    /// True when the equaliser is a GraphicEQ curve rather than a filter list.
    bool isGraphic() const noexcept { return !graphicCurve.empty(); }
};

/// Parses the text of an AutoEq file; the kind is detected from the content. Throws Error
/// naming `sourceName`, the 1-based line and the reason on anything malformed.
Equalizer parseAutoEq(const std::string& text, const std::string& sourceName);

/// Reads and parses an AutoEq file; throws Error naming the path if it cannot be read or parsed.
Equalizer loadAutoEqFile(const std::string& path);

} // namespace stagelab
