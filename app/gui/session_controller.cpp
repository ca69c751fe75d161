#include "gui/session_controller.h"

#include "gui/qstring_text.h"
#include "gui/trial_points.h"
#include "session/session.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <optional>

using namespace stagelab;
using stagelab::gui::text;

namespace {
SessionController::ResponseMode responseModeOf(const std::string& mode)
{
    using Mode = SessionController::ResponseMode;
    return mode == "azimuth"             ? Mode::Azimuth
           : mode == "azimuth-elevation" ? Mode::AzimuthElevation
           : mode == "width-edges"       ? Mode::WidthEdges
           : mode == "azimuth-distance"  ? Mode::AzimuthDistance
           : mode == "externalization"   ? Mode::Externalization
           : mode == "stage-map"         ? Mode::StageMap
           : mode == "head-pointing"     ? Mode::HeadPointing
                                         : Mode::None;
}

} // namespace

PlayerFactory SessionController::players(const QString& audioDeviceId, int bufferFrames)
{
    const AudioOutputSettings settings{audioDeviceId.toStdString(), bufferFrames};
    return [settings](const Experiment& experiment) {
        return makeRealtimeTrialPlayer(experiment, settings, sessionBlockFrames);
    };
}

SessionController::SessionController(QObject* parent) : QObject(parent)
{
    // While a sound plays: when it ends (20 ms is well under a listener's reaction time). Between
    // sounds: whether the device is still there, so a failure shows before the next click.
    m_audioTimer.setInterval(20);
    connect(&m_audioTimer, &QTimer::timeout, this, &SessionController::pollAudio);
}

SessionController::~SessionController()
{
    // An opening under way finishes first (its session, never taken, closes with it).
    if (m_opener.joinable()) m_opener.join();
}

void SessionController::closeSession()
{
    m_audioTimer.stop();
    m_session.reset(); // stops the stream; everything answered is already on disk
    m_playing = m_played = m_answerOpen = m_playPending = false;
    m_feedbackTarget.clear();
    m_feedbackTrial.reset();
    if (!m_audioError.isEmpty()) {
        m_audioError.clear();
        emit audioErrorChanged();
    }
    emit sessionChanged();
    emit playbackChanged();
    emit feedbackChanged();
    updatePage();
}

void SessionController::updatePage()
{
    Page page = Page::Start;
    if (m_session) {
        const PlannedTrial* trial = m_session->currentTrial();
        switch (m_session->stage()) {
        case SessionStage::Calibration:
            page = Page::Calibration;
            break;
        case SessionStage::Break:
            page = Page::Break;
            break;
        case SessionStage::DeviceSwitch:
            page = Page::DeviceSwitch;
            break;
        case SessionStage::Done:
            page = Page::Done;
            break;
        case SessionStage::Trial:
            page = trial && !m_introducedBlocks.contains(trial->blockId) ? Page::Instructions
                                                                         : Page::Trial;
            break;
        }
        if (!m_feedbackTarget.isEmpty())
            page = Page::Trial; // the answered trial stays on screen with its truth
    }
    if (page == Page::Done && m_page != page) loadDonePage();
    if (page != m_page) {
        m_page = page;
        if (!m_errorMessage.isEmpty()) { // a message belongs to the page it arose on
            m_errorMessage.clear();
            emit errorMessageChanged();
        }
        emit pageChanged();
    }
    emit trialChanged();
    emit playbackChanged();
}

void SessionController::fail(const QString& audioError)
{
    m_playing = m_playPending = false;
    m_audioError = audioError;
    emit audioErrorChanged();
    emit playbackChanged();
}

void SessionController::pollAudio()
{
    if (!m_session || !m_audioError.isEmpty()) return;
    pollTracker();
    m_session->collectHeadTrace(); // every tick: the tracker's queue never fills while one waits
    if (m_playPending && !m_session->sceneBuilding(*m_session->currentTrial())) {
        m_playPending = false; // canPlay() again
        play();
        // It may not start after all (the tracker lost, the head turned away): say so.
        if (!m_playing) emit playbackChanged();
        return;
    }
    try {
        bool changed = false;
        if (m_played && !m_answerOpen && m_session->answerOpen()) {
            m_answerOpen = true;
            changed = true;
        }
        if (m_playing && !m_session->soundPlaying()) {
            m_playing = false;
            changed = true;
        } else if (!m_playing) {
            m_session->checkAudio();
        }
        if (changed) emit playbackChanged();
    } catch (const std::exception& error) {
        fail(QString::fromStdString(error.what()));
    }
}

bool SessionController::switchAudioDevice(const QString& deviceId)
{
    if (!m_session) return false;
    try {
        m_session->replaceAudio(players(deviceId, m_bufferFrames), m_audioError.toStdString());
    } catch (const std::exception& error) {
        fail(QString::fromStdString(error.what()));
        return false;
    }
    m_audioError.clear();
    m_played = m_answerOpen = false;
    emit audioErrorChanged();
    emit sessionChanged();
    updatePage();
    return true;
}

