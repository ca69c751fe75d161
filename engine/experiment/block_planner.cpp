#include "experiment/block_planner.h"

#include "experiment/constrained_shuffle.h"
#include "spatial/direction.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>

namespace stagelab {

namespace {

/// One cell of a block's full factorial: indices into the block's factor lists.
struct Cell
{
    int stimulus = 0, model = 0, azimuth = 0, elevation = 0, distance = 0, width = 0,
        distractorCount = 0, ensemble = 0, headTracking = 0, repetition = 0;
};

/// Cells in canonical order: repetition slowest, then stimulus, model, azimuth, elevation,
/// distance, width, distractor count, ensemble, head tracking fastest (the order the
/// documentation gives). A
/// factor with one level adds nothing to the order, so plans without distances are as they
/// always were.
std::vector<Cell> factorial(const ExperimentBlock& block)
{
    const BlockFactors& f = block.factors;
    std::vector<Cell> cells;
    cells.reserve(size_t(block.trialCount()));
    Cell c;
    for (c.repetition = 0; c.repetition < block.repetitions; ++c.repetition)
        for (c.stimulus = 0; c.stimulus < int(f.stimulus.size()); ++c.stimulus)
            for (c.model = 0; c.model < int(f.model.size()); ++c.model)
                for (c.azimuth = 0; c.azimuth < int(f.azimuthDeg.size()); ++c.azimuth)
                    for (c.elevation = 0; c.elevation < int(f.elevationDeg.size()); ++c.elevation)
                        for (c.distance = 0; c.distance < int(f.distanceM.size()); ++c.distance)
                            for (c.width = 0; c.width < int(f.widthDeg.size()); ++c.width)
                                for (c.distractorCount = 0;
                                     c.distractorCount < int(f.distractors.count.size());
                                     ++c.distractorCount)
                                    for (c.ensemble = 0;
                                         c.ensemble < std::max(1, int(f.ensemble.size()));
                                         ++c.ensemble)
                                        for (c.headTracking = 0;
                                             c.headTracking < int(f.headTracking.size());
                                             ++c.headTracking)
                                            cells.push_back(c);
    return cells;
}

/// The "no immediate repeat" factors that apply to a block: a factor with a single level in
/// the block cannot change between trials, so it is left out there instead of failing.
struct Constraints
{
    struct Factor
    {
        std::string name;
        int Cell::*member;
        int levels;
    };
    std::vector<Factor> factors;

    Constraints(const ExperimentBlock& block, const std::vector<std::string>& names)
    {
        const BlockFactors& f = block.factors;
        const Factor all[] = {
            {"stimulus", &Cell::stimulus, int(f.stimulus.size())},
            {"model", &Cell::model, int(f.model.size())},
            {"azimuthDeg", &Cell::azimuth, int(f.azimuthDeg.size())},
            {"elevationDeg", &Cell::elevation, int(f.elevationDeg.size())},
            {"distanceM", &Cell::distance, int(f.distanceM.size())},
            {"widthDeg", &Cell::width, int(f.widthDeg.size())},
            {"distractorCount", &Cell::distractorCount, int(f.distractors.count.size())},
            {"ensemble", &Cell::ensemble, int(f.ensemble.size())},
            {"headTracking", &Cell::headTracking, int(f.headTracking.size())}};
        for (const Factor& factor : all)
            if (factor.levels > 1 &&
                std::find(names.begin(), names.end(), factor.name) != names.end())
                factors.push_back(factor);
    }

    /// The cells as the constrained shuffle sees them: their levels on the constrained factors.
    ConstrainedItems items(const std::vector<Cell>& cells, const Cell* previous) const
    {
        ConstrainedItems items;
        items.count = cells.size();
        for (const Factor& factor : factors)
            items.levelCounts.push_back(factor.levels);
        items.levels.reserve(cells.size() * factors.size());
        for (const Cell& cell : cells)
            for (const Factor& factor : factors)
                items.levels.push_back(cell.*factor.member);
        if (previous)
            for (const Factor& factor : factors)
                items.previous.push_back(previous->*factor.member);
        return items;
    }

