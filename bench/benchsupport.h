// What the dashboard benchmarks share: the largest event-loop gap (a frozen window shows as a
// gap between ticks of a 10 ms timer) and running the loop until something holds.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

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

// The largest delay before the event loop noticed input between start() and stop(): a thread
// writes the time to a socket every 2 ms and a notifier on the GUI thread reads it, the way the
// window system's events arrive. The GapMeter's interval holds up to 10 ms that are no stall (a
// tick due just before a 5 ms event shows a 15 ms gap); this is the wait a key press had.
class InputProbe final : public QObject {
public:
    InputProbe()
    {
        if (::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, m_fds) != 0) {
            std::perror("InputProbe: socketpair");
            return;
        }
        m_notifier = new QSocketNotifier(m_fds[0], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] { read(); });
    }
    ~InputProbe() override
    {
        stop();
        delete m_notifier; // before its descriptor is closed
        for (const int fd : m_fds)
            if (fd >= 0)
                ::close(fd);
    }
    // Only while a phase is measured: the writer's wake-ups cost the other phases nothing.
    void start()
    {
        stop();
        m_maxDelayNs = 0;
        if (m_fds[0] < 0)
            return;
        m_stop = false;
        m_writer = std::thread([this] {
            const timespec period{0, 2'000'000};
            while (!m_stop.load()) {
                const qint64 sent = now();
                (void)!::write(m_fds[1], &sent, sizeof sent);
                ::clock_nanosleep(CLOCK_MONOTONIC, 0, &period, nullptr);
            }
        });
    }
    // The largest delay since start(), a wait still going on included; -1 without a probe.
    double stop()
    {
        m_stop = true;
        if (m_writer.joinable())
            m_writer.join();
        read();
        return m_fds[0] < 0 ? -1.0 : double(m_maxDelayNs) / 1e6;
    }

private:
    static qint64 now()
    {
        timespec t{};
        ::clock_gettime(CLOCK_MONOTONIC, &t);
        return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
    }
    void read()
    {
        if (m_fds[0] < 0)
            return;
        qint64 sent = 0; // one datagram per time sent
        while (::read(m_fds[0], &sent, sizeof sent) == ssize_t(sizeof sent))
            m_maxDelayNs = std::max(m_maxDelayNs, now() - sent);
    }

    int m_fds[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
    std::thread m_writer;
    std::atomic<bool> m_stop{true};
    qint64 m_maxDelayNs = 0;
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
