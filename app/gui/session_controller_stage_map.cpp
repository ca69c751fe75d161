// SessionController: what a stage-map trial adds (the instruments, playing one alone, and the
// placements as the answer). The rest of the class is in session_controller.cpp.

#include "gui/session_controller.h"

#include "gui/qstring_text.h"
#include "session/session.h"

using namespace stagelab;

QStringList SessionController::instruments() const
{
    QStringList names;
    if (const PlannedTrial* trial = shownTrial())
        for (const EnsembleInstrument& instrument : trial->instruments)
            names.append(QString::fromStdString(instrument.stimulus));
    return names;
}

bool SessionController::canSolo() const
{
    const PlannedTrial* trial = ready() ? m_session->currentTrial() : nullptr;
    return trial && !trial->instruments.empty() && m_page == Page::Trial &&
           m_feedbackTarget.isEmpty() && m_played && m_answerOpen;
}

void SessionController::playSolo(int index)
{
    // Only an instrument of this stage map: anything else is no request (and no audio failure).
    if (!canSolo() || index < 0 || index >= instruments().size()) return;
    if (!attempt([&] { m_session->playSolo(size_t(index)); })) return;
    m_playing = true;
    emit playbackChanged();
}

bool SessionController::answerStageMap(const QVariantList& placements)
{
    const PlannedTrial* trial = ready() ? m_session->currentTrial() : nullptr;
    if (!trial || placements.size() != qsizetype(trial->instruments.size())) return false;
    TrialResponse response;
    for (qsizetype i = 0; i < placements.size(); ++i) {
        const QVariantMap place = placements[i].toMap();
        bool azimuthOk = false, distanceOk = false;
        const double azimuth = place.value("azimuthDeg").toDouble(&azimuthOk);
        const double distance = place.value("distanceM").toDouble(&distanceOk);
        if (!azimuthOk || !distanceOk) return false; // an instrument not placed
        response.placements.push_back({trial->instruments[size_t(i)].stimulus, azimuth, distance});
    }
    return record([&] { m_session->answer(response); });
}
