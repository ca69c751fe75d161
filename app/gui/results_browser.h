#pragma once
/// The results browser: a results folder (or a study, or single session files) read with the
/// engine's reader and analysed with the engine's metrics; export through the engine's writers.
/// Reading, analysing and exporting run on a worker thread, one job at a time, so that a study of
/// many sessions never freezes the window: the page's choices (factor, metric, levels) change at
/// once and the tables follow when the worker has computed them.

#include "gui/comparison_model.h"
#include "gui/metric_table_model.h"
#include "gui/results_view.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <QVariantList>

#include <functional>
#include <memory>
#include <thread>

class ResultsBrowser : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    Q_PROPERTY(QString folder READ folder NOTIFY folderChanged)
    /// While load() reads the folder on a worker thread (the page shows progress).
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    /// While the worker reads, analyses or exports; `activity` says which ("" when idle).
    Q_PROPERTY(bool busy READ busy NOTIFY activityChanged)
    Q_PROPERTY(QString activity READ activity NOTIFY activityChanged)
    Q_PROPERTY(int sessionCount READ sessionCount NOTIFY sessionCountChanged)
    /// Test trials read.
    Q_PROPERTY(int trialCount READ trialCount NOTIFY trialCountChanged)
    Q_PROPERTY(QStringList participants READ participants NOTIFY participantsChanged)
    /// Read problems (skipped lines, unreadable files), one per line.
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY warningsChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    /// The factor the tables, plots and comparison split by: "model" or "device".
    Q_PROPERTY(QString conditionFactor READ conditionFactor WRITE setConditionFactor NOTIFY
                   conditionFactorChanged)
    /// Per kind, a row per condition of conditionFactor.
    Q_PROPERTY(MetricTableModel* localizationTable READ localizationTable CONSTANT)
    Q_PROPERTY(MetricTableModel* widthTable READ widthTable CONSTANT)
    /// Per sort of answer (of any kind of trial), a row per condition that has such answers.
    Q_PROPERTY(MetricTableModel* distanceTable READ distanceTable CONSTANT)
    Q_PROPERTY(MetricTableModel* externalizationTable READ externalizationTable CONSTANT)
    Q_PROPERTY(MetricTableModel* stageMapTable READ stageMapTable CONSTANT)
    /// Answered test trials for the polar scatter: all of them up to maxScatterPoints, else a
    /// random choice of that many (the same every time); answeredTrials counts them all.
    Q_PROPERTY(QVariantList points READ points NOTIFY pointsChanged)
    Q_PROPERTY(int answeredTrials READ answeredTrials NOTIFY pointsChanged)
    /// What the page's scatter draws: `points` grouped by the condition (trial_points.h), and
    /// how many they are (reading `points` in QML would convert thousands of maps).
    Q_PROPERTY(QVariantList scatterGroups READ scatterGroups NOTIFY pointsChanged)
    Q_PROPERTY(int scatterPointCount READ scatterPointCount NOTIFY pointsChanged)
    /// The metrics an error-bar plot can show (keys) and their titles with units.
    Q_PROPERTY(QStringList errorBarMetrics READ errorBarMetrics CONSTANT)
    Q_PROPERTY(QStringList errorBarMetricTitles READ errorBarMetricTitles CONSTANT)
    Q_PROPERTY(QString errorBarMetric READ errorBarMetric WRITE setErrorBarMetric NOTIFY
                   errorBarMetricChanged)
    /// "°", "%" or "": the unit of errorBarMetric.
    Q_PROPERTY(QString errorBarUnit READ errorBarUnit NOTIFY errorBarMetricChanged)
    /// [{label, mean, low, high, participants}] of `errorBarMetric` per condition: the mean over
    /// participants with a bootstrap 95 % interval.
    Q_PROPERTY(QVariantList errorBars READ errorBars NOTIFY errorBarsChanged)
    /// The levels of conditionFactor in the data, and the within-participant comparison of two
    /// of them (B - A; the first two unless set) overall and per model, with the plain verdicts
    /// of the overall ones.
    Q_PROPERTY(QStringList levels READ levels NOTIFY levelsChanged)
    Q_PROPERTY(QString levelA READ levelA WRITE setLevelA NOTIFY levelAChanged)
    Q_PROPERTY(QString levelB READ levelB WRITE setLevelB NOTIFY levelBChanged)
    Q_PROPERTY(ComparisonModel* comparisons READ comparisons CONSTANT)
    Q_PROPERTY(QStringList verdicts READ verdicts NOTIFY verdictsChanged)

