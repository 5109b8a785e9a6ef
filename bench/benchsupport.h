// What the dashboard benchmarks share: the largest event-loop gap (a frozen window shows as a
// gap between ticks of a 10 ms timer) and running the loop until something holds.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

// FETCHDECK_TRACE_GAPS=ms: what the event loop did between two ticks that were that far apart,
// summed per receiver and event type (the application's notify() adds to it): a gap is often
// many events of a few milliseconds in one pass, none of them slow on its own.
struct PassTrace {
    const int thresholdMs = qEnvironmentVariableIntValue("FETCHDECK_TRACE_GAPS");
    std::map<QByteArray, std::pair<qint64, int>> spent; // kind -> (ns, events)
    int depth = 0;                                      // only outermost events count
    void add(const QByteArray &kind, qint64 ns)
    {
        auto &[total, count] = spent[kind];
        total += ns;
        ++count;
    }
    void tick(qint64 gapMs)
    {
        if (thresholdMs > 0 && gapMs >= thresholdMs) {
            std::fprintf(stderr, "gap %lld ms:", gapMs);
            for (const auto &[kind, entry] : spent)
                if (entry.first >= 500'000)
                    std::fprintf(stderr, " %s %.1f ms/%d;", kind.constData(), entry.first / 1e6,
                                 entry.second);
            std::fprintf(stderr, "\n");
        }
        spent.clear();
    }
};
inline PassTrace &passTrace()
{
    static PassTrace trace;
    return trace;
}

// The largest interval between ticks of a 10 ms timer since the last reset.
class GapMeter final : public QObject {
public:
    GapMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 gap = m_clock.restart();
            m_maxGap = std::max(m_maxGap, gap);
            passTrace().tick(gap);
        });
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
