#pragma once
/// What the Start page offers before a session exists: the experiment file (checked as it is
/// chosen, every error with its JSON path), recent files, audio outputs, the HRTF in use and a
/// participant's interrupted sessions.

#include "gui/choice_model.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <QVariantList>

#include <optional>
#include <string>
#include <thread>

class StartSetup : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    Q_PROPERTY(
        QString experimentPath READ experimentPath WRITE setExperimentPath NOTIFY experimentChanged)
    Q_PROPERTY(QString defaultExperimentPath READ defaultExperimentPath CONSTANT)
    Q_PROPERTY(bool experimentValid READ experimentValid NOTIFY experimentChanged)
    Q_PROPERTY(QString experimentTitle READ experimentTitle NOTIFY experimentChanged)
    Q_PROPERTY(QString experimentSummary READ experimentSummary NOTIFY experimentChanged)
    /// The experiment's id (its interrupted sessions are the ones Enter resumes).
    Q_PROPERTY(QString experimentId READ experimentId NOTIFY experimentChanged)
    /// The experiment's description: notes for the experimenter (never shown to the listener).
    Q_PROPERTY(QString experimentNotes READ experimentNotes NOTIFY experimentChanged)
    /// "<JSON path>: <reason>" for every problem of the chosen file.
    Q_PROPERTY(QStringList experimentErrors READ experimentErrors NOTIFY experimentChanged)
    Q_PROPERTY(QStringList recentExperiments READ recentExperiments NOTIFY recentExperimentsChanged)
    /// The audio outputs (value: the device id), the default output first.
    Q_PROPERTY(ChoiceModel* audioDevices READ audioDevices CONSTANT)
    /// The SOFA file the session will use ("" = the experiment's own) and its name.
    Q_PROPERTY(QString hrtfPath READ hrtfPath WRITE setHrtfPath NOTIFY hrtfChanged)
    Q_PROPERTY(QString hrtfName READ hrtfName NOTIFY hrtfChanged)
    Q_PROPERTY(QString hrtfError READ hrtfError NOTIFY hrtfChanged)
    /// The HRTF set is being read, on a worker thread (a first read checks the file in a child
    /// process: 0.2 s for MIT KEMAR, up to its deadline for a damaged file).
    Q_PROPERTY(bool hrtfLoading READ hrtfLoading NOTIFY hrtfChanged)
    Q_PROPERTY(
        QString resultsFolder READ resultsFolder WRITE setResultsFolder NOTIFY resultsFolderChanged)
    /// The shipped headphone profiles (value: the profile's path; the first, "", is none: no
    /// EQ); offered when the experiment lists no devices of its own.
    Q_PROPERTY(ChoiceModel* deviceProfiles READ deviceProfiles CONSTANT)
    /// The devices the experiment names ("" if none: the Start page then offers a profile).
    Q_PROPERTY(QString experimentDevices READ experimentDevices NOTIFY experimentChanged)
    /// The experiment has head-tracked or head-pointing blocks (the tracker panel says so).
    Q_PROPERTY(
        bool experimentNeedsHeadTracker READ experimentNeedsHeadTracker NOTIFY experimentChanged)

public:
    explicit StartSetup(QString defaultExperimentPath, QString resultsFolder,
                        QObject* parent = nullptr);
    ~StartSetup() override;

    QString experimentPath() const { return m_experimentPath; }
    void setExperimentPath(const QString& path);
    QString defaultExperimentPath() const { return m_defaultExperimentPath; }
    bool experimentValid() const { return m_experimentValid; }
    QString experimentTitle() const { return m_experimentTitle; }
    QString experimentSummary() const { return m_experimentSummary; }
    QString experimentNotes() const { return m_experimentNotes; }
    QString experimentId() const { return m_experimentId; }
    QStringList experimentErrors() const { return m_experimentErrors; }
    QStringList recentExperiments() const;
    ChoiceModel* audioDevices() { return &m_audioDevices; }
    QString hrtfPath() const { return m_hrtfPath; }
    void setHrtfPath(const QString& path);
    QString hrtfName() const { return m_hrtfName; }
    QString hrtfError() const { return m_hrtfError; }
    bool hrtfLoading() const { return m_hrtfReader.joinable(); }
    QString resultsFolder() const { return m_resultsFolder; }
    ChoiceModel* deviceProfiles() { return &m_deviceProfiles; }
    QString experimentDevices() const { return m_experimentDevices; }
    bool experimentNeedsHeadTracker() const { return m_experimentNeedsHeadTracker; }
    void setResultsFolder(const QString& folder);

    /// Re-reads the audio outputs (a device plugged in after start-up).
    Q_INVOKABLE void refreshAudioDevices();
    /// Remembers a started experiment at the top of the recent list.
    Q_INVOKABLE void rememberExperiment(const QString& path);
    /// [{sessionId, experimentId, startedAt, answered, planned}] of `participant`, newest first;
    /// empty for an id that is not a valid participant id.
    Q_INVOKABLE QVariantList resumableSessions(const QString& participant) const;
    /// "" if `participant` is a valid id, else why not.
    Q_INVOKABLE QString participantProblem(const QString& participant) const;
    /// A local path from a file-dialog URL (QML gives URLs).
    Q_INVOKABLE QString localPath(const QUrl& url) const;

signals:
    void experimentChanged();
    void recentExperimentsChanged();
    void hrtfChanged();
    void resultsFolderChanged();

private:
    /// Names the HRTF set the page would use, once read (readHrtf).
    void describeHrtf(const std::string& experimentHrtf);
    /// Reads `path` on m_hrtfReader and shows its name or error; a choice made meanwhile is read
    /// next, and only the newest is shown.
    void readHrtf(const std::string& path);
    void loadDeviceProfiles();

    QString m_defaultExperimentPath, m_experimentPath, m_experimentTitle, m_experimentSummary,
        m_experimentNotes, m_experimentId;
    QString m_hrtfPath, m_experimentHrtf, m_hrtfName, m_hrtfError, m_resultsFolder;
    std::thread m_hrtfReader;
    std::optional<std::string> m_nextHrtf; ///< Chosen while a read was under way.
    QString m_experimentDevices;
    bool m_experimentNeedsHeadTracker = false;
    QStringList m_experimentErrors;
    bool m_experimentValid = false;
    ChoiceModel m_audioDevices, m_deviceProfiles;
};
