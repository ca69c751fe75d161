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
    return session;
}

} // namespace stagelab
