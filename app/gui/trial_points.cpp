#include "gui/trial_points.h"

#include <QStringList>
#include <QVariantMap>

#include <algorithm>
#include <cmath>

namespace stagelab::gui {

namespace {
QVariant optionalNumber(const std::optional<double>& value)
{
    return value && std::isfinite(*value) ? QVariant(*value) : QVariant();
}

QString factor(const ResultRow& row, const char* name)
{
    const auto found = row.factors.find(name);
    return found == row.factors.end() ? QString() : QString::fromStdString(found->second);
}

bool answered(const ResultRow& row)
{
    return row.kind == "width" ? row.responseLeftEdgeDeg && row.responseRightEdgeDeg
                               : row.responseAzimuthDeg.has_value();
}
} // namespace

QVariantList trialPoints(std::span<const ResultRow> rows, int limit, int* answeredCount)
{
    const auto count = std::count_if(rows.begin(), rows.end(), answered);
    if (answeredCount) *answeredCount = int(count);
    const auto every = limit > 0 ? std::max<std::ptrdiff_t>(1, (count + limit - 1) / limit) : 1;
    QVariantList points;
    std::ptrdiff_t index = -1;
    for (const ResultRow& row : rows) {
        if (!answered(row) || ++index % every != 0) continue;
        points.append(
            QVariantMap{{"kind", QString::fromStdString(row.kind)},
                        {"targetAzimuthDeg", row.targetAzimuthDeg},
                        {"targetWidthDeg", row.targetWidthDeg},
                        {"responseAzimuthDeg", optionalNumber(row.responseAzimuthDeg)},
                        {"responseLeftEdgeDeg", optionalNumber(row.responseLeftEdgeDeg)},
                        {"responseRightEdgeDeg", optionalNumber(row.responseRightEdgeDeg)},
                        {"model", factor(row, "model")},
                        {"device", factor(row, "device")},
                        {"stimulus", factor(row, "stimulus")},
                        {"participant", factor(row, "participant")}});
    }
    return points;
}

} // namespace stagelab::gui
