#pragma once
/// Answered trials as the points the polar plots draw (the Done page and the results browser).

#include "analysis/result_row.h"

#include <QVariantList>

#include <climits>
#include <span>

namespace stagelab::gui {

/// One map per answered trial: kind, targetAzimuthDeg, responseAzimuthDeg, targetWidthDeg,
/// responseLeftEdgeDeg, responseRightEdgeDeg and the factors a plot can colour by: model, device,
/// stimulus, participant. Beyond `limit` answers, `limit` of them chosen at random with a fixed
/// seed (the same every time), in their order; `answered`, if given, counts them all.
QVariantList trialPoints(std::span<const ResultRow> rows, int limit = INT_MAX,
                         int* answered = nullptr);

} // namespace stagelab::gui
