// Which failures are retried automatically, and how long to wait before the next attempt.
#pragma once

#include "models/task.h"

#include <optional>

class QRandomGenerator;

struct RetryPolicy {
    enum class Class {
        Transient, // network drop, timeout, stall, 408, 429, 5xx, short body: retry with backoff
        NeedsUser, // disk full, permission: keep the partial file, wait for the user
        Permanent, // other 4xx, TLS, redirects, bad URL: fail at once
    };

    int maxAttempts = 5;             // attempts per round, the first included
    qint64 baseDelayMs = 1000;       // doubles per attempt
    qint64 maxDelayMs = 60000;       // cap of the backoff
    qint64 maxRetryAfterMs = 300000; // a server's Retry-After is honoured up to this

    static Class classify(const TaskError &error);
    // Whether the partial file must go: only when its bytes are wrong (a checksum mismatch),
    // never because the disk or the network failed.
    static bool condemnsPartialFile(const TaskError &error)
    {
        return error.kind == TaskError::Kind::Checksum;
    }
    // Delay before attempt `nextAttempt` (2 = the first retry): exponential with jitter, or the
    // server's Retry-After when it gave one (capped).
    qint64 delayMs(int nextAttempt, std::optional<qint64> retryAfterMs,
                   QRandomGenerator &random) const;
};
