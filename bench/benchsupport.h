// What the dashboard benchmarks share: the largest event-loop gap (a frozen window shows as a
// gap between ticks of a 10 ms timer) and running the loop until something holds.
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>
#include <functional>

// The largest interval between ticks of a 10 ms timer since the last reset.
class GapMeter final : public QObject {
public:
    GapMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this,
                [this] { m_maxGap = std::max(m_maxGap, m_clock.restart()); });
        reset();
        m_timer.start();
    }
    void reset()
    {
        m_clock.start();
        m_maxGap = 0;
    }
    // Includes the time since the last tick: a freeze that has just ended counts.
    qint64 maxGapMs() const { return std::max(m_maxGap, m_clock.elapsed()); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maxGap = 0;
};

// Runs the event loop until `done` holds or `timeoutMs` passed.
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 120'000)
{
    QElapsedTimer clock;
    clock.start();
    QTimer wake; // the loop wakes at least every 10 ms, gap meter or not
    wake.start(10);
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}
