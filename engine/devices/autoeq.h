#pragma once
/// AutoEq / EqualizerAPO equaliser files: ParametricEQ.txt, FixedBandEQ.txt and GraphicEQ.txt.
///
/// Parametric and fixed-band files hold one `Preamp: G dB` line and any number of
/// `Filter N: ON|OFF PK|LSC|HSC Fc F Hz Gain G dB Q Q` lines, in any order; blank lines and `#`
/// comments are ignored, OFF filters are skipped. A graphic file holds one line
/// `GraphicEQ: f1 g1; f2 g2; ...` with strictly increasing frequencies (its preamp is folded into
/// the gains), optionally with a Preamp line too. Off the audio thread only.

#include "dsp/equalizer.h"

#include <string>

namespace stagelab {

/// Parses the text of an AutoEq file; the kind is detected from the content. Throws Error
/// naming `sourceName`, the 1-based line and the reason on anything malformed.
Equalizer parseAutoEq(const std::string& text, const std::string& sourceName);

/// Reads and parses an AutoEq file; throws Error naming the path if it cannot be read or parsed.
Equalizer loadAutoEqFile(const std::string& path);

} // namespace stagelab
