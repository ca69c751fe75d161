#include "gui/application.h"

#include "gui/bridge.h"
#include "io/stimulus.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

namespace stagelab::gui {

QString defaultExperimentPath()
{
    return QDir(QString::fromStdString(stagelab::defaultStimulusFolder()))
        .filePath(QStringLiteral("experiments/demo.json"));
}

bool loadMainWindow(QQmlApplicationEngine& engine, Bridge& bridge)
{
    // Qt 6.4 has no loadFromModule() and does not search qrc:/qt/qml by default.
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.setInitialProperties({{QStringLiteral("bridge"), QVariant::fromValue(&bridge)}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Stagelab/Main.qml")));
    return !engine.rootObjects().isEmpty() &&
           qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
}

} // namespace stagelab::gui
