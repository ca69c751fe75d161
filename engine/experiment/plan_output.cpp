// Trial plans out of and into JSON, and as a text table (trial_plan.h).

#include "experiment/trial_plan.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>

namespace stagelab {

using Json = nlohmann::json;

Json plannedTrialToJson(const PlannedTrial& trial)
{
    Json distractors = Json::array();
    for (const PlannedDistractor& distractor : trial.distractors)
        distractors.push_back({{"stimulus", distractor.stimulus},
                               {"azimuthDeg", distractor.azimuthDeg},
                               {"elevationDeg", distractor.elevationDeg}});
    Json json = {{"index", trial.index},
                 {"blockId", trial.blockId},
                 {"blockIndex", trial.blockIndex},
                 {"kind", trial.kind},
                 {"training", trial.training},
                 {"feedback", trial.feedback},
                 {"responseMode", trial.responseMode},
                 {"stimulus", trial.stimulus},
                 {"model", trial.model},
                 {"device", trial.device},
                 {"azimuthDeg", trial.azimuthDeg},
                 {"elevationDeg", trial.elevationDeg},
                 {"widthDeg", trial.widthDeg},
                 {"distractors", std::move(distractors)},
                 {"repetition", trial.repetition},
                 {"breakBefore", trial.breakBefore},
                 {"deviceSwitchBefore", trial.deviceSwitchBefore}};
    // Only where set: plans and sessions written before distances existed read back equal.
    if (trial.distanceM != 0.0) json["distanceM"] = trial.distanceM;
    if (!trial.alsoAsk.empty()) json["alsoAsk"] = trial.alsoAsk;
    if (trial.headTracking) json["headTracking"] = true;
    if (!trial.instruments.empty()) {
        json["ensemble"] = trial.ensemble;
        Json instruments = Json::array();
        for (const EnsembleInstrument& instrument : trial.instruments)
            instruments.push_back({{"stimulus", instrument.stimulus},
                                   {"azimuthDeg", instrument.azimuthDeg},
                                   {"distanceM", instrument.distanceM}});
        json["instruments"] = std::move(instruments);
    }
    return json;
}

PlannedTrial plannedTrialFromJson(const Json& item)
{
    try {
        PlannedTrial trial;
        trial.index = item.at("index").get<int>();
        trial.blockId = item.at("blockId").get<std::string>();
        trial.blockIndex = item.at("blockIndex").get<int>();
        trial.kind = item.at("kind").get<std::string>();
        trial.training = item.at("training").get<bool>();
        trial.feedback = item.at("feedback").get<bool>();
        trial.responseMode = item.at("responseMode").get<std::string>();
        trial.stimulus = item.at("stimulus").get<std::string>();
        trial.model = item.at("model").get<std::string>();
        trial.device = item.at("device").get<std::string>();
        trial.azimuthDeg = item.at("azimuthDeg").get<double>();
        trial.elevationDeg = item.at("elevationDeg").get<double>();
        trial.widthDeg = item.at("widthDeg").get<double>();
        trial.distanceM = item.value("distanceM", 0.0);
        if (item.contains("alsoAsk"))
            trial.alsoAsk = item.at("alsoAsk").get<std::vector<std::string>>();
        for (const Json& distractor : item.at("distractors"))
            trial.distractors.push_back({distractor.at("stimulus").get<std::string>(),
                                         distractor.at("azimuthDeg").get<double>(),
                                         distractor.at("elevationDeg").get<double>()});
        if (item.contains("instruments")) {
            trial.ensemble = item.at("ensemble").get<std::string>();
            for (const Json& instrument : item.at("instruments"))
                trial.instruments.push_back({instrument.at("stimulus").get<std::string>(),
                                             instrument.at("azimuthDeg").get<double>(),
                                             instrument.at("distanceM").get<double>()});
        }
        trial.repetition = item.at("repetition").get<int>();
        trial.headTracking = item.value("headTracking", false);
        trial.breakBefore = item.value("breakBefore", false);
        trial.deviceSwitchBefore = item.value("deviceSwitchBefore", false);
        return trial;
    } catch (const Json::exception& error) {
        // nlohmann names the missing key or the wrong type; that is enough to find the fault.
        throw Error(std::string("malformed trial: ") + error.what());
    }
}

Json toJson(const TrialPlan& plan)
{
    Json trials = Json::array();
    for (const PlannedTrial& trial : plan.trials)
        trials.push_back(plannedTrialToJson(trial));
    return {{"format", trialPlanFormat},
            {"experimentId", plan.experimentId},
            {"experimentHash", plan.experimentHash},
            {"participantId", plan.participantId},
            {"seed", plan.seed},
            {"blockOrder", plan.blockOrder},
            {"deviceOrder", plan.deviceOrder},
            {"trials", std::move(trials)}};
}

TrialPlan trialPlanFromJson(const Json& json)
{
    try {
        if (json.at("format").get<std::string>() != trialPlanFormat)
            throw Error("not a trial plan: format is '" + json.at("format").get<std::string>() +
                        "', expected '" + trialPlanFormat + "'");
        TrialPlan plan;
        plan.experimentId = json.at("experimentId").get<std::string>();
        plan.experimentHash = json.at("experimentHash").get<std::string>();
        plan.participantId = json.at("participantId").get<std::string>();
        plan.seed = json.at("seed").get<uint64_t>();
        plan.blockOrder = json.at("blockOrder").get<std::vector<std::string>>();
        plan.deviceOrder = json.at("deviceOrder").get<std::vector<std::string>>();
        for (const Json& item : json.at("trials"))
            plan.trials.push_back(plannedTrialFromJson(item));
        return plan;
    } catch (const Json::exception& error) {
        throw Error(std::string("malformed trial plan: ") + error.what());
    }
}

namespace {
std::string joinedOrNone(const std::vector<std::string>& items, const char* separator)
{
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : separator) + item;
    return text.empty() ? "(none)" : text;
}

/// Pads cells to their column's width; numeric columns are right-aligned so digits line up.
std::string tableText(const std::vector<std::vector<std::string>>& rows,
                      const std::vector<bool>& rightAligned)
{
    std::vector<size_t> widths(rightAligned.size(), 0);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    std::string text;
    for (const auto& row : rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string padding(widths[c] - row[c].size(), ' ');
            line += (c ? "  " : "") + (rightAligned[c] ? padding + row[c] : row[c] + padding);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        text += line + "\n";
    }
    return text;
}
} // namespace

