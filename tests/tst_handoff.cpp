// The engine's hand-offs (services/engine/handoff.h): work on a pool and a future kept on another
// thread come back to the coroutine that awaits them, on that coroutine's own thread, with the
// value, the exception, or for a future never kept (dropped, failed, finished empty) the fallback
// (where QCoro's own co_await on a canceled QFuture<T> crashes).
#include "services/engine/handoff.h"

#include <QCoroTask>
#include <QPromise>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <thread>

namespace {

struct Seen {
    std::atomic<bool> done = false; // set last, also from another thread
    int value = 0;
    QString text;
    QThread *workedOn = nullptr;
    QThread *resumedOn = nullptr;
};

QCoro::Task<> awaitPoolCall(QThreadPool *pool, Seen *seen)
{
    auto work = PoolCall(pool, [seen] {
        seen->workedOn = QThread::currentThread();
        return 6 * 7;
    });
    seen->value = co_await work;
    seen->resumedOn = QThread::currentThread();
    seen->done = true;
}

QCoro::Task<> awaitVoidPoolCall(QThreadPool *pool, Seen *seen)
{
    auto work = PoolCall(pool, [seen] {
        seen->workedOn = QThread::currentThread();
        seen->text = QStringLiteral("worked");
    });
    co_await work;
    seen->resumedOn = QThread::currentThread();
    seen->done = true;
}

QCoro::Task<> awaitThrowingPoolCall(QThreadPool *pool, Seen *seen)
{
    auto work = PoolCall(pool, []() -> int { throw std::runtime_error("disk on fire"); });
    try {
        seen->value = co_await work;
    } catch (const std::runtime_error &e) {
        seen->text = QString::fromUtf8(e.what());
    }
    seen->resumedOn = QThread::currentThread();
    seen->done = true;
}

QCoro::Task<> awaitFuture(QFuture<QString> future, Seen *seen)
{
    auto result = FutureResult(std::move(future), QStringLiteral("never kept"));
    seen->text = co_await result;
    seen->resumedOn = QThread::currentThread();
    seen->done = true;
}

// The coroutine resumed, on this (the awaiting) thread, with `text`.
void expectResumedHereWith(const Seen &seen, const QString &text)
{
    QTRY_VERIFY_WITH_TIMEOUT(seen.done, 5000);
    QCOMPARE(seen.text, text);
    QCOMPARE(seen.resumedOn, QThread::currentThread());
}

enum class Unkept { Dropped, Failed, FinishedEmpty, CanceledBefore };

} // namespace

class HandoffTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aPoolCallWorksOnThePoolAndResumesOnTheAwaitingThread()
    {
        QThreadPool pool;
        Seen seen;
        awaitPoolCall(&pool, &seen);
        QVERIFY(!seen.done); // it waits for the pool, it does not run the work inline
        QTRY_VERIFY_WITH_TIMEOUT(seen.done, 5000);
        QCOMPARE(seen.value, 42);
        QVERIFY(seen.workedOn != QThread::currentThread());
        QCOMPARE(seen.resumedOn, QThread::currentThread());
    }

    void aPoolCallAwaitedOnAnotherThreadResumesThere()
    {
        QThreadPool pool;
        QThread loop; // a thread with an event loop, as the task store's
        loop.start();
        Seen seen;
        QObject onLoop;
        onLoop.moveToThread(&loop);
        QMetaObject::invokeMethod(&onLoop, [&] { awaitPoolCall(&pool, &seen); });
        QTRY_VERIFY_WITH_TIMEOUT(seen.done, 5000);
        QCOMPARE(seen.value, 42);
        QCOMPARE(seen.resumedOn, &loop);
        loop.quit();
        loop.wait();
    }

    void aPoolCallWithNothingToGiveBackStillWaitsForTheWork()
    {
        QThreadPool pool;
        Seen seen;
        awaitVoidPoolCall(&pool, &seen);
        QVERIFY(!seen.done);
        expectResumedHereWith(seen, QStringLiteral("worked"));
        QVERIFY(seen.workedOn != QThread::currentThread());
    }

    void aPoolCallPassesOnWhatTheWorkThrew()
    {
        QThreadPool pool;
        Seen seen;
        awaitThrowingPoolCall(&pool, &seen);
        expectResumedHereWith(seen, QStringLiteral("disk on fire"));
    }

    void aFutureKeptOnAnotherThreadResumesOnTheAwaitingThread()
    {
        QPromise<QString> promise;
        promise.start();
        Seen seen;
        awaitFuture(promise.future(), &seen);
        QVERIFY(!seen.done);
        std::thread keeper([&promise] {
            promise.addResult(QStringLiteral("stored"));
            promise.finish();
        });
        keeper.join();
        QVERIFY(!seen.done); // resumed from the event loop, not inside the keeper's call
        expectResumedHereWith(seen, QStringLiteral("stored"));
    }

    void aFutureAlreadyFinishedIsReadAtOnce()
    {
        QPromise<QString> promise;
        promise.start();
        promise.addResult(QStringLiteral("ready"));
        promise.finish();
        Seen seen;
        awaitFuture(promise.future(), &seen);
        QVERIFY(seen.done);
        QCOMPARE(seen.text, QStringLiteral("ready"));
    }

    // Dropped unfinished (canceled), failed, finished without a result, canceled before the
    // await: the coroutine resumes, on its own thread, with the fallback.
    void aFutureNeverKeptGivesTheFallback_data()
    {
        QTest::addColumn<int>("how");
        QTest::newRow("dropped") << int(Unkept::Dropped);
        QTest::newRow("failed") << int(Unkept::Failed);
        QTest::newRow("finished empty") << int(Unkept::FinishedEmpty);
        QTest::newRow("canceled before the await") << int(Unkept::CanceledBefore);
    }
    void aFutureNeverKeptGivesTheFallback()
    {
        QFETCH(int, how);
        auto promise = std::make_unique<QPromise<QString>>();
        promise->start();
        if (Unkept(how) == Unkept::CanceledBefore) {
            promise->future().cancel();
            promise->finish();
        }
        Seen seen;
        awaitFuture(promise->future(), &seen);
        switch (Unkept(how)) {
        case Unkept::Dropped:
            QVERIFY(!seen.done);
            promise.reset(); // ~QPromise cancels what it did not finish
            break;
        case Unkept::Failed:
            promise->setException(std::make_exception_ptr(std::runtime_error("store gone")));
            promise->finish();
            break;
        case Unkept::FinishedEmpty:
            promise->finish();
            break;
        case Unkept::CanceledBefore:
            break;
        }
        expectResumedHereWith(seen, QStringLiteral("never kept"));
    }
};

QTEST_GUILESS_MAIN(HandoffTest)
#include "tst_handoff.moc"
