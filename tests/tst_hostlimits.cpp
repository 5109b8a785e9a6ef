// Connections per host: the cap, slots given back, and a lowered cap that expires.
#include "services/engine/hostlimits.h"

#include <QTest>

class TestHostLimits : public QObject {
    Q_OBJECT
private:
    qint64 m_now = 0;

private Q_SLOTS:
    void withoutACapEverySlotIsGiven()
    {
        HostLimits h([this] { return m_now; });
        for (int i = 0; i < 100; ++i)
            QVERIFY(h.tryAcquire(QStringLiteral("a.example")));
        QCOMPARE(h.inUse(QStringLiteral("a.example")), 100);
    }

    void theCapCountsPerHost()
    {
        HostLimits h([this] { return m_now; });
        h.setMaxPerHost(2);
        QVERIFY(h.tryAcquire(QStringLiteral("a")));
        QVERIFY(h.tryAcquire(QStringLiteral("a")));
        QVERIFY(!h.tryAcquire(QStringLiteral("a")));
        QVERIFY(h.tryAcquire(QStringLiteral("b"))); // another host has its own
        h.release(QStringLiteral("a"));
        QVERIFY(h.tryAcquire(QStringLiteral("a")));
    }

    void aHostThatRefusedGetsALowerCapForAWhile()
    {
        m_now = 1000;
        HostLimits h([this] { return m_now; });
        for (int i = 0; i < 4; ++i)
            QVERIFY(h.tryAcquire(QStringLiteral("busy")));
        h.lower(QStringLiteral("busy"), 3, 60000);
        QCOMPARE(h.capFor(QStringLiteral("busy")), 3);
        h.release(QStringLiteral("busy"));
        QVERIFY(!h.tryAcquire(QStringLiteral("busy"))); // 3 in use, cap 3
        m_now += 60001;
        QCOMPARE(h.capFor(QStringLiteral("busy")), 0);
        QVERIFY(h.tryAcquire(QStringLiteral("busy")));
    }
};

QTEST_APPLESS_MAIN(TestHostLimits)
#include "tst_hostlimits.moc"