std::string describePlanTable(const TrialPlan& plan)
{
    int training = 0, breaks = 0, switches = 0;
    bool headTracked = false; // an H flag only where a plan has head-tracked trials
    for (const PlannedTrial& trial : plan.trials) {
        headTracked = headTracked || trial.headTracking;
        training += trial.training;
        breaks += trial.breakBefore;
        switches += trial.deviceSwitchBefore;
    }
    std::string text =
        "Experiment   " + plan.experimentId + " (sha256 " + plan.experimentHash + ")\n" +
        "Participant  " + plan.participantId + ", seed " + std::to_string(plan.seed) + "\n" +
        "Block order  " + joinedOrNone(plan.blockOrder, ", ") + "\n" + "Devices      " +
        joinedOrNone(plan.deviceOrder, ", ") + "\n" + "Trials       " +
        std::to_string(plan.trials.size()) + " (" + std::to_string(training) + " training, " +
        std::to_string(plan.trials.size() - size_t(training)) + " test), " +
        std::to_string(breaks) + " breaks, " + std::to_string(switches) + " device changes\n\n";
    std::vector<std::vector<std::string>> rows = {{"#", "block", "device", "flags", "stimulus",
                                                   "model", "azDeg", "elDeg", "widthDeg", "rep",
                                                   "distractors (stimulus@azDeg)"}};
    for (const PlannedTrial& trial : plan.trials) {
        // T = training, F = feedback, B = break before, D = put on the (next) device first.
        std::string flags = std::string(trial.training ? "T" : "-") + (trial.feedback ? "F" : "-") +
                            (trial.breakBefore ? "B" : "-") +
                            (trial.deviceSwitchBefore ? "D" : "-") +
                            (headTracked ? (trial.headTracking ? "H" : "-") : "");
        // A stage map's places are its instruments' (the last column).
        const bool stage = !trial.instruments.empty();
        std::string distractors;
        for (const EnsembleInstrument& instrument : trial.instruments)
            distractors += (distractors.empty() ? "" : " ") + instrument.stimulus + "@" +
                           formatNumber(instrument.azimuthDeg) + "," +
                           formatNumber(instrument.distanceM) + "m";
        for (const PlannedDistractor& d : trial.distractors)
            distractors += (distractors.empty() ? "" : " ") + d.stimulus + "@" +
                           formatNumber(d.azimuthDeg) +
                           (d.elevationDeg != 0 ? "/" + formatNumber(d.elevationDeg) : "");
        rows.push_back({std::to_string(trial.index), trial.blockId,
                        trial.device.empty() ? "-" : trial.device, flags,
                        trial.instruments.empty() ? trial.stimulus : "[" + trial.ensemble + "]",
                        trial.model, stage ? "-" : formatNumber(trial.azimuthDeg),
                        stage ? "-" : formatNumber(trial.elevationDeg),
                        stage ? "-" : formatNumber(trial.widthDeg),
                        std::to_string(trial.repetition), distractors.empty() ? "-" : distractors});
    }
    // A stage map's instruments are listed where a localization trial's distractors are.
    if (std::any_of(plan.trials.begin(), plan.trials.end(),
                    [](const PlannedTrial& trial) { return !trial.instruments.empty(); }))
        rows.front().back() = "distractors or [ensemble] instruments (stimulus@azDeg[,distM])";
    std::vector<bool> rightAligned = {true, false, false, false, false, false,
                                      true, true,  true,  true,  false};
    // A distance column only where a plan has distances ("ref" = the model's reference).
    if (std::any_of(plan.trials.begin(), plan.trials.end(),
                    [](const PlannedTrial& trial) { return trial.distanceM != 0.0; })) {
        rows.front().insert(rows.front().begin() + 8, "distM");
        for (size_t r = 1; r < rows.size(); ++r) {
            const double distance = plan.trials[r - 1].distanceM;
            rows[r].insert(rows[r].begin() + 8, distance == 0.0 ? "ref" : formatNumber(distance));
        }
        rightAligned.insert(rightAligned.begin() + 8, true);
    }
    text += tableText(rows, rightAligned);
    text += "\nflags: T training, F feedback, B break before the trial, D put on the trial's "
            "device first";
    text += headTracked ? ", H head-tracked\n" : "\n";
    return text;
}

} // namespace stagelab
