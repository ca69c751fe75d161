#include "gui/trial_points.h"

#include <QStringList>
#include <QVariantMap>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numbers>
#include <random>
#include <vector>

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
    // Beyond the limit, a random choice of `limit` answers, the same every time (a fixed seed),
    // in their order: every k-th answer could fall in step with the plan's order and leave a
    // level out.
    std::vector<char> shown(size_t(count), 1);
    if (limit >= 0 && count > limit) {
        // Selection sampling (Knuth's algorithm S): each answer is kept with the chance that
        // leaves exactly `limit` kept; 64-bit draws make the modulo's bias negligible.
        std::mt19937_64 random(20260101);
        std::ptrdiff_t needed = limit;
        for (std::ptrdiff_t i = 0; i < count; ++i) {
            const auto left = std::uint64_t(count - i);
            shown[size_t(i)] = random() % left < std::uint64_t(needed);
            needed -= shown[size_t(i)];
        }
    }
    QVariantList points;
    size_t index = 0;
    for (const ResultRow& row : rows) {
        if (!answered(row) || !shown[index++]) continue;
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

QVariantList scatterGroups(const QVariantList& points, const QString& factor)
{
    std::map<QString, QVariantList> byLevel; // sorted as the plot's levels and error bars
    for (const QVariant& value : points) {
        const QVariantMap point = value.toMap();
        if (point.value(QStringLiteral("kind")).toString() != QLatin1String("localization"))
            continue;
        QVariantList& unit = byLevel[point.value(factor).toString()];
        for (const char* key : {"targetAzimuthDeg", "responseAzimuthDeg"}) {
            const double radians =
                point.value(QLatin1String(key)).toDouble() * std::numbers::pi / 180.0;
            unit.append(-std::sin(radians));
            unit.append(-std::cos(radians));
        }
    }
    QVariantList groups;
    for (auto& [level, unit] : byLevel)
        groups.append(QVariantMap{{"level", level}, {"unit", std::move(unit)}});
    return groups;
}

} // namespace stagelab::gui
