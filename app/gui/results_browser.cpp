#include "gui/results_browser.h"
#include "gui/qstring_text.h"

#include "analysis/grouping.h"
#include "analysis/statistics.h"
#include "gui/analysis_variants.h"
#include "report/report_sections.h"
#include "report/study_report.h"
#include "report/svg_plots.h"
#include "results/export.h"
#include "results/result_rows.h"
#include "results/session_file.h"

#include <QVariantMap>

#include <cmath>
#include <map>
#include <numeric>
#include <set>

using namespace stagelab;
using stagelab::gui::text;

namespace {
// The documented defaults of `stagelab-cli compare` (ComparisonSpec): the same resampling
// everywhere.
const ComparisonSpec defaultComparison;
} // namespace

ResultsBrowser::ResultsBrowser(QObject* parent) : QObject(parent) {}
ResultsBrowser::~ResultsBrowser() = default;

bool ResultsBrowser::open(const QString& path)
{
    m_folder = path;
    m_errorMessage.clear();
    m_warnings.clear();
    m_sessions.clear();
    std::vector<std::string> warnings;
    try {
        m_sessions = readSessionFiles({path.toStdString()}, warnings);
    } catch (const std::exception& error) {
        m_errorMessage = text(error.what());
    }
    for (const std::string& warning : warnings)
        m_warnings.append(text(warning));
    if (m_errorMessage.isEmpty() && m_sessions.empty())
        m_errorMessage = QStringLiteral("No session files (*.jsonl) in %1").arg(path);
    analyse();
    return m_errorMessage.isEmpty();
}

void ResultsBrowser::setConditionFactor(const QString& factor)
{
    m_conditionFactor = factor;
    analyse();
}

void ResultsBrowser::setErrorBarMetric(const QString& metric)
{
    m_errorBarMetric = metric;
    analyse();
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
    m_rows.clear();
    std::set<std::string> participants;
    for (const SessionFileContents& session : m_sessions)
        for (ResultRow& row : resultRows(session))
            if (row.factors["phase"] != "training") {
                participants.insert(row.factors["participant"]);
                m_rows.push_back(std::move(row));
            }
    m_participants.clear();
    for (const std::string& participant : participants)
        m_participants.append(text(participant));

    const std::string factor = m_conditionFactor.toStdString();
    m_conditions = gui::groupMetrics(analyze(m_rows, {"kind", factor}));
    m_points = gui::trialPoints(m_rows);

    // Error bars: the metric per participant and condition, then the mean over participants.
    m_errorBars.clear();
    const std::string metric = m_errorBarMetric.toStdString();
    std::map<std::string, std::vector<double>> perCondition;
    for (const AnalysisGroup& group : analyze(m_rows, {factor, "participant"}).groups) {
        const auto value = group.metrics.find(metric);
        if (value != group.metrics.end() && std::isfinite(value->second))
            perCondition[group.keys.at(factor)].push_back(value->second);
    }
    for (const auto& [condition, values] : perCondition) {
        const double mean =
            std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
        const auto [low, high] = bootstrapMeanInterval(values, defaultComparison.bootstrapResamples,
                                                       defaultComparison.bootstrapSeed);
        m_errorBars.append(
            QVariantMap{{"label", condition.empty() ? QStringLiteral("–") : text(condition)},
                        {"mean", mean},
                        {"low", std::isfinite(low) ? QVariant(low) : QVariant(mean)},
                        {"high", std::isfinite(high) ? QVariant(high) : QVariant(mean)},
                        {"participants", int(values.size())}});
    }
    m_levels.clear();
    std::set<std::string> levels;
    for (const ResultRow& row : m_rows)
        if (const auto found = row.factors.find(factor); found != row.factors.end())
            levels.insert(found->second);
    for (const std::string& level : levels)
        m_levels.append(text(level));
    if (!m_levels.contains(m_levelA) || !m_levels.contains(m_levelB) || m_levelA == m_levelB) {
        m_levelA = m_levels.value(0);
        m_levelB = m_levels.value(1);
    }
    compare();
    emit loaded();
}

void ResultsBrowser::setLevelA(const QString& level)
{
    m_levelA = level;
    compare();
    emit loaded();
}

void ResultsBrowser::setLevelB(const QString& level)
{
    m_levelB = level;
    compare();
    emit loaded();
}

void ResultsBrowser::compare()
{
    m_comparisons.clear();
    if (m_levelA.isEmpty() || m_levelB.isEmpty() || m_levelA == m_levelB) return;
    ComparisonSpec spec;
    spec.factor = m_conditionFactor.toStdString();
    spec.levelA = m_levelA.toStdString();
    spec.levelB = m_levelB.toStdString();
    spec.metrics = reportMetrics();
    const bool perModel = spec.factor != "model";
    for (const bool within : {false, true}) {
        if (within && !perModel) break;
        spec.withinFactors =
            within ? std::vector<std::string>{"model"} : std::vector<std::string>{};
        for (const Comparison& c : compareLevels(m_rows, spec)) {
            if (c.n == 0) continue;
            const auto model = c.keys.find("model");
            m_comparisons.append(QVariantMap{
                {"within",
                 within && model != c.keys.end() ? text(model->second) : QStringLiteral("all")},
                {"metric", text(c.metric)},
                {"n", qulonglong(c.n)},
                {"meanA", c.meanA},
                {"meanB", c.meanB},
                {"difference", c.meanDifference},
                {"low", c.ciLow},
                {"high", c.ciHigh},
                {"p", std::isfinite(c.wilcoxonP) ? QVariant(c.wilcoxonP) : QVariant()},
                {"rankBiserial",
                 std::isfinite(c.rankBiserial) ? QVariant(c.rankBiserial) : QVariant()},
                {"cohenDz", std::isfinite(c.cohenDz) ? QVariant(c.cohenDz) : QVariant()},
                {"verdict", text(verdictSentence(c, spec.levelA, spec.levelB))}});
        }
    }
}

QString ResultsBrowser::failed(const std::exception& error)
{
    m_errorMessage = text(error.what());
    emit loaded();
    return {};
}

QString ResultsBrowser::exportPlotsSvg(const QString& folder)
{
    try {
        std::vector<PolarPoint> points;
        for (const ResultRow& row : m_rows)
            if (row.kind == "localization" && row.responseAzimuthDeg)
                points.push_back({row.targetAzimuthDeg, *row.responseAzimuthDeg});
        ErrorBarPanel panel{
            m_errorBarMetric.toStdString(), metricUnit(m_errorBarMetric.toStdString()), {}};
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
        m_errorMessage = QStringLiteral("Export failed: %1").arg(text(error.what()));
        emit loaded();
        return {};
    }
}

QString ResultsBrowser::plotSaved(const QString& path, bool ok) const
{
    return ok ? QStringLiteral("Saved %1").arg(path)
              : QStringLiteral("Could not write %1").arg(path);
}
