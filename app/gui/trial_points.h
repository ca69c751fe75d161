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

/// The localization answers of `points` (trialPoints) as the polar plot draws them, grouped by
/// their `factor` level in the levels' sorted order: [{level, unit}], `unit` holding each
/// answer's target and response as unit vectors on the screen (x, y, x, y: x = -sin azimuth,
/// y = -cos azimuth; +90 deg is left, 0 up). Made off the window's thread: grouping thousands of
/// answers in QML costs it tens of milliseconds.
QVariantList scatterGroups(const QVariantList& points, const QString& factor);

} // namespace stagelab::gui
