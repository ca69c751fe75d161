#include "gui/start_setup.h"
#include "gui/qstring_text.h"

#include "audio/audio_output.h"
#include "devices/device_profile.h"
#include "experiment/experiment.h"
#include "results/participant.h"
#include "session/resumable.h"
#include "spatial/hrtf_set.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QSettings>
#include <QUrl>
#include <QVariantMap>

#include <algorithm>

using namespace stagelab;
using stagelab::gui::text;

namespace {
constexpr int recentLimit = 8;
} // namespace

StartSetup::StartSetup(QString defaultExperimentPath, QString resultsFolder, QObject* parent)
    : QObject(parent), m_defaultExperimentPath(std::move(defaultExperimentPath)),
      m_resultsFolder(std::move(resultsFolder))
{
    refreshAudioDevices();
    loadDeviceProfiles();
    setExperimentPath(m_defaultExperimentPath);
}

void StartSetup::setExperimentPath(const QString& path)
{
    m_experimentPath = path;
    m_experimentErrors.clear();
    m_experimentTitle.clear();
    m_experimentSummary.clear();
    m_experimentNotes.clear();
    m_experimentId.clear();
    m_experimentDevices.clear();
    m_experimentNeedsHeadTracker = false;
    const ExperimentLoad load = loadExperiment(path.toStdString());
    m_experimentValid = load.ok();
    for (const ValidationError& error : load.errors) {
        QString where = text(error.jsonPath.empty() ? std::string("(file)") : error.jsonPath);
        if (error.line > 0)
            where = QStringLiteral("line %1, column %2").arg(error.line).arg(error.column);
        m_experimentErrors.append(where + QStringLiteral(": ") + text(error.message));
    }
    std::string experimentHrtf;
    if (load.ok()) {
        const Experiment& experiment = *load.experiment;
        m_experimentTitle = text(experiment.title.empty() ? experiment.id : experiment.title);
        m_experimentNotes = text(experiment.description);
        m_experimentId = text(experiment.id);
        int64_t trials = 0;
        QStringList blocks;
        for (const ExperimentBlock& block : experiment.blocks) {
            trials += block.trialCount() *
                      std::max<int64_t>(1, block.training ? 1 : int64_t(experiment.devices.size()));
            blocks.append(text(block.name.empty() ? block.id : block.name));
        }
        m_experimentSummary = QStringLiteral("%1 trials in %2 blocks (%3); %4 s per sound")
                                  .arg(trials)
                                  .arg(experiment.blocks.size())
                                  .arg(blocks.join(QStringLiteral(", ")))
                                  .arg(experiment.playback.durationS);
        experimentHrtf = experiment.hrtf;
        QStringList devices;
        for (const ExperimentDevice& device : experiment.devices)
            devices.append(text(device.name.empty() ? device.id : device.name));
        m_experimentDevices = devices.join(QStringLiteral(", "));
        m_experimentNeedsHeadTracker = experiment.needsHeadTracker();
    }
    m_experimentHrtf = text(experimentHrtf);
    emit experimentChanged();
    describeHrtf(experimentHrtf);
}

void StartSetup::setHrtfPath(const QString& path)
{
    m_hrtfPath = path;
    describeHrtf(m_experimentHrtf.toStdString());
}

StartSetup::~StartSetup()
{
    if (m_hrtfReader.joinable()) m_hrtfReader.join(); // a read under way finishes first
}

void StartSetup::describeHrtf(const std::string& experimentHrtf)
{
    const std::string path = !m_hrtfPath.isEmpty()     ? m_hrtfPath.toStdString()
                             : !experimentHrtf.empty() ? experimentHrtf
                                                       : HrtfSet::defaultPath();
    m_hrtfError.clear();
    m_hrtfName = QStringLiteral("Reading %1…").arg(QFileInfo(text(path)).fileName());
    if (m_hrtfReader.joinable())
        m_nextHrtf = path; // read when the one under way ends
    else
        readHrtf(path);
    emit hrtfChanged();
}

void StartSetup::readHrtf(const std::string& path)
{
    m_hrtfReader = std::thread([this, path] {
        QString name, error;
        try {
            // At the file's own rate: no resampling (and from the HRTF cache once read).
            name = text(HrtfSet::load(path)->info().name) + QStringLiteral(" (") +
                   QFileInfo(text(path)).fileName() + QStringLiteral(")");
        } catch (const std::exception& failure) {
            error = text(failure.what());
        }
        // Back on the GUI thread; the destructor joins this thread before `this` goes.
        QMetaObject::invokeMethod(
            this,
            [this, name, error] {
                m_hrtfReader.join(); // it posted this call as its last act
                if (m_nextHrtf) {    // chosen meanwhile: that one is what the page shows
                    readHrtf(*m_nextHrtf);
                    m_nextHrtf.reset();
                    return;
                }
                m_hrtfName = name;
                m_hrtfError = error;
                emit hrtfChanged();
            },
            Qt::QueuedConnection);
    });
}

void StartSetup::setResultsFolder(const QString& folder)
{
    m_resultsFolder = folder;
    emit resultsFolderChanged();
}

QStringList StartSetup::recentExperiments() const
{
    QStringList recent = QSettings().value(QStringLiteral("recentExperiments")).toStringList();
    recent.removeIf([](const QString& path) { return !QFileInfo::exists(path); });
    if (!recent.contains(m_defaultExperimentPath)) recent.append(m_defaultExperimentPath);
    return recent;
}

void StartSetup::rememberExperiment(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentExperiments")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > recentLimit)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentExperiments"), recent);
    emit recentExperimentsChanged();
}

void StartSetup::refreshAudioDevices()
{
    std::vector<AudioDeviceInfo> devices = listAudioOutputDevices();
    std::stable_partition(devices.begin(), devices.end(),
                          [](const AudioDeviceInfo& d) { return d.isDefaultOutput; });
    std::vector<ChoiceModel::Choice> choices;
    for (const AudioDeviceInfo& device : devices)
        choices.push_back(
            {text(device.id),
             text(device.name) + QStringLiteral(" (") + text(device.api) + QStringLiteral(")"),
             device.isDefaultOutput});
    m_audioDevices.setChoices(std::move(choices));
}

QVariantList StartSetup::resumableSessions(const QString& participant) const
{
    QVariantList list;
    if (!participantProblem(participant).isEmpty()) return list;
    for (const ResumableSession& session :
         findResumableSessions(m_resultsFolder.toStdString(), participant.trimmed().toStdString()))
        list.append(QVariantMap{{"sessionId", text(session.sessionId)},
                                {"experimentId", text(session.experimentId)},
                                {"startedAt", text(session.startedAt)},
                                {"answered", session.answered},
                                {"planned", session.planned}});
    return list;
}

QString StartSetup::participantProblem(const QString& participant) const
{
    try {
        checkedParticipantId(participant.trimmed().toStdString());
        return {};
    } catch (const std::exception& error) {
        return text(error.what());
    }
}

void StartSetup::loadDeviceProfiles()
{
    std::vector<ChoiceModel::Choice> choices{{QString(), tr("None (no EQ)"), true}};
    for (const std::string& name : defaultDeviceProfileNames()) {
        try {
            const DeviceProfile profile = loadDeviceProfile(resolveDeviceProfile(name, "."));
            choices.push_back({text(profile.file), text(profile.name), false});
        } catch (const std::exception&) {
            // A broken shipped profile is reported when a session uses it; the list goes on.
        }
    }
    m_deviceProfiles.setChoices(std::move(choices));
}

QString StartSetup::localPath(const QUrl& url) const
{
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
}
