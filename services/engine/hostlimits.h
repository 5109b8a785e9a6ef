// Connections per host across all tasks: `--max-per-host N` caps them (0: no cap beyond -j and
// -x), and a host that answers an extra connection with 429 or 503 gets a lower cap of its
// own for a while. A task's first connection takes a slot before the task starts (tasks beyond
// the cap wait in the queue); extra connections of a download in pieces take one each or are
// not opened.
#pragma once

#include "monotonicclock.h"

#include <QHash>
#include <QString>
#include <functional>
#include <optional>

class HostLimits {
public:
    using Clock = MonotonicClock; // empty: startedClock()
    explicit HostLimits(Clock clock = {});

    void setMaxPerHost(int n); // 0: no cap
    int maxPerHost() const { return m_max; }
    // Caps of their own for some hosts (Settings), over the one for all; 0: no cap for it.
    void setHostCaps(const QHash<QString, int> &caps);
    QHash<QString, int> hostCaps() const { return m_caps; }
    // "files.example.org=2, cdn.example.com=8" (commas or spaces between): the caps, or
    // nothing and *why when the text is not such a list. Empty text: no overrides.
    static std::optional<QHash<QString, int>> parseCaps(const QString &text, QString *why);
    static QString formatCaps(const QHash<QString, int> &caps); // sorted by host
    int capFor(const QString &host) const;                      // 0: no cap
    int inUse(const QString &host) const { return m_inUse.value(host); }

    bool tryAcquire(const QString &host); // a slot, if the host's cap allows one more
    void release(const QString &host);    // and calls the released callback
    // Called after a slot came free (tasks waiting for their host may start now).
    void setReleased(std::function<void()> released) { m_released = std::move(released); }
    // The host refused a connection: no more than `cap` (at least 1) for `forMs`.
    void lower(const QString &host, int cap, qint64 forMs);
    // Called with `forMs` when a cap is lowered: the owner wakes the queue when it expires
    // (tasks waiting for that host need no other slot to come free).
    void setExpiryWake(std::function<void(qint64 ms)> wake) { m_wake = std::move(wake); }

private:
    struct Lowered {
        int cap = 0;
        qint64 until = 0;
    };
    Clock m_now;
    int m_max = 0;
    QHash<QString, int> m_caps; // lower-case host -> cap
    QHash<QString, int> m_inUse;
    QHash<QString, Lowered> m_lowered;
    std::function<void()> m_released;
    std::function<void(qint64)> m_wake;
};
