#include "gui/results_browser.h"

#include "analysis/metric_catalogue.h"
#include "gui/qstring_text.h"
#include "report/study_report.h"
#include "report/svg_plots.h"
#include "results/export.h"
#include "results/result_rows.h"
#include "results/session_file.h"
#include "util/files.h"

#include <QLocale>
#include <QMetaObject>

#include <system_error>

using namespace stagelab;
using stagelab::gui::ResultsView;
using stagelab::gui::Study;
using stagelab::gui::text;
using stagelab::gui::ViewChoices;

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
    if (m_worker.joinable()) m_worker.join(); // a job under way finishes first
}

ResultsBrowser::Read ResultsBrowser::read(const QString& path, const ViewChoices& choices)
{
    Read read;
    read.study = std::make_shared<const Study>();
    try {
        auto study = std::make_shared<Study>();
        study->sessions = readSessionFiles({path.toStdString()}, read.warnings);
        study->rows = resultRows(study->sessions, TrialSelection::Test);
        read.view = computeResultsView(*study, choices);
        read.study = std::move(study);
    } catch (const std::exception& exception) {
        read.error = text(exception.what());
    }
    if (read.error.isEmpty() && read.study->sessions.empty())
        read.error = QStringLiteral("No session files (*.jsonl) in %1").arg(path);
    return read;
}

ViewChoices ResultsBrowser::choices() const
{
    return {m_conditionFactor, m_errorBarMetric, m_levelA, m_levelB};
}

bool ResultsBrowser::startJob(Job job, const QString& activity, std::function<Apply()> work)
{
    if (busy()) return false;
    try {
        m_worker = std::thread([this, work = std::move(work)] {
            Apply apply;
            try {
                apply = work();
            } catch (const std::exception& error) { // e.g. out of memory: said, not a crash
                apply = [this, message = text(error.what())] { setErrorMessage(message); };
            }
            // Back on the GUI thread; the destructor joins this thread before `this` goes.
            QMetaObject::invokeMethod(
                this,
                [this, apply = std::move(apply)] {
                    m_worker.join(); // it posted this call as its last act
                    try {
                        apply();
                    } catch (const std::exception& error) { // the page stays usable
                        setErrorMessage(text(error.what()));
                    }
                    finishJob();
                },
                Qt::QueuedConnection);
        });
    } catch (const std::system_error& error) { // no thread to be had: said, and not busy
        setErrorMessage(QStringLiteral("Could not start a worker thread: %1").arg(error.what()));
        return false;
    }
    // The choices from here on are the ones this job works with.
    m_choicesChanged = false;
    m_job = job;
    m_activity = activity;
    if (job == Job::Load) emit loadingChanged();
    emit activityChanged();
    return true;
}

void ResultsBrowser::finishJob()
{
    const bool wasLoad = m_job == Job::Load;
    m_job = Job::None;
    if (wasLoad) emit loadingChanged();
    // The page's choices changed meanwhile: analysed again at once, the page still busy (it
    // would otherwise hide its indicator for a moment between the two jobs).
    if (m_choicesChanged && !m_study->sessions.empty() && startAnalysis()) return;
    m_choicesChanged = false;
    m_activity.clear();
    emit activityChanged();
}

bool ResultsBrowser::open(const QString& path)
{
    if (busy()) return false;
    assign(this, m_folder, path, &ResultsBrowser::folderChanged);
    return show(read(path, choices()));
}

bool ResultsBrowser::load(const QString& path)
{
    if (busy()) return false;
    assign(this, m_folder, path, &ResultsBrowser::folderChanged);
    return startJob(Job::Load, QStringLiteral("Reading the sessions in %1…").arg(path),
                    [this, path, choices = choices()]() -> Apply {
                        auto result = std::make_shared<Read>(read(path, choices));
                        return [this, result] { show(std::move(*result)); };
                    });
}

void ResultsBrowser::reanalyse()
{
    if (busy()) {
        m_choicesChanged = true; // analysed again when the current job is done (a load too)
        return;
    }
    if (!m_study->sessions.empty()) startAnalysis();
}

bool ResultsBrowser::startAnalysis()
{
    const QString trials = QLocale().toString(qlonglong(m_study->rows.size()));
    return startJob(Job::Analysis, QStringLiteral("Analysing %1 trials…").arg(trials),
                    [this, study = m_study, choices = choices()]() -> Apply {
                        auto view =
                            std::make_shared<ResultsView>(computeResultsView(*study, choices));
                        return [this, view] { showView(std::move(*view)); };
                    });
}

bool ResultsBrowser::show(Read&& read)
{
    const int sessionsBefore = sessionCount();
    const int trialsBefore = trialCount();
    m_study = std::move(read.study);
    QStringList warningList;
    for (const std::string& warning : read.warnings)
        warningList.append(text(warning));
    assign(this, m_warnings, warningList, &ResultsBrowser::warningsChanged);
    setErrorMessage(read.error);
    if (sessionCount() != sessionsBefore) emit sessionCountChanged();
    if (trialCount() != trialsBefore) emit trialCountChanged();
    showView(std::move(read.view));
    return m_errorMessage.isEmpty();
}

