// Retry classification and backoff.
#include "retrypolicy.h"

#include "services/http/httperrors.h"

#include <QRandomGenerator>

RetryPolicy::Class RetryPolicy::classify(const TaskError &error)
{
    switch (error.kind) {
    case TaskError::Kind::None:
    case TaskError::Kind::InvalidUrl:
    case TaskError::Kind::Checksum:
    case TaskError::Kind::Job:
        return Class::Permanent;
    case TaskError::Kind::Disk:
        return Class::NeedsUser;
    case TaskError::Kind::Integrity:
        return error.httpStatus == 0 && error.networkError == 0 ? Class::Transient
                                                                : Class::Permanent;
    case TaskError::Kind::Http:
        // 501 Not Implemented and 505 HTTP Version Not Supported say the server will never do
        // this: asking again changes nothing.
        if (error.httpStatus == 501 || error.httpStatus == 505)
            return Class::Permanent;
        if (error.httpStatus == 408 || error.httpStatus == 429 || error.httpStatus >= 500)
            return Class::Transient;
        return Class::Permanent;
    case TaskError::Kind::Network:
        return isTransientNetworkError(error.networkError) ? Class::Transient : Class::Permanent;
    }
    return Class::Permanent;
}

qint64 RetryPolicy::delayMs(int nextAttempt, std::optional<qint64> retryAfterMs,
                            QRandomGenerator &random) const
{
    if (retryAfterMs)
        return qBound<qint64>(0, *retryAfterMs, maxRetryAfterMs);
    const int doublings = qBound(0, nextAttempt - 2, 30);
    const qint64 full = qMin(maxDelayMs, baseDelayMs << doublings);
    // Equal jitter: half fixed, half random, so many clients do not retry in lockstep.
    return full / 2 + static_cast<qint64>(random.bounded(static_cast<double>(full / 2 + 1)));
}
