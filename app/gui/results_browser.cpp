#include "gui/results_browser.h"

#include "analysis/grouping.h"
#include "analysis/statistics.h"
#include "gui/analysis_variants.h"
#include "results/export.h"
#include "results/result_rows.h"

#include <QVariantMap>

#include <cmath>
#include <map>
#include <numeric>
#include <set>

using namespace stagelab;

namespace {
QString text(const std::string& value) { return QString::fromStdString(value); }
// The documented defaults of `stagelab-cli compare`: the same resampling everywhere.
constexpr std::size_t bootstrapResamples = 10000;
constexpr std::uint64_t bootstrapSeed = 1;
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

int ResultsBrowser::sessionCount() const { return int(m_sessions.size()); }

int ResultsBrowser::trialCount() const { return int(m_rows.size()); }

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
        const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
        const auto [low, high] = bootstrapMeanInterval(values, bootstrapResamples, bootstrapSeed);
        m_errorBars.append(QVariantMap{{"label", condition.empty() ? QStringLiteral("–") : text(condition)},
                                       {"mean", mean},
                                       {"low", std::isfinite(low) ? QVariant(low) : QVariant(mean)},
                                       {"high", std::isfinite(high) ? QVariant(high) : QVariant(mean)},
                                       {"participants", int(values.size())}});
    }
    emit loaded();
}

QString ResultsBrowser::exportTo(const QString& format, const QString& folder)
{
    try {
        if (m_sessions.empty())
            throw std::runtime_error("open a results folder first");
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
    return ok ? QStringLiteral("Saved %1").arg(path) : QStringLiteral("Could not write %1").arg(path);
}
