#include "frame_watch.h"

#include <algorithm>

FrameWatch::FrameWatch(QQuickWindow* window) : m_window(window)
{
    m_frameConnection = QObject::connect(window, &QQuickWindow::frameSwapped, window, [this] {
        const qint64 now = m_clock.elapsed();
        if (now - m_lastFrame > m_longestFrameMs) {
            m_longestFrameMs = now - m_lastFrame;
            m_longestFramePhase = m_phase;
        }
        m_lastFrame = now;
        ++m_frames;
    });
    m_ticker.setInterval(5);
    QObject::connect(&m_ticker, &QTimer::timeout, [this] {
        const qint64 now = m_clock.elapsed();
        if (now - m_lastTick > 50)
            m_longStalls.append(QStringLiteral("%1 ms (%2)").arg(now - m_lastTick).arg(m_phase));
        if (now - m_lastTick > m_longestStallMs) {
            m_longestStallMs = now - m_lastTick;
            m_longestStallPhase = m_phase;
        }
        m_lastTick = now;
    });
    m_frameRequests.setInterval(16);
    QObject::connect(&m_frameRequests, &QTimer::timeout, window, &QQuickWindow::update);
    restart();
    m_ticker.start();
    m_frameRequests.start();
}

FrameWatch::~FrameWatch()
{
    QObject::disconnect(m_frameConnection);
}

void FrameWatch::restart()
{
    m_clock.start();
    m_lastFrame = m_lastTick = 0;
    m_longestFrameMs = m_longestStallMs = 0;
    m_frames = 0;
    m_longStalls.clear();
}

QString FrameWatch::report() const
{
    return QStringLiteral("longest frame interval %1 ms (%2); longest event-loop stall %3 ms (%4); "
                          "%5 frames; stalls over 50 ms: %6%7")
        .arg(m_longestFrameMs)
        .arg(m_longestFramePhase)
        .arg(m_longestStallMs)
        .arg(m_longestStallPhase)
        .arg(m_frames)
        .arg(m_longStalls.size())
        .arg(m_longStalls.isEmpty() ? QString()
                                    : QStringLiteral(" (%1)").arg(m_longStalls.join(", ")));
}
