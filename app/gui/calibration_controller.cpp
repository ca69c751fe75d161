#include "gui/calibration_controller.h"

#include "gui/qstring_text.h"
#include "gui/session_controller.h"
#include "session/session.h"
#include "util/error.h"

#include <QRandomGenerator>

using namespace stagelab;
using stagelab::gui::text;

CalibrationController::CalibrationController(SessionController& session, QObject* parent)
    : QObject(parent), m_session(session)
{
    connect(&m_session, &SessionController::sessionOpened, this,
            &CalibrationController::onSessionOpened);
    connect(&m_session, &SessionController::pageChanged, this,
            &CalibrationController::onPageChanged);
    // An audio failure stops whatever played.
    connect(&m_session, &SessionController::audioErrorChanged, this, [this] {
        if (!m_session.audioError().isEmpty()) setReferencePlaying(false);
    });
}

void CalibrationController::onSessionOpened()
{
    m_gainDb = 0.0;
    emit gainDbChanged();
    setChannelCheck(ChannelCheck::NotAsked);
    emit deviceChanged();
    emit deviceStatusChanged();
}

void CalibrationController::onPageChanged()
{
    setErrorMessage({}); // a message belongs to the page it arose on
    const SessionController::Page page = m_session.page();
    if (page == SessionController::Page::Calibration ||
        page == SessionController::Page::DeviceSwitch)
        showDeviceGain();
    else
        setReferencePlaying(false); // left the page (or the session closed): nothing plays
    emit deviceChanged();
    emit deviceStatusChanged();
}

void CalibrationController::showDeviceGain()
{
    // The volume control starts at the gain the device will play at (its stored calibration).
    Session* session = m_session.engineSession();
    if (const ExperimentDevice* device = session ? session->currentDevice() : nullptr) {
        m_gainDb = session->playbackGainDb(device->id);
        m_session.attempt([&] { session->setGainDb(m_gainDb); });
        emit gainDbChanged();
    }
    m_gainTouched = false;
}

void CalibrationController::setGainDb(double gainDb)
{
    if (!m_session.ready() || gainDb == m_gainDb) return;
    m_gainTouched = true;
    try {
        m_session.engineSession()->setGainDb(gainDb);
        m_gainDb = gainDb;
        emit gainDbChanged();
    } catch (const std::exception& error) {
        setErrorMessage(QString::fromStdString(error.what()));
    }
}

double CalibrationController::minimumGainDb() const
{
    return playbackGainRangeDb.minimum;
}

double CalibrationController::maximumGainDb() const
{
    return playbackGainRangeDb.maximum;
}

void CalibrationController::playReference()
{
    const SessionController::Page page = m_session.page();
    if (!m_session.ready() || (page != SessionController::Page::Calibration &&
                               page != SessionController::Page::DeviceSwitch))
        return;
    Session* session = m_session.engineSession();
    if (m_session.attempt([&] { session->playCalibration(CalibrationSignal::BothEars); }))
        setReferencePlaying(true);
}

void CalibrationController::stopReference()
{
    if (Session* session = m_session.engineSession())
        m_session.attempt([&] { session->stopSound(); });
    setReferencePlaying(false);
}

void CalibrationController::playChannelCheck()
{
    if (!m_session.ready() || m_session.page() != SessionController::Page::Calibration) return;
    const Ear ear = QRandomGenerator::global()->bounded(2) == 0 ? Ear::Left : Ear::Right;
    Session* session = m_session.engineSession();
    if (!m_session.attempt([&] {
            session->playCalibration(ear == Ear::Left ? CalibrationSignal::LeftEar
                                                      : CalibrationSignal::RightEar);
        }))
        return;
    m_checkedEar = ear;
    setReferencePlaying(false);
    setChannelCheck(ChannelCheck::Asked);
}

void CalibrationController::answerChannelCheck(Ear ear)
{
    if (m_channelCheck != ChannelCheck::Asked) return;
    setChannelCheck(ear == m_checkedEar ? ChannelCheck::Correct : ChannelCheck::Wrong);
}

void CalibrationController::finishCalibration()
{
    if (!m_session.ready() || m_session.page() != SessionController::Page::Calibration) return;
    Session* session = m_session.engineSession();
    if (!m_session.attempt([&] {
            if (m_gainTouched) // the volume the listener chose, even if it was not saved
                session->useGainForCurrentDevice(m_gainDb);
            session->completeCalibration(m_gainDb);
        }))
        return;
    setReferencePlaying(false);
    m_session.refresh();
}

void CalibrationController::confirmDeviceSwitch()
{
    if (m_session.ready() && m_session.page() == SessionController::Page::DeviceSwitch) {
        const std::optional<double> gain =
            m_gainTouched ? std::optional<double>(m_gainDb) : std::nullopt;
        Session* session = m_session.engineSession();
        m_session.attempt([&] {
            session->stopSound();
            session->confirmDeviceSwitch(gain);
        });
        setReferencePlaying(false);
    }
    m_session.refresh();
}

bool CalibrationController::saveDeviceCalibration(const QString& splText)
{
    if (!m_session.ready()) return false;
    try {
        std::optional<double> splDb;
        if (!splText.trimmed().isEmpty()) {
            bool ok = false;
            splDb = splText.trimmed().toDouble(&ok);
            if (!ok)
                throw Error("the SPL reading '" + splText.toStdString() +
                            "' is not a number of dB");
        }
        m_session.engineSession()->calibrateDevice(m_gainDb, splDb);
    } catch (const std::exception& error) {
        setErrorMessage(QString::fromStdString(error.what()));
        return false;
    }
    setErrorMessage({});
    emit deviceStatusChanged();
    return true;
}

double CalibrationController::levelLufs() const
{
    const Session* session = m_session.engineSession();
    return session ? session->experiment().levelLufs : 0.0;
}

QString CalibrationController::device() const
{
    const Session* session = m_session.engineSession();
    const ExperimentDevice* device = session ? session->currentDevice() : nullptr;
    return device ? text(device->name.empty() ? device->id : device->name) : QString();
}

QString CalibrationController::deviceStatus() const
{
    const Session* session = m_session.engineSession();
    const ExperimentDevice* device = session ? session->currentDevice() : nullptr;
    if (!device) return {};
    const DeviceCalibration* calibration = session->deviceCalibration(device->id);
    if (!calibration) return tr("Not calibrated yet: it plays at the session's volume.");
    QString status = tr("Calibrated at %1 dB on %2")
                         .arg(calibration->playbackGainDb, 0, 'f', 1)
                         .arg(text(calibration->calibratedAt));
    if (calibration->splDb)
        status += tr(", %1 dB SPL at the ear").arg(*calibration->splDb, 0, 'f', 1);
    return status + QLatin1Char('.');
}

void CalibrationController::setReferencePlaying(bool playing)
{
    if (m_referencePlaying == playing) return;
    m_referencePlaying = playing;
    emit referencePlayingChanged();
}

void CalibrationController::setChannelCheck(ChannelCheck check)
{
    if (m_channelCheck == check) return;
    m_channelCheck = check;
    emit channelCheckChanged();
}

void CalibrationController::setErrorMessage(const QString& message)
{
    if (m_errorMessage == message) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}
