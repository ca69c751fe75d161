#pragma once
/// What the test PulseAudio server's null sink plays, recorded from its monitor with parec
/// (pulseaudio-utils): float32 stereo at 48 kHz, the sink's own format, so nothing is converted.

#include "common/signals.h"

#include <QProcess>
#include <QString>

namespace stagelab::test {

class MonitorRecording
{
public:
    /// Starts parec into `rawFile` and waits until it records. Check started().
    explicit MonitorRecording(QString rawFile);
    ~MonitorRecording();
    bool started() const { return m_started; }
    /// Stops parec and returns both channels of what it recorded.
    RenderedPair stop();

private:
    QString m_file;
    QProcess m_parec;
    bool m_started = false;
};

} // namespace stagelab::test
