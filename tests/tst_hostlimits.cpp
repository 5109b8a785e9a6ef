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

    // Settings' "host by host": caps of their own over the one for all (0: none for it).
    // Whoever waits for a lowered cap to expire is told when that will be.
    void aLoweredCapSaysWhenItExpires()
    {
        HostLimits h;
        qint64 wakeIn = -1;
        h.setExpiryWake([&wakeIn](qint64 ms) { wakeIn = ms; });
        h.lower(QStringLiteral("h"), 1, 60000);
        QCOMPARE(wakeIn, 60000);
    }

    void aHostCanHaveACapOfItsOwn()
    {
        QString why;
        const auto caps = HostLimits::parseCaps(
            QStringLiteral("Files.Example.org=1,  cdn.example.com=0; b.example=3"), &why);
        QVERIFY2(caps, qPrintable(why));
        QCOMPARE(caps->value(QStringLiteral("files.example.org")), 1);
        QCOMPARE(HostLimits::formatCaps(*caps),
                 QStringLiteral("b.example=3, cdn.example.com=0, files.example.org=1"));
        QVERIFY(!HostLimits::parseCaps(QStringLiteral("example.org"), &why));
        QCOMPARE(why, QStringLiteral("'example.org' is not host=N (N from 0, no cap, to 256)"));
        QVERIFY(!HostLimits::parseCaps(QStringLiteral("http://h/=2"), &why));
        QVERIFY(!HostLimits::parseCaps(QStringLiteral("h=999"), &why));
        QVERIFY(HostLimits::parseCaps(QString(), &why)->isEmpty());

        HostLimits h;
        h.setMaxPerHost(2);
        h.setHostCaps(*caps);
        QVERIFY(h.tryAcquire(QStringLiteral("files.example.org")));
        QVERIFY(!h.tryAcquire(QStringLiteral("files.example.org"))); // its own cap: 1
        for (int i = 0; i < 5; ++i)
            QVERIFY(h.tryAcquire(QStringLiteral("cdn.example.com"))); // no cap for it
        QVERIFY(h.tryAcquire(QStringLiteral("other.org")));
        QVERIFY(h.tryAcquire(QStringLiteral("other.org")));
        QVERIFY(!h.tryAcquire(QStringLiteral("other.org"))); // the cap for all
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
