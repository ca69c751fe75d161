#pragma once
/// The results browser: a results folder (or a study, or single session files) read with the
/// engine's reader and analysed with the engine's metrics; export through the engine's writers.

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <QVariantList>

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
    Q_PROPERTY(QString folder READ folder NOTIFY loaded)
    Q_PROPERTY(int sessionCount READ sessionCount NOTIFY loaded)
    Q_PROPERTY(int trialCount READ trialCount NOTIFY loaded)
    Q_PROPERTY(QStringList participants READ participants NOTIFY loaded)
    /// Read problems (skipped lines, unreadable files), one per line.
    Q_PROPERTY(QStringList warnings READ warnings NOTIFY loaded)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY loaded)
    /// The factor the table and plots split by: "model" or "device".
    Q_PROPERTY(QString conditionFactor READ conditionFactor WRITE setConditionFactor NOTIFY loaded)
    /// Per kind and condition: label, rows and every metric (analysis_variants.h).
    Q_PROPERTY(QVariantList conditions READ conditions NOTIFY loaded)
    /// Answered test trials for the polar scatter.
    Q_PROPERTY(QVariantList points READ points NOTIFY loaded)
    /// [{label, mean, low, high, participants}] of `errorBarMetric` per condition: the mean over
    /// participants with a bootstrap 95 % interval.
    Q_PROPERTY(QVariantList errorBars READ errorBars NOTIFY loaded)
    Q_PROPERTY(QString errorBarMetric READ errorBarMetric WRITE setErrorBarMetric NOTIFY loaded)
    /// The levels of conditionFactor in the data, and the within-participant comparison of the
    /// first two (B - A; both settable): [{within, metric, n, meanA, meanB, difference, low,
    /// high, p, rankBiserial, cohenDz, verdict}] overall ("all") and per model.
    Q_PROPERTY(QStringList levels READ levels NOTIFY loaded)
    Q_PROPERTY(QString levelA READ levelA WRITE setLevelA NOTIFY loaded)
    Q_PROPERTY(QString levelB READ levelB WRITE setLevelB NOTIFY loaded)
    Q_PROPERTY(QVariantList comparisons READ comparisons NOTIFY loaded)

public:
    explicit ResultsBrowser(QObject* parent = nullptr);
    ~ResultsBrowser() override;

    /// Reads every session under `path` (a folder, searched recursively, or a .jsonl file).
    Q_INVOKABLE bool open(const QString& path);
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
    QVariantList conditions() const { return m_conditions; }
    QVariantList points() const { return m_points; }
    QVariantList errorBars() const { return m_errorBars; }
    QString errorBarMetric() const { return m_errorBarMetric; }
    void setErrorBarMetric(const QString& metric);
    QStringList levels() const { return m_levels; }
    QString levelA() const { return m_levelA; }
    void setLevelA(const QString& level);
    QString levelB() const { return m_levelB; }
    void setLevelB(const QString& level);
    QVariantList comparisons() const { return m_comparisons; }

signals:
    void loaded();

private:
    void analyse();
    void compare();
    QString failed(const std::exception& error);

    QString m_folder, m_errorMessage, m_conditionFactor = QStringLiteral("model"),
                                      m_errorBarMetric = QStringLiteral("greatCircleErrorDeg");
    QStringList m_participants, m_warnings, m_levels;
    QString m_levelA, m_levelB;
    QVariantList m_comparisons;
    std::vector<stagelab::SessionFileContents> m_sessions;
    std::vector<stagelab::ResultRow> m_rows;
    QVariantList m_conditions, m_points, m_errorBars;
};