public:
    explicit ResultsBrowser(QObject* parent = nullptr);
    ~ResultsBrowser() override;

    /// Reads and analyses every session under `path` (a folder, searched recursively, or a .jsonl
    /// file) now; false (errorMessage says why) if none could be read, or if the worker is busy.
    /// For C++ callers; later changes of the page's choices are analysed on the worker.
    bool open(const QString& path);
    /// open() on the worker thread, for the window: a study of many sessions takes seconds to
    /// read. `loading` is true meanwhile; the properties change once it is read. False if the
    /// worker is busy.
    Q_INVOKABLE bool load(const QString& path);
    bool loading() const { return m_job == Job::Load; }
    bool busy() const { return m_job != Job::None; }
    QString activity() const { return m_activity; }
    /// Writes `format` into `folder` now: "csv", "bids", "json", "svg" (the plots: polar.svg,
    /// error-bars.svg) or "report" (the study report of `stagelab-cli report`, report.html).
    /// Returns the written path, or "" with errorMessage set. For C++ callers.
    QString exportTo(const QString& format, const QString& folder);
    /// exportTo on the worker thread, for the window; exportFinished tells the outcome. False if
    /// the worker is busy.
    Q_INVOKABLE bool startExport(const QString& format, const QString& folder);
    /// A message for the page after QML saved a plot image (grabToImage).
    Q_INVOKABLE QString plotSaved(const QString& path, bool ok) const;

    QString folder() const { return m_folder; }
    int sessionCount() const;
    int trialCount() const;
    QStringList participants() const { return m_participants; }
    QStringList warnings() const { return m_warnings; }
    QString errorMessage() const { return m_errorMessage; }
    QString conditionFactor() const { return m_conditionFactor; }
    void setConditionFactor(const QString& factor);
    MetricTableModel* localizationTable() { return &m_localizationTable; }
    MetricTableModel* widthTable() { return &m_widthTable; }
    MetricTableModel* distanceTable() { return &m_distanceTable; }
    MetricTableModel* externalizationTable() { return &m_externalizationTable; }
    MetricTableModel* stageMapTable() { return &m_stageMapTable; }
    QVariantList points() const { return m_view.points; }
    QVariantList scatterGroups() const { return m_view.scatterGroups; }
    int scatterPointCount() const { return int(m_view.points.size()); }
    int answeredTrials() const { return m_view.answeredTrials; }
    QStringList errorBarMetrics() const;
    QStringList errorBarMetricTitles() const;
    QString errorBarMetric() const { return m_errorBarMetric; }
    void setErrorBarMetric(const QString& metric);
    QString errorBarUnit() const;
    QVariantList errorBars() const { return m_view.errorBars; }
    QStringList levels() const { return m_view.levels; }
    QString levelA() const { return m_levelA; }
    void setLevelA(const QString& level);
    QString levelB() const { return m_levelB; }
    void setLevelB(const QString& level);
    ComparisonModel* comparisons() { return &m_comparisons; }
    QStringList verdicts() const { return m_view.verdicts; }

signals:
    void folderChanged();
    void loadingChanged();
    void activityChanged();
    /// After startExport: "Wrote <path>" or why not.
    void exportFinished(const QString& message, bool ok);
    void sessionCountChanged();
    void trialCountChanged();
    void participantsChanged();
    void warningsChanged();
    void errorMessageChanged();
    void conditionFactorChanged();
    void pointsChanged();
    void errorBarMetricChanged();
    void errorBarsChanged();
    void levelsChanged();
    void levelAChanged();
    void levelBChanged();
    void verdictsChanged();

private:
    enum class Job { None, Load, Analysis, Export };
    /// What a job hands back to the GUI thread.
    using Apply = std::function<void()>;
    /// What reading a folder gives: the study and its warnings, or why none could be read.
    struct Read
    {
        std::shared_ptr<const stagelab::gui::Study> study;
        std::vector<std::string> warnings;
        QString error;
        stagelab::gui::ResultsView view;
    };
    static Read read(const QString& path, const stagelab::gui::ViewChoices& choices);
    /// Runs `work` on the worker and then what it returns on the GUI thread; false if busy.
    bool startJob(Job job, const QString& activity, std::function<Apply()> work);
    void finishJob();
    /// Analyses the study again for the current choices, on the worker (after the current job).
    void reanalyse();
    bool startAnalysis();
    stagelab::gui::ViewChoices choices() const;
    /// Shows what was read (the common end of open() and load()); true if it holds sessions.
    bool show(Read&& read);
    void showView(stagelab::gui::ResultsView&& view);
    /// exportTo's writing, of `study` (and the error bars as `plot`); throws.
    static QString write(const stagelab::gui::Study& study, const QString& format,
                         const QString& folder, const stagelab::ErrorBarPanel& plot);
    void setErrorMessage(const QString& message);

    QString m_folder, m_errorMessage, m_conditionFactor = QStringLiteral("model"),
                                      m_errorBarMetric = QStringLiteral("greatCircleErrorDeg");
    QStringList m_participants, m_warnings;
    QString m_levelA, m_levelB;
    Job m_job = Job::None;
    QString m_activity;
    bool m_choicesChanged = false; ///< While a job ran: the view it computes is out of date.
    std::thread m_worker;          ///< The job (joinable while it runs or until it is shown).
    std::shared_ptr<const stagelab::gui::Study> m_study = std::make_shared<stagelab::gui::Study>();
    stagelab::gui::ResultsView m_view;
    MetricTableModel m_localizationTable{"localization"};
    MetricTableModel m_widthTable{"width"};
    MetricTableModel m_distanceTable{"distance"};
    MetricTableModel m_externalizationTable{"externalization"};
    MetricTableModel m_stageMapTable{"stage-map"};
    ComparisonModel m_comparisons;
};
