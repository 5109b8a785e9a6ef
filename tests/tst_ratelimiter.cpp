// The speed limiter on a clock of the test's own: the rate over ten seconds, a fair share for
// each task receiving, a task's own lower limit, and nothing held back without a limit.
#include "services/engine/ratelimiter.h"

#include <QTest>
#include <numeric>

class TestRateLimiter : public QObject {
    Q_OBJECT
private:
    qint64 m_now = 0;
    RateLimiter limiter()
    {
        return RateLimiter([this] { return m_now; });
    }

    // Tasks asking for 64 KiB every 5 ms for `ms`; returns what each was granted.
    QList<qint64> run(RateLimiter &l, const QList<TaskId> &tasks, qint64 ms)
    {
        QList<qint64> granted(tasks.size(), 0);
        for (qint64 end = m_now + ms; m_now < end; m_now += 5)
            for (qsizetype i = 0; i < tasks.size(); ++i)
                granted[i] += l.grant(tasks[i], 64 * 1024);
        return granted;
    }

private Q_SLOTS:
    void init() { m_now = 1000; }

    void withoutALimitEverythingIsGranted()
    {
        RateLimiter l = limiter();
        QVERIFY(!l.limits(1));
        QCOMPARE(l.grant(1, 1 << 20), 1 << 20);
    }

    void theRateHoldsWithinTwoPercentOverTenSeconds()
    {
        RateLimiter l = limiter();
        l.setGlobalRate(500 * 1024);
        const qint64 got = run(l, {1}, 10000).first();
        QVERIFY2(qAbs(got - 10 * 500 * 1024) <= 10 * 500 * 1024 / 50,
                 qPrintable(QString::number(got)));
    }

    void tasksReceivingShareTheRateEqually()
    {
        RateLimiter l = limiter();
        l.setGlobalRate(1000 * 1000);
        const QList<qint64> got = run(l, {1, 2, 3, 4}, 10000);
        for (qint64 g : got)
            QVERIFY2(qAbs(g - 2500 * 1000) <= 2500 * 1000 / 20, qPrintable(QString::number(g)));
    }

    void aTaskWithALowerLimitLeavesTheRestToTheOthers()
    {
        RateLimiter l = limiter();
        l.setGlobalRate(1000 * 1000);
        l.setTaskRate(1, 100 * 1000);
        const QList<qint64> got = run(l, {1, 2, 3}, 10000);
        QVERIFY2(qAbs(got[0] - 1000 * 1000) <= 50 * 1000, qPrintable(QString::number(got[0])));
        for (qint64 g : got.mid(1)) // 900 kB/s for the two others
            QVERIFY2(qAbs(g - 4500 * 1000) <= 225 * 1000, qPrintable(QString::number(g)));
        QCOMPARE(l.rateFor(2), 450 * 1000);
    }

    void aTaskLimitAloneAppliesToThatTaskOnly()
    {
        RateLimiter l = limiter();
        l.setTaskRate(7, 200 * 1000);
        QVERIFY(l.limits(7));
        QVERIFY(!l.limits(8));
        const QList<qint64> got = run(l, {7, 8}, 5000);
        QVERIFY2(qAbs(got[0] - 1000 * 1000) <= 50 * 1000, qPrintable(QString::number(got[0])));
        QCOMPARE(got[1], qint64(1000) * 64 * 1024); // never held back
    }

    void aTaskThatStoppedReceivingLeavesItsShare()
    {
        RateLimiter l = limiter();
        l.setGlobalRate(1000 * 1000);
        run(l, {1, 2}, 1000);
        QCOMPARE(l.rateFor(1), 500 * 1000);
        l.forget(2);
        QCOMPARE(l.rateFor(1), 1000 * 1000);
        run(l, {1, 3}, 100);
        m_now += 2000; // 3 went quiet without ending
        QCOMPARE(l.rateFor(1), 1000 * 1000);
    }

    // A global limit below one byte a second per task: before, each task got at least 1 B/s,
    // so ten tasks under a limit of 4 B/s took 10 B/s together.
    void aLimitBelowAByteASecondPerTaskHoldsForAllTogether()
    {
        RateLimiter l = limiter();
        l.setGlobalRate(4);
        const QList<qint64> got = run(l, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 100'000);
        const qint64 total = std::accumulate(got.cbegin(), got.cend(), qint64(0));
        // 400 bytes in 100 s, and each task's first byte at once.
        QVERIFY2(total >= 380 && total <= 410, qPrintable(QString::number(total)));
        QCOMPARE(l.rateFor(1), 1); // what buffers and waits are sized by
    }

    void smallBuffersUnderALimit()
    {
        RateLimiter l = limiter();
        QCOMPARE(l.bufferFor(1, 1 << 20), 1 << 20);
        l.setGlobalRate(256 * 1024);
        QCOMPARE(l.bufferFor(1, 1 << 20), 32 * 1024);
        QVERIFY(l.retryInMs(1) >= 5 && l.retryInMs(1) <= 200);
    }
};

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