void ResultsBrowser::showView(ResultsView&& view)
{
    const QStringList levelsBefore = m_view.levels;
    m_view = std::move(view);
    assign(this, m_participants, m_view.participants, &ResultsBrowser::participantsChanged);
    m_localizationTable.setAnalysis(m_view.byCondition);
    m_widthTable.setAnalysis(m_view.byCondition);
    m_distanceTable.setAnalysis(m_view.byFactor);
    m_externalizationTable.setAnalysis(m_view.byFactor);
    m_stageMapTable.setAnalysis(m_view.byFactor);
    emit pointsChanged();
    emit errorBarsChanged();
    if (m_view.levels != levelsBefore) emit levelsChanged();
    // Levels chosen while this view was computed stay (the next one is computed with them).
    if (!m_choicesChanged) {
        assign(this, m_levelA, m_view.levelA, &ResultsBrowser::levelAChanged);
        assign(this, m_levelB, m_view.levelB, &ResultsBrowser::levelBChanged);
    }
    m_comparisons.setRows(std::move(m_view.comparisons));
    emit verdictsChanged();
}

void ResultsBrowser::setConditionFactor(const QString& factor)
{
    if (factor == m_conditionFactor) return;
    m_conditionFactor = factor;
    emit conditionFactorChanged();
    reanalyse();
}

void ResultsBrowser::setErrorBarMetric(const QString& metric)
{
    if (metric == m_errorBarMetric || !isMetricName(metric.toStdString())) return;
    m_errorBarMetric = metric;
    emit errorBarMetricChanged();
    reanalyse();
}

void ResultsBrowser::setLevelA(const QString& level)
{
    if (level == m_levelA) return;
    m_levelA = level;
    emit levelAChanged();
    reanalyse();
}

void ResultsBrowser::setLevelB(const QString& level)
{
    if (level == m_levelB) return;
    m_levelB = level;
    emit levelBChanged();
    reanalyse();
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
    return int(m_study->sessions.size());
}

int ResultsBrowser::trialCount() const
{
    return int(m_study->rows.size());
}

void ResultsBrowser::setErrorMessage(const QString& message)
{
    assign(this, m_errorMessage, message, &ResultsBrowser::errorMessageChanged);
}

QString ResultsBrowser::write(const Study& study, const QString& format, const QString& folder,
                              const ErrorBarPanel& plot)
{
    if (study.sessions.empty()) throw std::runtime_error("open a results folder first");
    const std::string where = folder.toStdString();
    if (format == QLatin1String("svg")) {
        std::vector<PolarPoint> points;
        for (const ResultRow& row : study.rows)
            if (row.kind == "localization" && row.responseAzimuthDeg)
                points.push_back({row.targetAzimuthDeg, *row.responseAzimuthDeg});
        ensureWritableFolder(where);
        writeFileAtomically(where + "/polar.svg",
                            polarScatterSvg("Targets and responses", points, levelColour(0), 420));
        writeFileAtomically(where + "/error-bars.svg", errorBarSvg({plot}, 360, 300));
        return folder;
    }
    if (format == QLatin1String("report")) {
        writeFileAtomically(where + "/report.html", studyReportHtml(study.sessions, study.rows));
        return folder + QStringLiteral("/report.html");
    }
    if (format == QLatin1String("csv")) return text(exportTrialsCsv(study.sessions, where));
    if (format == QLatin1String("bids")) return text(exportBids(study.sessions, where));
    if (format == QLatin1String("json")) return text(exportSummaryJson(study.sessions, where));
    throw std::runtime_error("unknown export format '" + format.toStdString() + "'");
}

bool ResultsBrowser::startExport(const QString& format, const QString& folder)
{
    const ErrorBarPanel plot = gui::errorBarPanel(m_view.errorBars, m_errorBarMetric);
    return startJob(Job::Export, QStringLiteral("Writing %1 into %2…").arg(format, folder),
                    [this, study = m_study, format, folder, plot]() -> Apply {
                        try {
                            const QString written = write(*study, format, folder, plot);
                            return [this, written] {
                                emit exportFinished(QStringLiteral("Wrote %1").arg(written), true);
                            };
                        } catch (const std::exception& error) {
                            // Said by exportFinished (the page shows it by the buttons), not
                            // as the results' error: they are as they were.
                            const QString message =
                                QStringLiteral("Export failed: %1").arg(text(error.what()));
                            return [this, message] { emit exportFinished(message, false); };
                        }
                    });
}

QString ResultsBrowser::exportTo(const QString& format, const QString& folder)
{
    try {
        return write(*m_study, format, folder,
                     gui::errorBarPanel(m_view.errorBars, m_errorBarMetric));
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
