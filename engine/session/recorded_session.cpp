#include "session/recorded_session.h"

#include "results/participant.h"
#include "util/error.h"

namespace stagelab {

RecordedSession recordedSession(const SessionFileContents& contents)
{
    const nlohmann::json& header = contents.header;
    const std::string& path = contents.path;
    const nlohmann::json& recorded = header["experiment"];
    ExperimentLoad load = loadExperimentFromJson(recorded["copy"], recorded.value("folder", "."));
    if (!load.ok())
        throw Error("the experiment copy in " + path + " is not a valid experiment:\n" +
                    load.errorText());
    RecordedSession session{std::move(*load.experiment), {}};
    if (header.value("hrtfOverride", nlohmann::json()).is_string())
        session.experiment.hrtf = header["hrtfOverride"].get<std::string>();
    const std::string participant = header.value("participant", "");
    session.plan = makeTrialPlan(session.experiment, session.experiment.contentHash, participant,
                                 header["seed"].get<uint64_t>(),
                                 header.value("participantNumber", participantNumber(participant)));
    if (toJson(session.plan) != header["plan"])
        throw Error("the trial plan regenerated for " + path +
                    " differs from the one it recorded; refusing to use it");
    // Every model as recorded: its parameters and its room's whole document. A room file read
    // again (beside the experiment) must hold the room the session played in, or a resume
    // would continue, and a re-render reproduce, in another room. (Headers written before
    // models were recorded have none to compare.)
    if (const nlohmann::json& models = header.value("models", nlohmann::json()); models.is_object())
        for (const auto& [name, then] : models.items())
            if (then != session.experiment.modelVariant(name).toJson())
                throw Error("model '" + name + "' of " + path +
                            " is not the one the session played (a room file it names has "
                            "changed since?): recorded " +
                            then.dump() + "; refusing to use another");
    return session;
}

} // namespace stagelab
