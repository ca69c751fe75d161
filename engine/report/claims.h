#pragma once
/// The claims people make about headphones' soundstage, each answered from a study's results in
/// one line with its evidence (the study report's "Claims" section). A claim the data do not
/// support says so; one the study did not measure says that instead.

#include "analysis/result_row.h"
#include "results/session_file.h"

#include <span>
#include <string>
#include <vector>

namespace stagelab {

/// One claim and what the results say of it.
struct ClaimFinding
{
    std::string claim; ///< "Open-back headphones stage wider than IEMs"
    /// "supported" (reliable), "tentatively supported" (the interval only), "partly supported"
    /// (some of its evidence), "not supported", "contradicted" (reliably the other way), or
    /// "not tested" (the study lacks the devices, models or trials).
    std::string status;
    std::string evidence; ///< The comparisons behind it, one clause each.
};

/// Non-inferiority margin of "IEMs image at least as precisely": their placement and
/// great-circle errors may exceed the open-backs' by less than this (the upper end of the 95 %
/// interval), about the localization blur in front (Blauert 1997: 1-4 deg).
inline constexpr double precisionMarginDeg = 2.0;

/// The four claims, in order: open-backs stage wider (stage width ratio, perceived width);
/// open-backs sound more spacious (stage depth ratio and externalization); IEMs image at least
/// as precisely (great-circle and placement error within precisionMarginDeg); wider-placed
/// speakers widen the stage but blur the image (the widest against the narrowest
/// virtual-speakers model: stage width ratio, and the lateral scatter of answers to one place).
/// Devices are found by their kind ("open-back", "iem"), speaker bases in the session headers'
/// models.
std::vector<ClaimFinding> soundstageClaims(const std::vector<SessionFileContents>& sessions,
                                           std::span<const ResultRow> rows,
                                           std::size_t bootstrapResamples);

/// The claims as a section of the report page; "" when none of them could be tested.
std::string claimsSection(const std::vector<ClaimFinding>& findings);

} // namespace stagelab
