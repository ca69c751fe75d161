#pragma once
/// What the results browser shows of a study, computed from the study and the page's choices as
/// a plain value: the results browser computes it on a worker thread (a study of many sessions
/// takes seconds to analyse) and only hands it to its models on the GUI thread.

#include "analysis/grouping.h"
#include "analysis/result_row.h"
#include "gui/comparison_model.h"
#include "report/svg_plots.h"
#include "results/session_file.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <memory>
#include <vector>

namespace stagelab::gui {

/// A study as read: its sessions and their test trials as rows. Shared, read-only, between the
/// GUI thread and the worker analysing or exporting it.
struct Study
{
    std::vector<SessionFileContents> sessions;
    std::vector<ResultRow> rows;
};

/// The page's choices the view depends on.
struct ViewChoices
{
    QString conditionFactor; ///< "model", "device", ...
    QString errorBarMetric;  ///< A metric of the catalogue.
    QString levelA, levelB;  ///< Compared levels of conditionFactor (kept if still present).
};

/// The polar scatter draws at most this many answers (a random choice, the same every time): beyond
/// a few thousand the points cover each other, and drawing them costs the window tens of
/// milliseconds.
constexpr int maxScatterPoints = 2000;

struct ResultsView
{
    QStringList participants, levels;
    QString levelA, levelB; ///< The compared levels as they apply to `levels`.
    /// Grouped by kind and condition (localization and width tables), and by condition alone
    /// (the tables of answers that come from several kinds of trial).
    AnalysisResult byCondition, byFactor;
    QVariantList points;        ///< At most maxScatterPoints; see answeredTrials.
    QVariantList scatterGroups; ///< `points` grouped by the condition (trial_points.h).
    int answeredTrials = 0;
    QVariantList errorBars;
    std::vector<ComparisonModel::Row> comparisons;
    QStringList verdicts;
};

/// Everything the page shows of `study` under `choices`.
ResultsView computeResultsView(const Study& study, const ViewChoices& choices);

/// The error-bars of a view (ResultsView::errorBars) as the SVG writer's panel.
ErrorBarPanel errorBarPanel(const QVariantList& errorBars, const QString& metric);

} // namespace stagelab::gui
