#pragma once
/// Loading the Stagelab window: shared by main() and the end-to-end tests, so that the tests
/// drive exactly the application users run.

#include <QString>

class Bridge;
class QQmlApplicationEngine;

namespace stagelab::gui {

/// The demo experiment of the default stimulus set.
QString defaultExperimentPath();

/// Loads qml/Main.qml (from the module's resources) into `engine` with `bridge`; returns false
/// (after printing QML's errors) if the window could not be created.
bool loadMainWindow(QQmlApplicationEngine& engine, Bridge& bridge);

} // namespace stagelab::gui
