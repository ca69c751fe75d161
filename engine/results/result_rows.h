#pragma once
/// Session files as analysis rows: one ResultRow per answered trial, with its conditions as
/// named factors.

#include "analysis/result_row.h"
#include "results/session_file.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace stagelab {

/// Which answered trials become rows.
enum class TrialSelection {
    Test, ///< Test trials only (isTestTrial): what metrics, reports and summaries describe.
    All,  ///< Training trials too.
};

/// One row per answered trial of the selection, in file order (a stage map: one per instrument,
/// its stimulus the instrument, with the factor "ensemble"). Factors: participant, session,
/// experiment, block, kind, phase ("training"/"test"), stimulus, model, device, hrtf (set name),
/// repetition, distractors (count), widthDeg, distanceM, simulated.
std::vector<ResultRow> resultRows(const SessionFileContents& contents, TrialSelection selection);

/// The rows of resultRows(contents, selection), one at a time, into `use`: the same ResultRow
/// object filled again for each (copy what should stay). For reading a study too large to hold.
void forEachResultRow(const SessionFileContents& contents, TrialSelection selection,
                      const std::function<void(ResultRow&)>& use);

/// Counts rows as trials, for describeTrialCount (a stage map is one trial of many rows).
class TrialCounter
{
public:
    void add(const ResultRow& row);
    /// Another counter's rows (a part of the same study, counted on another thread).
    void add(const TrialCounter& other);
    /// "120 trials", or "120 trials (48 of them stage maps, 160 placements)".
    std::string describe(const std::string& noun = "trials") const;

private:
    size_t m_rows = 0, m_placements = 0;
    std::set<std::string> m_stages;
};

/// How many trials `rows` are, in words: "120 trials", or "120 trials (48 of them stage maps,
/// 160 placements)" - a stage map is a row per instrument.
std::string describeTrialCount(const std::vector<ResultRow>& rows,
                               const std::string& noun = "trials");

/// The rows of several sessions, one after the other.
std::vector<ResultRow> resultRows(const std::vector<SessionFileContents>& sessions,
                                  TrialSelection selection);

/// Every session file under the given paths (files, or folders searched recursively for
/// *.jsonl), read leniently: warnings (skipped lines) are appended to `warnings`. A file that
/// cannot be read at all - empty, its header torn or not a session's (what a full disk can
/// leave) - is skipped with a warning naming it, so one damaged file does not hide a study;
/// `strict` makes it an Error instead. Throws Error when no file could be read.
std::vector<SessionFileContents> readSessionFiles(const std::vector<std::string>& paths,
                                                  std::vector<std::string>& warnings,
                                                  bool strict = false);

/// The rows of every session file under `paths` (as readSessionFiles finds and reads them, with
/// the same warnings and errors), handed to `consume` one file at a time, in file order. Files
/// are read and turned into rows on every core, a few at a time: a study far larger than memory
/// can be analysed. Returns how many files were read.
size_t forEachSessionRows(const std::vector<std::string>& paths, TrialSelection selection,
                          std::vector<std::string>& warnings, bool strict,
                          const std::function<void(std::vector<ResultRow>&&)>& consume);

} // namespace stagelab
