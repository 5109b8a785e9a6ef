// Speed limits: one for everything (--limit-rate, Settings, the status bar) and one per task.
// Token buckets that a transfer asks before it takes bytes from a connection: what is not granted
// stays in the connection's buffer, and a full buffer pauses the socket, so the sender slows
// down too. The global rate is shared fairly among the tasks that are receiving: each gets an
// equal share (or its own lower limit); a share a task leaves unused goes to the others within
// a second.
#pragma once

#include "models/task.h"
#include "monotonicclock.h"

#include <QHash>
#include <QList>
#include <functional>

class RateLimiter {
public:
    using Clock = MonotonicClock; // empty: startedClock()
    explicit RateLimiter(Clock clock = {});

    void setGlobalRate(qint64 bytesPerSecond); // 0: no limit
    qint64 globalRate() const { return m_globalRate; }
    void setTaskRate(TaskId task, qint64 bytesPerSecond); // 0: no limit of its own
    qint64 taskRate(TaskId task) const;
    bool limits(TaskId task) const { return m_globalRate > 0 || taskRate(task) > 0; }
    // The rate a task may use now (0: unlimited): its share of the global rate, or its own.
    qint64 rateFor(TaskId task) const;
    // A connection buffer that keeps bursts within the limit's accuracy: 1/8 s of the rate,
    // 16 KiB to 1 MiB; `unlimited` when no limit applies.
    qint64 bufferFor(TaskId task, qint64 unlimited) const;

    // How many of `wanted` bytes the task may take now (0: none yet; ask again after
    // retryInMs()). Counts what it grants.
    qint64 grant(TaskId task, qint64 wanted);
    qint64 retryInMs(TaskId task) const;
    void forget(TaskId task); // the task ended

private:
    struct Bucket {
        double tokens = 0;
        qint64 refilledAt = -1;
        qint64 lastAskedAt = -1;
        qint64 ownRate = 0;
    };
    void refill(Bucket &bucket, double rate, qint64 now) const;
    // In bytes per second, below 1 when the global rate is less than a byte per task (0: no
    // limit): what the bucket is refilled at.
    double exactRate(TaskId task, qint64 now) const;
    double fairShare(TaskId task, qint64 now) const;

    Clock m_now;
    qint64 m_globalRate = 0;
    QHash<TaskId, Bucket> m_tasks;
};