    std::string names() const
    {
        std::string text;
        for (const Factor& factor : factors)
            text += (text.empty() ? "" : ", ") + factor.name;
        return text;
    }
};

/// A factor level as the experiment file writes it.
std::string levelText(const BlockFactors& f, const std::string& factor, int level)
{
    const size_t i = size_t(level);
    if (factor == "stimulus") return "'" + f.stimulus[i] + "'";
    if (factor == "model") return "'" + f.model[i] + "'";
    if (factor == "distractorCount") return std::to_string(f.distractors.count[i]);
    if (factor == "ensemble") return "'" + f.ensemble[i].id + "'";
    if (factor == "headTracking") return "'" + f.headTracking[i] + "'";
    return formatNumber(factor == "azimuthDeg"     ? f.azimuthDeg[i]
                        : factor == "elevationDeg" ? f.elevationDeg[i]
                        : factor == "distanceM"    ? f.distanceM[i]
                                                   : f.widthDeg[i]);
}

class Planner
{
public:
    Planner(const Experiment& experiment, PlanRandom& random)
        : m_experiment(experiment), m_random(random)
    {}

    /// See planBlock() in the header.
    std::vector<std::vector<PlannedTrial>> prepare(const ExperimentBlock& block,
                                                   const std::string& device, int parts)
    {
        const Constraints constraints(block, m_experiment.randomization.noImmediateRepeat);
        const std::vector<Cell> cells = factorial(block);
        std::vector<std::vector<Cell>> portions;
        portions.reserve(2);
        if (parts == 2 && block.repetitions % 2 == 0) {
            const size_t half = cells.size() / 2; // repetition is the slowest factor
            portions.push_back(order(block, device, constraints,
                                     {cells.begin(), cells.begin() + long(half)}, nullptr));
            portions.push_back(order(block, device, constraints,
                                     {cells.begin() + long(half), cells.end()},
                                     &portions[0].back()));
        } else {
            portions.push_back(order(block, device, constraints, cells, nullptr));
            if (parts == 2) {
                const size_t split = (cells.size() + 1) / 2;
                portions.emplace_back(portions[0].begin() + long(split), portions[0].end());
                portions[0].resize(split);
            }
        }
        std::vector<std::vector<PlannedTrial>> result;
        for (size_t p = 0; p < portions.size(); ++p) {
            const std::string context = where(block, device, p, parts); // for error messages
            std::vector<PlannedTrial> trials;
            trials.reserve(portions[p].size());
            for (const Cell& cell : portions[p])
                trials.push_back(trial(block, device, cell, context));
            result.push_back(std::move(trials));
        }
        return result;
    }

private:
    static std::string where(const ExperimentBlock& block, const std::string& device, size_t part,
                             int parts)
    {
        return "block '" + block.id + "'" + (device.empty() ? "" : " on device '" + device + "'") +
               (parts > 1 ? (part == 0 ? " (first half)" : " (second half)") : "");
    }

    std::vector<Cell> order(const ExperimentBlock& block, const std::string& device,
                            const Constraints& constraints, const std::vector<Cell>& cells,
                            const Cell* previous)
    {
        std::vector<uint32_t> permutation;
        const ShuffleOutcome outcome =
            constrainedShuffle(constraints.items(cells, previous), m_random, permutation);
        const std::string prefix =
            "block '" + block.id + "'" + (device.empty() ? "" : " on device '" + device + "'");
        if (outcome.impossibleFactor >= 0) {
            const auto& factor = constraints.factors[size_t(outcome.impossibleFactor)];
            const auto count = std::count_if(cells.begin(), cells.end(), [&](const Cell& c) {
                return c.*factor.member == outcome.impossibleLevel;
            });
            throw Error(prefix + ": no order can avoid immediate repeats of " + factor.name + ": " +
                        levelText(block.factors, factor.name, outcome.impossibleLevel) + " is in " +
                        std::to_string(count) + " of " + std::to_string(cells.size()) +
                        " trials; relax randomization.constraints.noImmediateRepeat");
        }
        if (!outcome.satisfied)
            throw Error(prefix + ": found no order of its " + std::to_string(cells.size()) +
                        " trials without immediate repeats of " + constraints.names() +
                        " together in " + std::to_string(outcome.attempts) +
                        " attempts (the last stopped at trial " +
                        std::to_string(outcome.stuckAt + 1) +
                        "); relax randomization.constraints.noImmediateRepeat or add levels");
        std::vector<Cell> ordered;
        ordered.reserve(cells.size());
        for (uint32_t i : permutation)
            ordered.push_back(cells[i]);
        return ordered;
    }

