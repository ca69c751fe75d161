// stagelab: the Qt Quick application for running listening tests and browsing their results.

#include "gui/application.h"
#include "gui/bridge.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(Stagelab_BridgePlugin)
Q_IMPORT_QML_PLUGIN(StagelabPlugin)

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Stagelab"));
    QGuiApplication::setApplicationName(QStringLiteral("Stagelab"));
    QGuiApplication::setApplicationVersion(QStringLiteral(STAGELAB_VERSION));
    QQuickStyle::setStyle(
        QStringLiteral("Basic")); // the theme is ours; Basic takes colours as given

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Listening tests of soundstage and imaging"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption experiment(
        QStringLiteral("experiment"), QStringLiteral("Experiment file to preselect."),
        QStringLiteral("FILE"), stagelab::gui::defaultExperimentPath());
    const QCommandLineOption results(QStringLiteral("results"), QStringLiteral("Results folder."),
                                     QStringLiteral("DIR"), QStringLiteral("results"));
    parser.addOptions({experiment, results});
    parser.process(app);

    Bridge bridge(parser.value(experiment), parser.value(results));
    QQmlApplicationEngine engine;
    if (!stagelab::gui::loadMainWindow(engine, bridge)) return 1;
    return QGuiApplication::exec();
}
