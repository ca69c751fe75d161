#pragma once
/// Analysis results as the plain lists and maps QML binds to (the Done page and the results
/// browser show the same numbers the CLI prints).

#include "analysis/grouping.h"
#include "analysis/result_row.h"

#include <QVariantList>

#include <span>

namespace stagelab::gui {

/// One map per answered trial: kind, targetAzimuthDeg, responseAzimuthDeg, targetWidthDeg,
/// responseLeftEdgeDeg, responseRightEdgeDeg, model, device, participant.
QVariantList trialPoints(std::span<const ResultRow> rows);

/// One map per group: "label" (levels joined by " · "), "n", and each metric by name (NaN
/// becomes undefined in QML).
QVariantList groupMetrics(const AnalysisResult& result);

} // namespace stagelab::gui
