#include "contrast.h"

#include <QQuickItem>

#include <algorithm>
#include <cmath>

namespace {
double luminance(const QColor& colour)
{
    auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) +
           0.0722 * channel(colour.blueF());
}

/// Shown and not faded: every ancestor visible, enabled and (nearly) opaque.
bool shownInFull(const QQuickItem* item)
{
    for (; item; item = item->parentItem())
        if (!item->isVisible() || !item->isEnabled() || item->opacity() < 0.99) return false;
    return true;
}

/// An opaque Rectangle: something a text can be read against.
bool isSurface(const QQuickItem* item)
{
    if (!item->inherits("QQuickRectangle") || !item->isVisible() || item->opacity() < 0.5)
        return false;
    return item->property("color").value<QColor>().alphaF() > 0.5;
}

/// The colour of the nearest opaque surface beneath `text`: a Rectangle it lies in (a card, a
/// dialog), or one stacked below it under its centre (a control's background), else the
/// window's own colour.
QColor surfaceBeneath(const QQuickItem* text, const QQuickWindow* window)
{
    const QPointF centre = text->mapToScene(QPointF(text->width() / 2, text->height() / 2));
    const QQuickItem* child = text;
    for (const QQuickItem* parent = text->parentItem(); parent;
         child = parent, parent = parent->parentItem()) {
        // Siblings painted before `child` (lower z, or earlier at equal z), nearest first.
        QList<QQuickItem*> below;
        for (QQuickItem* sibling : parent->childItems()) {
            if (sibling == child) break;
            below.prepend(sibling);
        }
        for (QQuickItem* sibling : parent->childItems())
            if (sibling->z() < child->z() && !below.contains(sibling)) below.append(sibling);
        for (const QQuickItem* sibling : below)
            if (isSurface(sibling) && sibling->contains(sibling->mapFromScene(centre)))
                return sibling->property("color").value<QColor>();
        if (isSurface(parent)) return parent->property("color").value<QColor>();
    }
    return window->color();
}

void collectTexts(QQuickItem* item, QList<QQuickItem*>& texts)
{
    if (!item->isVisible()) return;
    if (item->inherits("QQuickText") && !item->property("text").toString().trimmed().isEmpty())
        texts.append(item);
    for (QQuickItem* child : item->childItems())
        collectTexts(child, texts);
}
} // namespace

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QStringList lowContrastTexts(QQuickWindow* window, double minimum)
{
    QList<QQuickItem*> texts;
    collectTexts(window->contentItem(), texts);
    QStringList problems;
    for (const QQuickItem* text : texts) {
        if (!shownInFull(text)) continue;
        const QColor colour = text->property("color").value<QColor>();
        const QColor beneath = surfaceBeneath(text, window);
        const double ratio = contrastRatio(colour, beneath);
        if (ratio < minimum)
            problems.append(QStringLiteral("'%1': %2 on %3 is %4:1")
                                .arg(text->property("text").toString().left(50), colour.name(),
                                     beneath.name(), QString::number(ratio, 'f', 2)));
    }
    return problems;
}
