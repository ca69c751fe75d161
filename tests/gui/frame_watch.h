#pragma once
// Watches a window for freezes: the longest gap between two rendered frames and between two turns
// of the GUI thread's event loop (a 5-ms timer), each with what the test said was happening then.
// The window is asked for a frame every 16 ms, so that idle pages render too: a gap far above
// 16 ms is the GUI thread busy with something else. Figures only; tests print them.

#include <QElapsedTimer>
#include <QMetaObject>
#include <QQuickWindow>
#include <QString>
#include <QStringList>
#include <QTimer>

class FrameWatch
{
public:
    /// Starts watching `window` (which must outlive this).
    explicit FrameWatch(QQuickWindow* window);
    ~FrameWatch();
    FrameWatch(const FrameWatch&) = delete;
    FrameWatch& operator=(const FrameWatch&) = delete;

    /// What the test is doing from now on ("start session", "device switch", ...).
    void setPhase(const QString& phase) { m_phase = phase; }
    /// Forgets the longest gaps so far; the gap from now to the next frame counts too.
    void restart();

    qint64 longestFrameMs() const { return m_longestFrameMs; }
    qint64 longestStallMs() const { return m_longestStallMs; }
    int frames() const { return m_frames; }
    /// Every event-loop stall longer than 50 ms: "120 ms (Play)".
    const QStringList& stallsOver50Ms() const { return m_longStalls; }
    /// "longest frame interval 41 ms (start session); longest event-loop stall 35 ms (...);
    /// 1234 frames; stalls over 50 ms: 2 (120 ms (Play), 60 ms (...))".
    QString report() const;

private:
    QQuickWindow* m_window;
    QElapsedTimer m_clock;
    QTimer m_ticker, m_frameRequests;
    QMetaObject::Connection m_frameConnection;
    qint64 m_lastFrame = 0, m_lastTick = 0, m_longestFrameMs = 0, m_longestStallMs = 0;
    int m_frames = 0;
    QString m_phase, m_longestFramePhase, m_longestStallPhase;
    QStringList m_longStalls;
};
