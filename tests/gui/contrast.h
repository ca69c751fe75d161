#pragma once
// The theme's promise checked on what is really on screen: every visible, enabled text of a
// window against what lies beneath it, by WCAG 2's contrast ratio.

#include <QQuickWindow>
#include <QStringList>

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
double contrastRatio(const QColor& a, const QColor& b);

/// One line per visible text of `window` (pages, popups, dialogs) whose contrast with the
/// opaque surface beneath it is below `minimum`: its text, colours and ratio. Disabled
/// controls (faded on purpose, and exempt in WCAG) are left out.
QStringList lowContrastTexts(QQuickWindow* window, double minimum = 4.5);
