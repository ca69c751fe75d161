#include "gui_driver.h"

#include "gui/application.h"

#include <QSignalSpy>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <cmath>
#include <numbers>

Q_IMPORT_QML_PLUGIN(Stagelab_BridgePlugin)
Q_IMPORT_QML_PLUGIN(StagelabPlugin)

namespace {
QQuickItem* findVisible(QQuickItem* root, const QString& name)
{
    if (!root || !root->isVisible()) return nullptr;
    if (root->objectName() == name) return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = findVisible(child, name)) return found;
    return nullptr;
}

QObject* findPopup(QQuickItem* item, const QString& name)
{
    if (QObject* popup = item->findChild<QObject*>(name, Qt::FindDirectChildrenOnly)) return popup;
    for (QQuickItem* child : item->childItems())
        if (QObject* popup = findPopup(child, name)) return popup;
    return nullptr;
}
} // namespace

GuiDriver::GuiDriver(const QString& experimentPath, const QString& resultsFolder)
    : m_bridge(std::make_unique<Bridge>(experimentPath, resultsFolder))
{
    if (stagelab::gui::loadMainWindow(m_engine, *m_bridge)) {
        m_window = qobject_cast<QQuickWindow*>(m_engine.rootObjects().constFirst());
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window)) m_window = nullptr;
    }
}

QQuickItem* GuiDriver::item(const QString& objectName, int timeoutMs)
{
    QQuickItem* found = nullptr;
    // The window's root item holds the pages and the popup overlay alike.
    const bool appeared = QTest::qWaitFor(
        [&] { return (found = findVisible(m_window->contentItem(), objectName)) != nullptr; },
        timeoutMs);
    return appeared ? found : nullptr;
}

bool GuiDriver::popupOpen(const QString& objectName, int timeoutMs)
{
    // Popups are QObjects, not items: they hang from the item (page) that declares them.
    return QTest::qWaitFor(
        [&] {
            const QObject* popup = findPopup(m_window->contentItem(), objectName);
            return popup && popup->property("opened").toBool();
        },
        timeoutMs);
}

bool GuiDriver::click(const QString& objectName, int timeoutMs)
{
    QQuickItem* target = item(objectName, timeoutMs);
    if (!target || !QTest::qWaitFor([&] { return target->isEnabled(); }, timeoutMs)) return false;
    clickAt(target, QPointF(target->width() / 2, target->height() / 2));
    return true;
}

void GuiDriver::clickAt(QQuickItem* item, QPointF local)
{
    const QPoint point = item->mapToScene(local).toPoint();
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, point);
    QTest::qWait(10);
}

void GuiDriver::drag(QQuickItem* item, const QList<QPointF>& localPath)
{
    QTest::mousePress(m_window, Qt::LeftButton, Qt::NoModifier,
                      item->mapToScene(localPath.first()).toPoint());
    for (qsizetype i = 1; i < localPath.size(); ++i) {
        QTest::mouseMove(m_window, item->mapToScene(localPath[i]).toPoint());
        QTest::qWait(10);
    }
    QTest::mouseRelease(m_window, Qt::LeftButton, Qt::NoModifier,
                        item->mapToScene(localPath.last()).toPoint());
    QTest::qWait(10);
}

void GuiDriver::typeText(const QString& text)
{
    for (const QChar c : text)
        QTest::keyClick(m_window, c.toLatin1());
}

void GuiDriver::key(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_window, key, modifiers);
}

bool GuiDriver::waitForPage(SessionController::Page page, int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return session().page() == page; }, timeoutMs)) return false;
    // The page may have come with an event the wait just processed (a session opens on a
    // worker thread): let the window lay it out and draw it before anyone measures it.
    QSignalSpy drawn(m_window, &QQuickWindow::frameSwapped);
    m_window->update();
    drawn.wait(1000);
    return true;
}

bool GuiDriver::tabTo(const QString& objectName, int maxTabs)
{
    for (int tab = 0; tab <= maxTabs; ++tab) {
        const QQuickItem* focused = m_window->activeFocusItem();
        if (focused && focused->objectName() == objectName) return true;
        key(Qt::Key_Tab);
    }
    return false;
}

QPointF GuiDriver::padPoint(QQuickItem* pad, double azimuthDeg, double radiusPx)
{
    const double a = azimuthDeg * std::numbers::pi / 180.0;
    return {pad->width() / 2 - radiusPx * std::sin(a), pad->height() / 2 - radiusPx * std::cos(a)};
}

bool GuiDriver::answerLocalization(double azimuthDeg)
{
    QQuickItem* pad = item(QStringLiteral("localizationPad"));
    if (!pad) return false;
    clickAt(pad, padPoint(pad, azimuthDeg, pad->height() * 0.35));
    return true;
}

bool GuiDriver::answerWidth(double leftEdgeDeg, double rightEdgeDeg)
{
    QQuickItem* pad = item(QStringLiteral("widthPad"));
    if (!pad) return false;
    const double r = pad->height() * 0.35;
    QList<QPointF> path;
    for (int step = 0; step <= 8; ++step)
        path.append(padPoint(pad, rightEdgeDeg + (leftEdgeDeg - rightEdgeDeg) * step / 8.0, r));
    drag(pad, path);
    return true;
}

bool GuiDriver::setVolume(double gainDb)
{
    QQuickItem* volume = item(QStringLiteral("volumeSlider"));
    if (!volume) return false;
    volume->forceActiveFocus();
    for (int step = 0; step < 200 && calibration().gainDb() != gainDb; ++step)
        key(calibration().gainDb() < gainDb ? Qt::Key_Right : Qt::Key_Left);
    return calibration().gainDb() == gainDb;
}

bool GuiDriver::calibrate(double gainDb, const QString& splReading)
{
    if (!waitForPage(SessionController::Page::Calibration) ||
        !click(QStringLiteral("referenceButton")) || !setVolume(gainDb))
        return false;
    if (!calibration().device().isEmpty()) {
        if (!click(QStringLiteral("splField"))) return false;
        typeText(splReading);
        if (!click(QStringLiteral("saveCalibrationButton")) || !session().errorMessage().isEmpty())
            return false;
    }
    return passChannelCheck() && click(QStringLiteral("finishCalibrationButton"));
}

bool GuiDriver::passChannelCheck()
{
    // 40 tries at 1/2 each: the chance of never answering right by turns is 1e-12.
    for (int attempt = 0; attempt < 40 && calibration().channelCheck() !=
                                              CalibrationController::ChannelCheck::Correct;
         ++attempt) {
        click(QStringLiteral("channelCheckButton"));
        click(attempt % 2 ? QStringLiteral("rightEarButton") : QStringLiteral("leftEarButton"));
    }
    return calibration().channelCheck() == CalibrationController::ChannelCheck::Correct;
}

bool GuiDriver::reachTrial()
{
    for (int step = 0; step < 20; ++step) {
        switch (session().page()) {
        case SessionController::Page::Calibration:
            if (!calibrate(0.0)) return false;
            break;
        case SessionController::Page::Instructions:
            click(QStringLiteral("beginBlockButton"));
            break;
        case SessionController::Page::Trial:
            return true;
        default:
            return false;
        }
        QTest::qWait(20);
    }
    return false;
}