    PlannedTrial trial(const ExperimentBlock& block, const std::string& device, const Cell& cell,
                       const std::string& where)
    {
        const BlockFactors& f = block.factors;
        PlannedTrial trial;
        trial.blockId = block.id;
        trial.kind = block.kind;
        trial.training = block.training;
        trial.feedback = block.feedback;
        trial.responseMode = block.responseMode;
        trial.alsoAsk = block.alsoAsk;
        trial.stimulus = f.stimulus[size_t(cell.stimulus)];
        trial.model = f.model[size_t(cell.model)];
        trial.device = device;
        trial.azimuthDeg = f.azimuthDeg[size_t(cell.azimuth)];
        trial.elevationDeg = f.elevationDeg[size_t(cell.elevation)];
        trial.widthDeg = f.widthDeg[size_t(cell.width)];
        trial.distanceM = f.distanceM[size_t(cell.distance)];
        trial.repetition = cell.repetition;
        trial.headTracking = f.headTracking[size_t(cell.headTracking)] == "on";
        if (!f.ensemble.empty()) {
            trial.ensemble = f.ensemble[size_t(cell.ensemble)].id;
            trial.instruments = f.ensemble[size_t(cell.ensemble)].instruments;
        }
        trial.distractors =
            distractors(block, trial, f.distractors.count[size_t(cell.distractorCount)], where);
        return trial;
    }

    /// Distinct distractor stimuli (never the target's), each at a whole-degree azimuth drawn
    /// uniformly from [-179, 180] on the horizontal plane, at least minimumSeparationDeg (great
    /// circle) from the target and from each other. Each distractor gets up to `tries` draws;
    /// if one runs out, the trial starts its positions again, up to `attempts` times.
    std::vector<PlannedDistractor> distractors(const ExperimentBlock& block,
                                               const PlannedTrial& trial, int count,
                                               const std::string& where)
    {
        if (count == 0) return {};
        constexpr int attempts = 50, tries = 100;
        // Whole degrees; the 1e-9 slack keeps an exact 60° from failing a 60° minimum by rounding.
        const double separation = block.factors.distractors.minimumSeparationDeg - 1e-9;
        std::vector<std::string> pool;
        for (const std::string& id : block.factors.distractors.stimuli)
            if (id != trial.stimulus) pool.push_back(id);
        if (pool.size() <
            size_t(count)) // loadExperiment rejects this; plans of hand-made experiments may not
            throw Error(where + ": " + std::to_string(count) +
                        " distractors need as many stimuli other than the target '" +
                        trial.stimulus + "'; only " + std::to_string(pool.size()) + " are listed");
        for (size_t k = 0; k < size_t(count);
             ++k) // partial Fisher–Yates: the first `count` are a random draw
            std::swap(pool[k], pool[k + size_t(m_random.below(pool.size() - k))]);
        const Direction target{trial.azimuthDeg, trial.elevationDeg};
        for (int attempt = 0; attempt < attempts; ++attempt) {
            std::vector<PlannedDistractor> placed;
            for (int k = 0; k < count; ++k) {
                for (int t = 0; t < tries; ++t) {
                    const Direction candidate{double(int(m_random.below(360)) - 179), 0.0};
                    const bool clear =
                        angleBetweenDeg(candidate, target) >= separation &&
                        std::all_of(placed.begin(), placed.end(), [&](const PlannedDistractor& d) {
                            return angleBetweenDeg(candidate, {d.azimuthDeg, d.elevationDeg}) >=
                                   separation;
                        });
                    if (clear) {
                        placed.push_back(
                            {pool[size_t(k)], candidate.azimuthDeg, candidate.elevationDeg});
                        break;
                    }
                }
                if (int(placed.size()) <= k) break;
            }
            if (int(placed.size()) == count) return placed;
        }
        throw Error(where + ": cannot place " + std::to_string(count) + " distractors at least " +
                    formatNumber(block.factors.distractors.minimumSeparationDeg) +
                    " deg from the target (azimuth " + formatNumber(trial.azimuthDeg) +
                    ", elevation " + formatNumber(trial.elevationDeg) +
                    ") and from each other after " + std::to_string(attempts) + " attempts of " +
                    std::to_string(tries) +
                    " draws each; lower distractors.minimumSeparationDeg or the count");
    }

    const Experiment& m_experiment;
    PlanRandom& m_random;
};

} // namespace

std::vector<std::vector<PlannedTrial>> planBlock(const Experiment& experiment,
                                                 const ExperimentBlock& block,
                                                 const std::string& device, int parts,
                                                 PlanRandom& random)
{
    return Planner(experiment, random).prepare(block, device, parts);
}

} // namespace stagelab
