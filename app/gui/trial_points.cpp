#include "gui/trial_points.h"

#include <QStringList>
#include <QVariantMap>

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
} // namespace

QVariantList trialPoints(std::span<const ResultRow> rows)
{
    QVariantList points;
    for (const ResultRow& row : rows) {
        const bool width = row.kind == "width";
        if (width ? !(row.responseLeftEdgeDeg && row.responseRightEdgeDeg)
                  : !row.responseAzimuthDeg)
            continue;
        points.append(
            QVariantMap{{"kind", QString::fromStdString(row.kind)},
                        {"targetAzimuthDeg", row.targetAzimuthDeg},
                        {"targetElevationDeg", row.targetElevationDeg},
                        {"targetWidthDeg", row.targetWidthDeg},
                        {"responseAzimuthDeg", optionalNumber(row.responseAzimuthDeg)},
                        {"responseElevationDeg", optionalNumber(row.responseElevationDeg)},
                        {"responseLeftEdgeDeg", optionalNumber(row.responseLeftEdgeDeg)},
                        {"responseRightEdgeDeg", optionalNumber(row.responseRightEdgeDeg)},
                        {"model", factor(row, "model")},
                        {"device", factor(row, "device")},
                        {"participant", factor(row, "participant")}});
    }
    return points;
}

} // namespace stagelab::gui
