#pragma once
/// Answered trials as the points the polar plots draw (the Done page and the results browser).

#include "analysis/result_row.h"

#include <QVariantList>

#include <span>

namespace stagelab::gui {

/// One map per answered trial: kind, targetAzimuthDeg, responseAzimuthDeg, targetWidthDeg,
/// responseLeftEdgeDeg, responseRightEdgeDeg, model, device, participant.
QVariantList trialPoints(std::span<const ResultRow> rows);

} // namespace stagelab::gui
