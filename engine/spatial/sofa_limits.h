#pragma once
/// What a SOFA HRTF set may hold before Stagelab uses it. libmysofa checks the structure; these
/// are the values: a Data.Delay of a million samples allocated 11 GB, and a NaN in Data.IR made
/// 29 % of a render NaN, both accepted without a word.

#include <string>

struct MYSOFA_HRTF;

namespace stagelab {

/// Data.Delay beyond this is not a measurement's onset but a broken file (a source 17 m away).
inline constexpr double maximumHrtfDelayS = 0.05;
/// Impulse responses longer than this (1.4 s at 48 kHz) are reverberant rooms, not HRTFs.
inline constexpr unsigned maximumHrtfLength = 65536;
/// More measurements than any measured set (the densest have ~12,000).
inline constexpr unsigned maximumHrtfMeasurements = 100000;
/// The engine's own range of sample rates.
inline constexpr double minimumHrtfRateHz = 8000.0, maximumHrtfRateHz = 384000.0;

/// Throws Error naming `path`, the variable and the value if `hrtf` breaks a limit above or
/// holds a value that is not finite.
void checkSofaLimits(const MYSOFA_HRTF& hrtf, const std::string& path);

} // namespace stagelab