bool SessionController::attempt(const std::function<void()>& call)
{
    try {
        call();
        return true;
    } catch (const std::exception& error) {
        fail(QString::fromStdString(error.what()));
        return false;
    }
}

void SessionController::beginBlock()
{
    if (const PlannedTrial* trial = m_session ? m_session->currentTrial() : nullptr)
        m_introducedBlocks.insert(trial->blockId);
    updatePage();
}

void SessionController::play()
{
    if (!canPlay()) return;
    if (!trackerReady()) return; // the head moved or the tracker fell silent since the last poll
    // A scene still being built (a listener quicker than its build) would hold this thread
    // until it is done: the play waits for it in pollAudio instead, the window responsive.
    if (m_session->sceneBuilding(*m_session->currentTrial())) {
        m_playPending = true;
        emit playbackChanged();
        return;
    }
    m_playPending = false;
    try {
        m_session->play();
    } catch (const std::exception& error) {
        fail(QString::fromStdString(error.what()));
        return;
    }
    m_playing = m_played = true;
    m_answerOpen = m_session->answerOpen(); // at once on a replay of a sound already heard
    emit playbackChanged();
}

bool SessionController::canPlay() const
{
    return ready() && m_page == Page::Trial && m_feedbackTarget.isEmpty() && !m_playPending &&
           (!m_played || replaysLeft() > 0) && m_trackerProblem.isEmpty() &&
           (responseMode() != ResponseMode::HeadPointing || m_facingFront);
}

bool SessionController::canAnswer() const
{
    return ready() && m_page == Page::Trial && m_played && m_answerOpen &&
           m_feedbackTarget.isEmpty() && m_trackerProblem.isEmpty();
}

double SessionController::answerAfterS() const
{
    return m_session ? m_session->experiment().playback.answerAfterOrDurationS() : 0.0;
}

double SessionController::soundDurationS() const
{
    return m_session ? m_session->experiment().playback.durationS : 0.0;
}

bool SessionController::currentScenePrepared() const
{
    const PlannedTrial* trial = m_session ? m_session->currentTrial() : nullptr;
    return trial && m_session->scenePrepared(*trial);
}

bool SessionController::record(const std::function<void()>& answer)
{
    if (!canAnswer()) return false;
    if (!trackerReady()) return false; // refused for the tracker, not a failure to save
    const PlannedTrial trial = *m_session->currentTrial();
    try {
        answer(); // on disk (fsync'd) when this returns
    } catch (const std::exception& error) {
        // Not recorded (e.g. the disk is full): the session stops; what was recorded stays valid.
        fail(QStringLiteral("The answer could not be saved: %1")
                 .arg(QString::fromStdString(error.what())));
        return false;
    }
    attempt([&] { m_session->stopSound(); }); // the answer is saved whatever this says
    m_playing = m_played = m_answerOpen = false;
    if (trial.feedback) {
        m_feedbackTarget = {{"azimuthDeg", trial.azimuthDeg},
                            {"elevationDeg", trial.elevationDeg},
                            {"widthDeg", trial.widthDeg},
                            {"distanceM", trial.distanceM > 0.0 ? trial.distanceM : NAN}};
        QVariantList instruments;
        for (const stagelab::EnsembleInstrument& instrument : trial.instruments)
            instruments.append(QVariantMap{{"azimuthDeg", instrument.azimuthDeg},
                                           {"distanceM", instrument.distanceM}});
        if (!instruments.isEmpty()) m_feedbackTarget["instruments"] = instruments;
        m_feedbackTrial = std::make_unique<PlannedTrial>(trial);
        emit feedbackChanged();
    }
    updatePage();
    return true;
}

namespace {
/// A rating from QML (-1: not asked).
std::optional<int> rating(int externalization)
{
    return externalization >= 0 ? std::optional<int>(externalization) : std::nullopt;
}
} // namespace

bool SessionController::answerDirection(double azimuthDeg, double elevationDeg, int externalization)
{
    TrialResponse response;
    response.azimuthDeg = azimuthDeg;
    if (std::isfinite(elevationDeg)) response.elevationDeg = elevationDeg;
    response.externalization = rating(externalization);
    return record([&] { m_session->answer(response); });
}

bool SessionController::answerWidth(double leftEdgeDeg, double rightEdgeDeg, int externalization)
{
    TrialResponse response;
    response.leftEdgeDeg = leftEdgeDeg;
    response.rightEdgeDeg = rightEdgeDeg;
    response.externalization = rating(externalization);
    return record([&] { m_session->answer(response); });
}

bool SessionController::answerDistance(double azimuthDeg, double distanceM, int externalization)
{
    TrialResponse response;
    response.azimuthDeg = azimuthDeg;
    response.distanceM = distanceM;
    response.externalization = rating(externalization);
    return record([&] { m_session->answer(response); });
}

