// Qt Quick Test runner for tests/gui/tst_*.qml: the pads of the real Stagelab QML module.
#include <QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(Stagelab_BridgePlugin)
Q_IMPORT_QML_PLUGIN(StagelabPlugin)

class Setup : public QObject
{
    Q_OBJECT
public slots:
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(pads, Setup)

#include "tst_pads.moc"
