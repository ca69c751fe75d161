#pragma once
// Drives the real Stagelab window (the QML and bridge the app runs) the way a person would:
// mouse clicks and key presses delivered to the window with QTest. Shared by the end-to-end
// tests and the README screenshot tour.

#include "gui/bridge.h"

#include <QPointF>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QString>

#include <memory>

class GuiDriver
{
public:
    GuiDriver(const QString& experimentPath, const QString& resultsFolder);
    bool loaded() const { return m_window != nullptr; }
    QQuickWindow* window() const { return m_window; }
    Bridge& bridge() { return *m_bridge; }
    SessionController& session() { return *m_bridge->session(); }
    CalibrationController& calibration() { return *m_bridge->calibration(); }

    /// The visible item with this objectName (waits up to `timeoutMs` for it), or null.
    QQuickItem* item(const QString& objectName, int timeoutMs = 5000);
    /// True while the popup (dialog) with this objectName is open; waits up to `timeoutMs`.
    bool popupOpen(const QString& objectName, int timeoutMs = 5000);
    /// Clicks the centre of the named item once it is visible and enabled; false if it never is.
    bool click(const QString& objectName, int timeoutMs = 5000);
    void clickAt(QQuickItem* item, QPointF local);
    void drag(QQuickItem* item, const QList<QPointF>& localPath);
    void typeText(const QString& text);
    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    bool waitForPage(SessionController::Page page, int timeoutMs = 10000);
    /// Keyboard only: presses Tab until the named item has the focus (false after `maxTabs`).
    bool tabTo(const QString& objectName, int maxTabs = 40);

    /// The point of a pad at SOFA `azimuthDeg` (+90 = left, nose up) and `radiusPx` from its
    /// centre, worked out here independently of the QML's own conversion.
    static QPointF padPoint(QQuickItem* pad, double azimuthDeg, double radiusPx);
    /// Answers the current trial on the pad: a click at `azimuthDeg`, or for width trials a drag
    /// from `rightEdgeDeg` out to `leftEdgeDeg` (through the middle, along the ring).
    bool answerLocalization(double azimuthDeg);
    bool answerWidth(double leftEdgeDeg, double rightEdgeDeg);
    /// Sets the calibration volume to `gainDb` with the arrow keys on its slider (0.5-dB steps).
    bool setVolume(double gainDb);
    /// Calibration page: the left/right check, answered until right (the ear is random).
    bool passChannelCheck();
    /// Calibration page: plays the reference, sets the volume to `gainDb`, saves it as the
    /// device's calibration with `splReading` when the experiment lists devices, and passes the
    /// left/right check (answering until right: the ear is random).
    bool calibrate(double gainDb, const QString& splReading = QString());
    /// From the Calibration or Instructions page to the next trial (calibrating at 0 dB,
    /// beginning blocks); false if another page stands in the way.
    bool reachTrial();

private:
    std::unique_ptr<Bridge> m_bridge;
    QQmlApplicationEngine m_engine;
    QQuickWindow* m_window = nullptr;
};
