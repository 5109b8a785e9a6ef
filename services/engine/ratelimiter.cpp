// Per-task token buckets refilled at the task's share of the global rate (or its own limit).
#include "ratelimiter.h"

#include <algorithm>

namespace {
constexpr qint64 ActiveWindowMs = 1000; // a task that asked within this time is receiving
constexpr double BurstSeconds = 0.1;    // a bucket holds at most this much of its rate
} // namespace

RateLimiter::RateLimiter(Clock clock) : m_now(clock ? std::move(clock) : startedClock()) {}

void RateLimiter::setGlobalRate(qint64 bytesPerSecond)
{
    m_globalRate = std::max<qint64>(0, bytesPerSecond);
}

void RateLimiter::setTaskRate(TaskId task, qint64 bytesPerSecond)
{
    m_tasks[task].ownRate = std::max<qint64>(0, bytesPerSecond);
}

qint64 RateLimiter::taskRate(TaskId task) const
{
    const auto it = m_tasks.constFind(task);
    return it == m_tasks.cend() ? 0 : it->ownRate;
}

double RateLimiter::fairShare(TaskId task, qint64 now) const
{
    // Water-filling: tasks whose own limit is below an equal share keep their own; the rest of
    // the global rate is split equally among the others.
    QList<qint64> ownLimits;
    int receiving = 0;
    for (auto it = m_tasks.cbegin(); it != m_tasks.cend(); ++it) {
        const bool active =
            it.key() == task || (it->lastAskedAt >= 0 && now - it->lastAskedAt < ActiveWindowMs);
        if (!active)
            continue;
        ++receiving;
        if (it->ownRate > 0)
            ownLimits.append(it->ownRate);
    }
    std::sort(ownLimits.begin(), ownLimits.end());
    qint64 remaining = m_globalRate;
    int sharing = std::max(1, receiving);
    for (qint64 own : std::as_const(ownLimits)) {
        if (sharing <= 1 || own * sharing >= remaining)
            break;
        remaining -= own;
        --sharing;
    }
    return double(remaining) / sharing; // no floor of 1 B/s: the tasks together keep the rate
}

double RateLimiter::exactRate(TaskId task, qint64 now) const
{
    const qint64 own = taskRate(task);
    if (m_globalRate == 0)
        return double(own);
    const double share = fairShare(task, now);
    return own > 0 ? std::min(double(own), share) : share;
}

qint64 RateLimiter::rateFor(TaskId task) const
{
    const double rate = exactRate(task, m_now());
    return rate > 0 ? std::max<qint64>(1, qint64(rate)) : 0; // 0 would mean no limit
}

qint64 RateLimiter::bufferFor(TaskId task, qint64 unlimited) const
{
    const qint64 rate = rateFor(task);
    if (rate == 0)
        return unlimited;
    return std::clamp<qint64>(rate / 8, 16 * 1024, std::min<qint64>(unlimited, 1024 * 1024));
}

void RateLimiter::refill(Bucket &bucket, double rate, qint64 now) const
{
    const double burst = std::max(1.0, rate * BurstSeconds);
    if (bucket.refilledAt < 0)
        bucket.tokens = burst; // a start gets a tenth of a second's worth at once
    else
        bucket.tokens = std::min(burst, bucket.tokens + rate * (now - bucket.refilledAt) / 1000.0);
    bucket.refilledAt = now;
}

qint64 RateLimiter::grant(TaskId task, qint64 wanted)
{
    const qint64 now = m_now();
    Bucket &bucket = m_tasks[task];
    bucket.lastAskedAt = now;
    const double rate = exactRate(task, now);
    if (rate == 0 || wanted <= 0)
        return std::max<qint64>(0, wanted);
    refill(bucket, rate, now);
    const qint64 granted = std::min<qint64>(wanted, qint64(bucket.tokens));
    bucket.tokens -= double(granted);
    return granted;
}

qint64 RateLimiter::retryInMs(TaskId task) const
{
    const qint64 rate = rateFor(task);
    if (rate == 0)
        return 0;
    const auto it = m_tasks.constFind(task);
    const double missing = it == m_tasks.cend() ? 1.0 : std::max(1.0, 1.0 - it->tokens);
    // Wait until a useful amount is there: at least 1/50 s of the rate, or 5 ms.
    const double useful = std::max(missing, rate / 50.0);
    return std::clamp<qint64>(qint64(useful * 1000.0 / double(rate)), 5, 200);
}

void RateLimiter::forget(TaskId task)
{
    const auto it = m_tasks.find(task);
    if (it == m_tasks.end())
        return;
    if (it->ownRate > 0) { // keep the task's own limit for its next attempt
        it->lastAskedAt = -1;
        it->refilledAt = -1;
        it->tokens = 0;
    } else {
        m_tasks.erase(it);
    }
}
