#include "gui/results_browser.h"

#include "analysis/grouping.h"
#include "analysis/metric_catalogue.h"
#include "analysis/statistics.h"
#include "gui/qstring_text.h"
#include "gui/trial_points.h"
#include "report/study_report.h"
#include "report/svg_plots.h"
#include "results/export.h"
#include "results/result_rows.h"
#include "results/session_file.h"
#include "util/files.h"

#include <QMetaObject>
#include <QVariantMap>

#include <cmath>
#include <set>

using namespace stagelab;
using stagelab::gui::text;

namespace {
/// Sets `member` and emits `changed` only if the value changes.
template <typename T, typename Signal>
void assign(ResultsBrowser* browser, T& member, const T& value, Signal changed)
{
    if (member == value) return;
    member = value;
    emit(browser->*changed)();
}
} // namespace

ResultsBrowser::ResultsBrowser(QObject* parent) : QObject(parent) {}
ResultsBrowser::~ResultsBrowser()
{
    if (m_loader.joinable()) m_loader.join(); // a load under way finishes first
}

ResultsBrowser::Read ResultsBrowser::read(const QString& path)
{
    Read read;
    try {
        read.sessions = readSessionFiles({path.toStdString()}, read.warnings);
    } catch (const std::exception& exception) {
        read.error = text(exception.what());
    }
    if (read.error.isEmpty() && read.sessions.empty())
        read.error = QStringLiteral("No session files (*.jsonl) in %1").arg(path);
    return read;
}

bool ResultsBrowser::open(const QString& path)
{
    if (loading()) return false;
    assign(this, m_folder, path, &ResultsBrowser::folderChanged);
    return show(read(path));
}

bool ResultsBrowser::load(const QString& path)
{
    if (loading()) return false;
    assign(this, m_folder, path, &ResultsBrowser::folderChanged);
    m_loader = std::thread([this, path] {
        auto result = std::make_shared<Read>(read(path)); // shared: the posted call is copied
        // Back on the GUI thread; the destructor joins this thread before `this` goes.
        QMetaObject::invokeMethod(
            this,
            [this, result] {
                m_loader.join(); // it posted this call as its last act
                emit loadingChanged();
                show(std::move(*result));
            },
            Qt::QueuedConnection);
    });
    emit loadingChanged();
    return true;
}

bool ResultsBrowser::show(Read&& read)
{
    const int sessionsBefore = sessionCount();
    m_sessions = std::move(read.sessions);
    QStringList warningList;
    for (const std::string& warning : read.warnings)
        warningList.append(text(warning));
    assign(this, m_warnings, warningList, &ResultsBrowser::warningsChanged);
    setErrorMessage(read.error);
    if (sessionCount() != sessionsBefore) emit sessionCountChanged();
    analyse();
    return m_errorMessage.isEmpty();
}

void ResultsBrowser::setConditionFactor(const QString& factor)
{
    if (factor == m_conditionFactor) return;
    m_conditionFactor = factor;
    emit conditionFactorChanged();
    analyse();
}

void ResultsBrowser::setErrorBarMetric(const QString& metric)
{
    if (metric == m_errorBarMetric || !isMetricName(metric.toStdString())) return;
    m_errorBarMetric = metric;
    emit errorBarMetricChanged();
    computeErrorBars();
}

QString ResultsBrowser::errorBarUnit() const
{
    return text(metricInfo(m_errorBarMetric.toStdString()).unit);
}

QStringList ResultsBrowser::errorBarMetrics() const
{
    QStringList keys;
    for (const char* kind : {"localization", "width", "distance", "externalization", "stage-map"})
        for (const std::string& metric : tableMetrics(kind))
            keys.append(text(metric));
    return keys;
}

QStringList ResultsBrowser::errorBarMetricTitles() const
{
    QStringList titles;
    for (const QString& key : errorBarMetrics()) {
        const MetricInfo& info = metricInfo(key.toStdString());
        titles.append(text(info.title + " " + info.unit).trimmed());
    }
    return titles;
}

int ResultsBrowser::sessionCount() const
{
    return int(m_sessions.size());
}

int ResultsBrowser::trialCount() const
{
    return int(m_rows.size());
}

void ResultsBrowser::analyse()
{
    const int trialsBefore = trialCount();
    m_rows = resultRows(m_sessions, TrialSelection::Test);
    if (trialCount() != trialsBefore) emit trialCountChanged();
    std::set<std::string> participants, levels;
    const std::string factor = m_conditionFactor.toStdString();
    for (const ResultRow& row : m_rows) {
        participants.insert(row.factors.at("participant"));
        if (const auto found = row.factors.find(factor); found != row.factors.end())
            levels.insert(found->second);
    }
    QStringList participantList, levelList;
    for (const std::string& participant : participants)
        participantList.append(text(participant));
    for (const std::string& level : levels)
        levelList.append(text(level));
    assign(this, m_participants, participantList, &ResultsBrowser::participantsChanged);

    const AnalysisResult byCondition = analyze(m_rows, {"kind", factor});
    m_localizationTable.setAnalysis(byCondition);
    m_widthTable.setAnalysis(byCondition);
    // Distance answers and ratings come from several kinds of trial: grouped without the kind.
    const AnalysisResult byFactor = analyze(m_rows, {factor});
    m_distanceTable.setAnalysis(byFactor);
    m_externalizationTable.setAnalysis(byFactor);
    m_stageMapTable.setAnalysis(byFactor);
    m_points = stagelab::gui::trialPoints(m_rows);
    emit pointsChanged();
    m_byParticipant = analyze(m_rows, {factor, "participant"});
    computeErrorBars();

    assign(this, m_levels, levelList, &ResultsBrowser::levelsChanged);
    if (!m_levels.contains(m_levelA) || !m_levels.contains(m_levelB) || m_levelA == m_levelB) {
        assign(this, m_levelA, m_levels.value(0), &ResultsBrowser::levelAChanged);
        assign(this, m_levelB, m_levels.value(1), &ResultsBrowser::levelBChanged);
    }
    compare();
}

