// Starting and resuming a session off the GUI thread: reading the experiment and its plan,
// creating the results file, opening the audio device and loading the HRTF set take from tens of
// milliseconds to a second (a first HRTF load at a new rate), which would freeze the window.

#include "gui/qstring_text.h"
#include "gui/session_controller.h"
#include "session/session.h"
#include "session/trial_player.h"

#include <QMetaObject>

using namespace stagelab;
using stagelab::gui::text;

bool SessionController::start(const QString& experimentPath, const QString& participant,
                              const QString& audioDeviceId, int bufferFrames,
                              const QString& hrtfPath, const QString& resultsFolder,
                              const QString& deviceProfile)
{
    SessionOptions options;
    options.experimentPath = experimentPath.toStdString();
    options.participant = participant.trimmed().toStdString();
    options.resultsFolder = resultsFolder.toStdString();
    options.hrtfPath = hrtfPath.toStdString();
    options.deviceProfile = deviceProfile.toStdString();
    return openOnWorker(
        [options, factory = players(audioDeviceId, bufferFrames)] {
            return Session::start(options, factory);
        },
        participant, bufferFrames);
}

bool SessionController::resume(const QString& sessionId, const QString& participant,
                               const QString& audioDeviceId, int bufferFrames,
                               const QString& resultsFolder)
{
    SessionOptions options;
    options.participant = participant.trimmed().toStdString();
    options.resultsFolder = resultsFolder.toStdString();
    return openOnWorker(
        [options, id = sessionId.toStdString(), factory = players(audioDeviceId, bufferFrames)] {
            return Session::resume(options, id, factory);
        },
        participant, bufferFrames);
}

bool SessionController::openOnWorker(std::function<std::unique_ptr<Session>()> open,
                                     const QString& participant, int bufferFrames)
{
    if (opening()) return false;
    closeSession();
    m_bufferFrames = bufferFrames;
    if (!m_errorMessage.isEmpty()) { // the last attempt's; this one will say its own
        m_errorMessage.clear();
        emit errorMessageChanged();
    }
    m_opener = std::thread([this, open = std::move(open), participant] {
        // Shared, not unique: the call posted below must be copyable.
        auto opened = std::make_shared<std::unique_ptr<Session>>();
        QString error;
        try {
            *opened = open();
        } catch (const std::exception& failure) {
            error = QString::fromStdString(failure.what());
        }
        // Back on the GUI thread; the destructor joins this thread before `this` goes.
        QMetaObject::invokeMethod(
            this,
            [this, opened, error, participant] {
                finishOpening(std::move(*opened), error, participant);
            },
            Qt::QueuedConnection);
    });
    emit openingChanged();
    return true;
}

void SessionController::finishOpening(std::unique_ptr<Session> session, const QString& error,
                                      const QString& participant)
{
    m_opener.join(); // it posted this call as its last act
    if (!session) {
        m_errorMessage = error;
        emit errorMessageChanged();
        emit openingChanged(); // after the error: a handler reading it sees this attempt's
        return;
    }
    emit openingChanged();
    m_session = std::move(session);
    m_errorMessage.clear();
    m_participant = participant.trimmed();
    m_notices.clear();
    m_doneNotices.clear();
    for (const std::string& notice : m_session->notices())
        m_notices.append(text(notice));
    m_introducedBlocks.clear();
    attachTracker();
    m_audioTimer.start();
    emit errorMessageChanged();
    emit sessionChanged();
    emit sessionOpened();
    updatePage();
}