bool SessionController::answerExternalization(int externalization)
{
    TrialResponse response;
    response.externalization = rating(externalization);
    return record([&] { m_session->answer(response); });
}

void SessionController::continueAfterFeedback()
{
    if (!ready()) return;
    m_feedbackTarget.clear();
    m_feedbackTrial.reset();
    emit feedbackChanged();
    updatePage();
}

void SessionController::endBreak()
{
    if (ready() && m_page == Page::Break) attempt([&] { m_session->endBreak(); });
    updatePage();
}

void SessionController::loadDonePage()
{
    m_audioTimer.stop();
    // The engine's own summary of the session (what its summary file records); if the session
    // file could not be read back, the notices say why and the page shows no numbers.
    if (const ParticipantSummary* summary = m_session->participantSummary()) {
        m_donePoints = stagelab::gui::trialPoints(summary->testTrials);
        m_doneLocalization.setAnalysis(summary->metrics);
        m_doneWidth.setAnalysis(summary->metrics);
    } else {
        m_donePoints.clear();
        m_doneLocalization.clear();
        m_doneWidth.clear();
    }
    // Only what arose at the end (e.g. a summary not written): what opening the session found was
    // the experimenter's business on the Calibration page, not the listener's at the end.
    m_doneNotices.clear();
    for (const std::string& notice : m_session->notices())
        if (!m_notices.contains(text(notice))) m_doneNotices.append(text(notice));
    emit donePointsChanged();
}

QString SessionController::audioDeviceName() const
{
    if (!m_session) return {};
    const nlohmann::json audio = m_session->audioDescription();
    for (const char* key : {"deviceName", "device"})
        if (audio.contains(key) && audio[key].is_string() && !audio[key].get<std::string>().empty())
            return text(audio[key].get<std::string>());
    return {};
}

QString SessionController::experimentTitle() const
{
    return m_session ? text(m_session->experiment().title.empty() ? m_session->experiment().id
                                                                  : m_session->experiment().title)
                     : QString();
}
QString SessionController::instructions() const
{
    if (!m_session) return {};
    const PlannedTrial* trial = shownTrial();
    const ExperimentBlock* block =
        trial ? m_session->experiment().findBlock(trial->blockId) : nullptr;
    QStringList parts;
    for (const std::string& part :
         {m_session->experiment().instructions, block ? block->instructions : std::string()})
        if (!part.empty()) parts.append(text(part));
    return parts.join(QStringLiteral("\n\n"));
}
QString SessionController::sessionFile() const
{
    return m_session ? text(m_session->filePath()) : QString();
}
bool SessionController::sessionActive() const
{
    return m_session && m_page != Page::Done;
}
double SessionController::breakMinimumS() const
{
    return m_session ? m_session->experiment().breaks.minimumS : 0.0;
}
int SessionController::trialCount() const
{
    return m_session ? int(m_session->plan().trials.size()) : 0;
}
int SessionController::trialNumber() const
{
    const PlannedTrial* trial = shownTrial();
    return trial ? trial->index + 1 : trialCount();
}
int SessionController::replaysLeft() const
{
    return m_session && m_played ? m_session->replaysLeft() : 0;
}

QString SessionController::blockName() const
{
    const PlannedTrial* trial = shownTrial();
    const ExperimentBlock* block =
        trial ? m_session->experiment().findBlock(trial->blockId) : nullptr;
    return block ? text(block->name.empty() ? block->id : block->name) : QString();
}

SessionController::ResponseMode SessionController::responseMode() const
{
    const PlannedTrial* trial = shownTrial();
    return trial ? responseModeOf(trial->responseMode) : ResponseMode::None;
}

bool SessionController::askExternalization() const
{
    const PlannedTrial* trial = shownTrial();
    return trial && std::find(trial->alsoAsk.begin(), trial->alsoAsk.end(), "externalization") !=
                        trial->alsoAsk.end();
}

QStringList SessionController::externalizationAnchors() const
{
    QStringList anchors;
    for (const char* anchor : stagelab::externalizationAnchors)
        anchors.append(QString::fromUtf8(anchor));
    return anchors;
}

bool SessionController::training() const
{
    const PlannedTrial* trial = shownTrial();
    return trial && trial->training;
}

bool SessionController::feedback() const
{
    const PlannedTrial* trial = shownTrial();
    return trial && trial->feedback;
}

QString SessionController::deviceName() const
{
    const PlannedTrial* trial = shownTrial();
    const ExperimentDevice* device =
        trial ? m_session->experiment().findDevice(trial->device) : nullptr;
    return device ? text(device->name.empty() ? device->id : device->name) : QString();
}

const PlannedTrial* SessionController::shownTrial() const
{
    if (m_feedbackTrial) return m_feedbackTrial.get();
    return m_session ? m_session->currentTrial() : nullptr;
}