void ResultsBrowser::computeErrorBars()
{
    // The metric per participant and condition, then the mean over participants with the
    // engine's bootstrap interval (as the study report computes it).
    const std::string factor = m_conditionFactor.toStdString();
    m_errorBars.clear();
    for (const auto& [condition, summary] : participantMeans(
             analyze(m_rows, {factor, "participant"}), factor, m_errorBarMetric.toStdString())) {
        m_errorBars.append(
            QVariantMap{{"label", condition.empty() ? QStringLiteral("–") : text(condition)},
                        {"mean", summary.mean},
                        {"low", std::isfinite(summary.low) ? summary.low : summary.mean},
                        {"high", std::isfinite(summary.high) ? summary.high : summary.mean},
                        {"participants", int(summary.participants)}});
    }
    emit errorBarsChanged();
}

void ResultsBrowser::setLevelA(const QString& level)
{
    if (level == m_levelA) return;
    m_levelA = level;
    emit levelAChanged();
    compare();
}

void ResultsBrowser::setLevelB(const QString& level)
{
    if (level == m_levelB) return;
    m_levelB = level;
    emit levelBChanged();
    compare();
}

void ResultsBrowser::compare()
{
    std::vector<ComparisonModel::Row> rows;
    QStringList verdicts;
    if (!m_levelA.isEmpty() && !m_levelB.isEmpty() && m_levelA != m_levelB) {
        ComparisonSpec spec;
        spec.factor = m_conditionFactor.toStdString();
        spec.levelA = m_levelA.toStdString();
        spec.levelB = m_levelB.toStdString();
        spec.metrics = reportMetrics();
        spec.metrics.insert(spec.metrics.end(), soundstageMetrics().begin(),
                            soundstageMetrics().end());
        const bool perModel = spec.factor != "model";
        for (const bool within : {false, true}) {
            if (within && !perModel) break;
            spec.withinFactors =
                within ? std::vector<std::string>{"model"} : std::vector<std::string>{};
            for (const Comparison& c : compareLevels(m_rows, spec)) {
                if (c.n == 0) continue;
                const auto model = c.keys.find("model");
                const QString verdict = text(verdictSentence(c, spec.levelA, spec.levelB));
                rows.push_back(ComparisonModel::rowFor(
                    c,
                    within && model != c.keys.end() ? text(model->second) : QStringLiteral("all"),
                    verdict));
                if (!within) verdicts.append(verdict);
            }
        }
    }
    m_comparisons.setRows(std::move(rows));
    assign(this, m_verdicts, verdicts, &ResultsBrowser::verdictsChanged);
}

void ResultsBrowser::setErrorMessage(const QString& message)
{
    assign(this, m_errorMessage, message, &ResultsBrowser::errorMessageChanged);
}

QString ResultsBrowser::failed(const std::exception& error)
{
    setErrorMessage(text(error.what()));
    return {};
}

QString ResultsBrowser::exportPlotsSvg(const QString& folder)
{
    try {
        std::vector<PolarPoint> points;
        for (const ResultRow& row : m_rows)
            if (row.kind == "localization" && row.responseAzimuthDeg)
                points.push_back({row.targetAzimuthDeg, *row.responseAzimuthDeg});
        ErrorBarPanel panel{m_errorBarMetric.toStdString(), errorBarUnit().toStdString(), {}};
        for (const QVariant& bar : m_errorBars) {
            const QVariantMap map = bar.toMap();
            panel.bars.push_back({map["label"].toString().toStdString(), map["mean"].toDouble(),
                                  map["low"].toDouble(), map["high"].toDouble(),
                                  levelColour(panel.bars.size())});
        }
        ensureWritableFolder(folder.toStdString());
        const std::string base = folder.toStdString() + "/";
        writeFileAtomically(base + "polar.svg",
                            polarScatterSvg("Targets and responses", points, levelColour(0), 420));
        writeFileAtomically(base + "error-bars.svg", errorBarSvg({panel}, 360, 300));
        return folder;
    } catch (const std::exception& error) {
        return failed(error);
    }
}

QString ResultsBrowser::writeReport(const QString& path)
{
    try {
        writeFileAtomically(path.toStdString(), studyReportHtml(m_sessions, m_rows));
        return path;
    } catch (const std::exception& error) {
        return failed(error);
    }
}

QString ResultsBrowser::exportTo(const QString& format, const QString& folder)
{
    try {
        if (m_sessions.empty()) throw std::runtime_error("open a results folder first");
        if (format == QLatin1String("csv"))
            return text(exportTrialsCsv(m_sessions, folder.toStdString()));
        if (format == QLatin1String("bids"))
            return text(exportBids(m_sessions, folder.toStdString()));
        if (format == QLatin1String("json"))
            return text(exportSummaryJson(m_sessions, folder.toStdString()));
        throw std::runtime_error("unknown export format '" + format.toStdString() + "'");
    } catch (const std::exception& error) {
        setErrorMessage(QStringLiteral("Export failed: %1").arg(text(error.what())));
        return {};
    }
}

QString ResultsBrowser::plotSaved(const QString& path, bool ok) const
{
    return ok ? QStringLiteral("Saved %1").arg(path)
              : QStringLiteral("Could not write %1").arg(path);
}
