#include "common/monitor_recording.h"

#include <QFile>
#include <QThread>

namespace stagelab::test {

MonitorRecording::MonitorRecording(QString rawFile) : m_file(std::move(rawFile))
{
    m_parec.setStandardOutputFile(m_file);
    m_parec.start("parec", {"-d", qEnvironmentVariable("STAGELAB_TEST_SINK") + ".monitor",
                            "--format=float32le", "--rate=48000", "--channels=2", "--raw",
                            "--latency-msec=10"});
    m_started = m_parec.waitForStarted();
    // parec connects to the server after it starts: what plays before that is not recorded.
    if (m_started) QThread::msleep(300);
}

MonitorRecording::~MonitorRecording()
{
    if (m_parec.state() != QProcess::NotRunning) {
        m_parec.kill();
        m_parec.waitForFinished(5000);
    }
}

RenderedPair MonitorRecording::stop()
{
    m_parec.terminate();
    if (!m_parec.waitForFinished(5000)) {
        m_parec.kill();
        m_parec.waitForFinished(5000);
    }
    QFile file(m_file);
    RenderedPair pair;
    if (!file.open(QIODevice::ReadOnly)) return pair;
    const QByteArray bytes = file.readAll();
    const size_t frames = size_t(bytes.size()) / (2 * sizeof(float));
    const auto* samples = reinterpret_cast<const float*>(bytes.constData());
    pair.left.resize(frames);
    pair.right.resize(frames);
    for (size_t n = 0; n < frames; ++n) {
        pair.left[n] = samples[2 * n];
        pair.right[n] = samples[2 * n + 1];
    }
    return pair;
}

} // namespace stagelab::test
