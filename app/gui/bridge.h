#pragma once
/// The one object QML receives: the session, its calibration, the Start page's setup, the
/// results browser and the head tracker. QML reaches the engine only through these five.

#include "gui/calibration_controller.h"
#include "gui/head_tracker_controller.h"
#include "gui/results_browser.h"
#include "gui/session_controller.h"
#include "gui/start_setup.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

class Bridge : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    Q_PROPERTY(SessionController* session READ session CONSTANT)
    Q_PROPERTY(CalibrationController* calibration READ calibration CONSTANT)
    Q_PROPERTY(StartSetup* setup READ setup CONSTANT)
    Q_PROPERTY(ResultsBrowser* results READ results CONSTANT)
    Q_PROPERTY(HeadTrackerController* tracker READ tracker CONSTANT)

public:
    Bridge(const QString& defaultExperimentPath, const QString& resultsFolder,
           QObject* parent = nullptr)
        : QObject(parent), m_calibration(m_session), m_setup(defaultExperimentPath, resultsFolder)
    {
        m_session.setHeadTracker(&m_tracker);
    }
    SessionController* session() { return &m_session; }
    CalibrationController* calibration() { return &m_calibration; }
    StartSetup* setup() { return &m_setup; }
    ResultsBrowser* results() { return &m_results; }
    HeadTrackerController* tracker() { return &m_tracker; }

private:
    HeadTrackerController m_tracker; // first: the session holds on to it
    SessionController m_session;
    CalibrationController m_calibration;
    StartSetup m_setup;
    ResultsBrowser m_results;
};
