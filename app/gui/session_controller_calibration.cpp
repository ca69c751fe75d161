// SessionController: the calibration page and the device-switch page's calibration card -
// reference noise, the left/right check, the volume and saving it with the device.

#include "gui/qstring_text.h"
#include "gui/session_controller.h"

#include "session/session.h"
#include "util/error.h"

#include <QRandomGenerator>

using namespace stagelab;
using stagelab::gui::text;

void SessionController::setGainDb(double gainDb)
{
    if (!ready() || gainDb == m_gainDb) return;
    m_gainTouched = true;
    try {
        m_session->setGainDb(gainDb);
        m_gainDb = gainDb;
        emit gainDbChanged();
    } catch (const std::exception& error) {
        m_errorMessage = QString::fromStdString(error.what());
        emit errorMessageChanged();
    }
}

void SessionController::playReference()
{
    if (!ready() ||
        (m_page != QLatin1String("calibration") && m_page != QLatin1String("deviceSwitch")))
        return;
    if (!attempt([&] { m_session->playCalibration(CalibrationSignal::BothEars); })) return;
    m_referencePlaying = true;
    emit calibrationChanged();
}

void SessionController::stopReference()
{
    if (m_session) attempt([&] { m_session->stopSound(); });
    m_referencePlaying = false;
    emit calibrationChanged();
}

void SessionController::playChannelCheck()
{
    if (!ready() || m_page != QLatin1String("calibration")) return;
    const bool left = QRandomGenerator::global()->bounded(2) == 0;
    if (!attempt([&] {
            m_session->playCalibration(left ? CalibrationSignal::LeftEar
                                            : CalibrationSignal::RightEar);
        }))
        return;
    m_channelCheckEar = left ? QStringLiteral("left") : QStringLiteral("right");
    m_referencePlaying = false;
    m_channelCheckResult = QStringLiteral("asked");
    emit calibrationChanged();
}

void SessionController::answerChannelCheck(const QString& ear)
{
    if (m_channelCheckEar.isEmpty()) return;
    m_channelCheckResult =
        ear == m_channelCheckEar ? QStringLiteral("correct") : QStringLiteral("wrong");
    m_channelCheckEar.clear();
    emit calibrationChanged();
}

void SessionController::finishCalibration()
{
    if (!ready() || m_page != QLatin1String("calibration")) return;
    if (!attempt([&] {
            if (m_gainTouched) // the volume the listener chose, even if it was not saved
                m_session->useGainForCurrentDevice(m_gainDb);
            m_session->completeCalibration(m_gainDb);
        }))
        return;
    m_referencePlaying = false;
    emit calibrationChanged();
    updatePage();
}

void SessionController::showDeviceGain()
{
    // The volume control starts at the gain the device will play at (its stored calibration).
    if (const ExperimentDevice* device = m_session->currentDevice()) {
        m_gainDb = m_session->playbackGainDb(device->id);
        attempt([&] { m_session->setGainDb(m_gainDb); });
        emit gainDbChanged();
    }
    m_gainTouched = false;
    emit calibrationChanged();
}

bool SessionController::saveDeviceCalibration(const QString& splText)
{
    if (!ready()) return false;
    try {
        std::optional<double> splDb;
        if (!splText.trimmed().isEmpty()) {
            bool ok = false;
            splDb = splText.trimmed().toDouble(&ok);
            if (!ok)
                throw Error("the SPL reading '" + splText.toStdString() +
                            "' is not a number of dB");
        }
        m_session->calibrateDevice(m_gainDb, splDb);
    } catch (const std::exception& error) {
        m_errorMessage = QString::fromStdString(error.what());
        emit errorMessageChanged();
        return false;
    }
    m_errorMessage.clear();
    emit errorMessageChanged();
    emit calibrationChanged();
    return true;
}

QString SessionController::calibrationDevice() const
{
    const ExperimentDevice* device = m_session ? m_session->currentDevice() : nullptr;
    return device ? text(device->name.empty() ? device->id : device->name) : QString();
}

QString SessionController::deviceCalibrationStatus() const
{
    const ExperimentDevice* device = m_session ? m_session->currentDevice() : nullptr;
    const DeviceCalibration* calibration =
        device ? m_session->deviceCalibration(device->id) : nullptr;
    if (!device) return {};
    if (!calibration) return tr("Not calibrated yet: it plays at the session's volume.");
    QString status = tr("Calibrated at %1 dB on %2")
                         .arg(calibration->playbackGainDb, 0, 'f', 1)
                         .arg(text(calibration->calibratedAt));
    if (calibration->splDb)
        status += tr(", %1 dB SPL at the ear").arg(*calibration->splDb, 0, 'f', 1);
    return status + QLatin1Char('.');
}
