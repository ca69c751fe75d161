#include "gui/results_view.h"

#include "analysis/metric_catalogue.h"
#include "analysis/statistics.h"
#include "gui/qstring_text.h"
#include "gui/trial_points.h"
#include "report/study_report.h"
#include "report/verdicts.h"

#include <QVariantMap>

#include <cmath>
#include <set>

namespace stagelab::gui {

namespace {
/// The mean over participants of `metric` per condition, with the engine's bootstrap interval
/// (as the study report computes it).
QVariantList errorBarsOf(const AnalysisResult& byConditionAndParticipant, const std::string& factor,
                         const std::string& metric)
{
    QVariantList bars;
    for (const auto& [condition, summary] :
         participantMeans(byConditionAndParticipant, factor, metric))
        bars.append(
            QVariantMap{{"label", condition.empty() ? QStringLiteral("–") : text(condition)},
                        {"mean", summary.mean},
                        {"low", std::isfinite(summary.low) ? summary.low : summary.mean},
                        {"high", std::isfinite(summary.high) ? summary.high : summary.mean},
                        {"participants", int(summary.participants)}});
    return bars;
}

/// The within-participant comparison of levelB against levelA, overall and (unless the factor is
/// the model) per model; the overall rows' verdicts go to `verdicts`.
std::vector<ComparisonModel::Row> comparisonsOf(std::span<const ResultRow> rows,
                                                const std::string& factor, const QString& levelA,
                                                const QString& levelB, QStringList& verdicts)
{
    std::vector<ComparisonModel::Row> table;
    if (levelA.isEmpty() || levelB.isEmpty() || levelA == levelB) return table;
    ComparisonSpec spec;
    spec.factor = factor;
    spec.levelA = levelA.toStdString();
    spec.levelB = levelB.toStdString();
    spec.metrics = reportMetrics();
    spec.metrics.insert(spec.metrics.end(), soundstageMetrics().begin(), soundstageMetrics().end());
    const bool perModel = spec.factor != "model";
    for (const bool within : {false, true}) {
        if (within && !perModel) break;
        spec.withinFactors =
            within ? std::vector<std::string>{"model"} : std::vector<std::string>{};
        for (const Comparison& c : compareLevels(rows, spec)) {
            if (c.n == 0) continue;
            const auto model = c.keys.find("model");
            const QString verdict = text(verdictSentence(c, spec.levelA, spec.levelB));
            table.push_back(ComparisonModel::rowFor(
                c, within && model != c.keys.end() ? text(model->second) : QStringLiteral("all"),
                verdict));
            if (!within) verdicts.append(verdict);
        }
    }
    return table;
}
} // namespace

ResultsView computeResultsView(const Study& study, const ViewChoices& choices)
{
    ResultsView view;
    const std::string factor = choices.conditionFactor.toStdString();
    std::set<std::string> participants, levels;
    for (const ResultRow& row : study.rows) {
        participants.insert(row.factors.at("participant"));
        if (const auto found = row.factors.find(factor); found != row.factors.end())
            levels.insert(found->second);
    }
    for (const std::string& participant : participants)
        view.participants.append(text(participant));
    for (const std::string& level : levels)
        view.levels.append(text(level));

    view.byCondition = analyze(study.rows, {"kind", factor});
    // Distance answers and ratings come from several kinds of trial: grouped without the kind.
    view.byFactor = analyze(study.rows, {factor});
    view.points = trialPoints(study.rows, maxScatterPoints, &view.answeredTrials);
    view.scatterGroups = scatterGroups(view.points, choices.conditionFactor);
    view.errorBars = errorBarsOf(analyze(study.rows, {factor, "participant"}), factor,
                                 choices.errorBarMetric.toStdString());

    // The compared levels stay as chosen while both are in the data (the same one twice compares
    // nothing); else they are the first two.
    view.levelA = choices.levelA;
    view.levelB = choices.levelB;
    if (!view.levels.contains(view.levelA) || !view.levels.contains(view.levelB)) {
        view.levelA = view.levels.value(0);
        view.levelB = view.levels.value(1);
    }
    view.comparisons = comparisonsOf(study.rows, factor, view.levelA, view.levelB, view.verdicts);
    return view;
}

ErrorBarPanel errorBarPanel(const QVariantList& errorBars, const QString& metric)
{
    ErrorBarPanel panel{metric.toStdString(), metricInfo(metric.toStdString()).unit, {}};
    for (const QVariant& bar : errorBars) {
        const QVariantMap map = bar.toMap();
        panel.bars.push_back({map["label"].toString().toStdString(), map["mean"].toDouble(),
                              map["low"].toDouble(), map["high"].toDouble(),
                              levelColour(panel.bars.size())});
    }
    return panel;
}

} // namespace stagelab::gui
