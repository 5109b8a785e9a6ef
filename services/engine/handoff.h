// Hand-offs between the engine's thread and the threads that work for it, awaited in one posted
// call each. Awaiting a QFuture through QCoro costs a QFutureWatcher and four to seven posted
// events (started, results, finished, the watcher's deletion); on a small file's way through the
// engine those were most of the GUI thread's events.
//
// The awaiting thread must run an event loop and outlive the hand-off (the engine waits for its
// pools and writers before it ends). Keep the awaiter named: g++ 12 destroys temporaries in a
// co_await expression twice.
//     auto found = PoolCall(pool, [path] { return QFileInfo::exists(path); });
//     const bool exists = co_await found;
//     auto stored = FutureResult(store->persistNow(id), false);
//     if (!co_await stored) ...
#pragma once

#include <QAbstractEventDispatcher>
#include <QFuture>
#include <QMetaObject>
#include <QThreadPool>
#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace Handoff {

// Resumes `waiter` on the thread that owns `home` (its event dispatcher), from any thread.
inline void resumeOn(QObject *home, std::coroutine_handle<> waiter)
{
    QMetaObject::invokeMethod(
        home, [waiter] { waiter.resume(); }, Qt::QueuedConnection);
}

inline QObject *thisThreadsLoop()
{
    QObject *home = QAbstractEventDispatcher::instance();
    Q_ASSERT(home);
    return home;
}

} // namespace Handoff

// Runs `fn` on `pool`; the co_await gives what it returned, if anything (or rethrows what it
// threw).
template <typename Fn> class PoolCall {
public:
    using Result = std::invoke_result_t<Fn &>;

    PoolCall(QThreadPool *pool, Fn fn) : m_pool(pool), m_fn(std::move(fn)) {}

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> waiter)
    {
        QObject *home = Handoff::thisThreadsLoop();
        m_pool->start([this, waiter, home] {
            try {
                if constexpr (std::is_void_v<Result>) {
                    m_fn();
                    m_result.emplace();
                } else {
                    m_result.emplace(m_fn());
                }
            } catch (...) {
                m_failure = std::current_exception();
            }
            Handoff::resumeOn(home, waiter); // nothing of this object is touched after it
        });
    }
    Result await_resume()
    {
        if (m_failure)
            std::rethrow_exception(m_failure);
        if constexpr (!std::is_void_v<Result>)
            return std::move(*m_result);
    }

private:
    QThreadPool *m_pool;
    Fn m_fn;
    std::optional<std::conditional_t<std::is_void_v<Result>, std::monostate, Result>> m_result;
    std::exception_ptr m_failure;
};

// The result of a QFuture, or `ifCanceled` when it has none: canceled (a promise dropped
// unfinished), failed (an exception), or finished without one. QCoro's own co_await on a
// canceled QFuture<T> crashes. One FutureResult per future: a QFuture keeps one continuation.
template <typename T> class FutureResult {
public:
    FutureResult(QFuture<T> future, T ifCanceled)
        : m_future(std::move(future)), m_ifCanceled(std::move(ifCanceled))
    {
    }

    bool await_ready() const { return m_future.isFinished(); }
    void await_suspend(std::coroutine_handle<> waiter)
    {
        QObject *home = Handoff::thisThreadsLoop();
        // Exactly one of the two runs, on the thread that finishes the future: then() for a
        // result, a failure or none (taking the QFuture, it reads nothing), onCanceled() when
        // it was canceled.
        m_future
            .then(QtFuture::Launch::Sync,
                  [home, waiter](const QFuture<T> &) { Handoff::resumeOn(home, waiter); })
            .onCanceled([home, waiter] { Handoff::resumeOn(home, waiter); });
    }
    T await_resume()
    {
        // A failed future counts as canceled; result() would rethrow its exception.
        if (m_future.isCanceled() || m_future.resultCount() == 0)
            return std::move(m_ifCanceled);
        return m_future.result();
    }

private:
    QFuture<T> m_future;
    T m_ifCanceled;
};
