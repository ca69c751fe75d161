#pragma once
/// The results browser: a results folder (or a study, or single session files) read with the
/// engine's reader and analysed with the engine's metrics; export through the engine's writers.

#include "analysis/grouping.h"
#include "gui/comparison_model.h"
#include "gui/metric_table_model.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <QVariantList>

#include <thread>
#include <vector>

namespace stagelab {
struct SessionFileContents;
struct ResultRow;
} // namespace stagelab

class ResultsBrowser : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the application")
    Q_PROPERTY(QString folder READ folder NOTIFY folderChanged)
    /// While load() reads the folder on a worker thread (the page shows progress).
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
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
    /// Answered test trials for the polar scatter.
    Q_PROPERTY(QVariantList points READ points NOTIFY pointsChanged)
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

    /// Reads every session under `path` (a folder, searched recursively, or a .jsonl file) now;
    /// false (errorMessage says why) if none could be read. For C++ callers.
    bool open(const QString& path);
    /// open() on a worker thread, for the window: a study of many sessions takes seconds to
    /// read. `loading` is true meanwhile; the properties change once it is read. False if a
    /// load is under way already.
    Q_INVOKABLE bool load(const QString& path);
    bool loading() const { return m_loader.joinable(); }
    /// Writes `format` ("csv", "bids" or "json") into `folder`; returns the written path, or ""
    /// with errorMessage set.
    Q_INVOKABLE QString exportTo(const QString& format, const QString& folder);
    /// Writes the plots as SVG (polar.svg, error-bars.svg) into `folder`; returns the folder, or
    /// "" with errorMessage set.
    Q_INVOKABLE QString exportPlotsSvg(const QString& folder);
    /// Writes the study report (the HTML page of `stagelab-cli report`) to `path`; returns the
    /// path, or "" with errorMessage set (e.g. fewer than two devices in the data).
    Q_INVOKABLE QString writeReport(const QString& path);
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
    QVariantList points() const { return m_points; }
    QStringList errorBarMetrics() const;
    QStringList errorBarMetricTitles() const;
    QString errorBarMetric() const { return m_errorBarMetric; }
    void setErrorBarMetric(const QString& metric);
    QString errorBarUnit() const;
    QVariantList errorBars() const { return m_errorBars; }
    QStringList levels() const { return m_levels; }
    QString levelA() const { return m_levelA; }
    void setLevelA(const QString& level);
    QString levelB() const { return m_levelB; }
    void setLevelB(const QString& level);
    ComparisonModel* comparisons() { return &m_comparisons; }
    QStringList verdicts() const { return m_verdicts; }

signals:
    void folderChanged();
    void loadingChanged();
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
    /// What reading a folder gives: its sessions and warnings, or why none could be read.
    struct Read
    {
        std::vector<stagelab::SessionFileContents> sessions;
        std::vector<std::string> warnings;
        QString error;
    };
    static Read read(const QString& path);
    /// Shows what was read (the common end of open() and load()); true if it holds sessions.
    bool show(Read&& read);
    void analyse();
    void computeErrorBars();
    void compare();
    void setErrorMessage(const QString& message);
    QString failed(const std::exception& error);

    QString m_folder, m_errorMessage, m_conditionFactor = QStringLiteral("model"),
                                      m_errorBarMetric = QStringLiteral("greatCircleErrorDeg");
    QStringList m_participants, m_warnings, m_levels, m_verdicts;
    QString m_levelA, m_levelB;
    std::thread m_loader; ///< load() reading (joinable while it runs or until shown).
    std::vector<stagelab::SessionFileContents> m_sessions;
    std::vector<stagelab::ResultRow> m_rows;
    /// The metrics per condition and participant, which every error-bar metric is drawn from.
    stagelab::AnalysisResult m_byParticipant;
    QVariantList m_points, m_errorBars;
    MetricTableModel m_localizationTable{"localization"};
    MetricTableModel m_widthTable{"width"};
    MetricTableModel m_distanceTable{"distance"};
    MetricTableModel m_externalizationTable{"externalization"};
    MetricTableModel m_stageMapTable{"stage-map"};
    ComparisonModel m_comparisons;
};
