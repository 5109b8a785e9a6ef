// The engine's injectable clock: milliseconds, monotonic. Parts that measure time (rates, caps
// that expire) take one, so tests can run them on a clock of their own.
#pragma once

#include <QElapsedTimer>
#include <functional>
#include <memory>

using MonotonicClock = std::function<qint64()>;

// A clock that starts at 0 now.
inline MonotonicClock startedClock()
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    return [timer] { return timer->elapsed(); };
}
