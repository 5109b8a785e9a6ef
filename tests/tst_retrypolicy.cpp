// Which failures are retried, which need the user, which are final, and which condemn the
// partial file: a table of rows, transport failures given as libcurl reports them.
#include "services/engine/retrypolicy.h"
#include "services/http/httpheaders.h"

#include <QRandomGenerator>
#include <QTest>
#include <curl/curl.h>

Q_DECLARE_METATYPE(RetryPolicy::Class)

class TestRetryPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classify_data()
    {
        using C = RetryPolicy::Class;
        using K = TaskError::Kind;
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("curlCode");
        QTest::addColumn<C>("expected");
        QTest::addColumn<bool>("condemns");
        QTest::newRow("refused") << int(K::Network) << 0 << int(CURLE_COULDNT_CONNECT)
                                 << C::Transient << false;
        QTest::newRow("DNS") << int(K::Network) << 0 << int(CURLE_COULDNT_RESOLVE_HOST)
                             << C::Transient << false;
        QTest::newRow("reset") << int(K::Network) << 0 << int(CURLE_RECV_ERROR) << C::Transient
                               << false;
        QTest::newRow("stall or timeout")
            << int(K::Network) << 0 << int(CURLE_OPERATION_TIMEDOUT) << C::Transient << false;
        QTest::newRow("empty reply")
            << int(K::Network) << 0 << int(CURLE_GOT_NOTHING) << C::Transient << false;
        QTest::newRow("too many redirects")
            << int(K::Network) << 0 << int(CURLE_TOO_MANY_REDIRECTS) << C::Permanent << false;
        QTest::newRow("https to http")
            << int(K::Network) << 0 << int(CURLE_UNSUPPORTED_PROTOCOL) << C::Permanent << false;
        QTest::newRow("TLS") << int(K::Network) << 0 << int(CURLE_PEER_FAILED_VERIFICATION)
                             << C::Permanent << false;
        QTest::newRow("503") << int(K::Http) << 503 << 0 << C::Transient << false;
        QTest::newRow("502") << int(K::Http) << 502 << 0 << C::Transient << false;
        // The server says it will never do this: asking again changes nothing.
        QTest::newRow("501") << int(K::Http) << 501 << 0 << C::Permanent << false;
        QTest::newRow("505") << int(K::Http) << 505 << 0 << C::Permanent << false;
        QTest::newRow("407 from a proxy") << int(K::Http) << 407 << 0 << C::Permanent << false;
        QTest::newRow("429") << int(K::Http) << 429 << 0 << C::Transient << false;
        QTest::newRow("404") << int(K::Http) << 404 << 0 << C::Permanent << false;
        QTest::newRow("short body") << int(K::Integrity) << 0 << 0 << C::Transient << false;
        QTest::newRow("broken server") << int(K::Integrity) << 200 << 0 << C::Permanent << false;
        QTest::newRow("disk full") << int(K::Disk) << 0 << 0 << C::NeedsUser << false;
        QTest::newRow("checksum") << int(K::Checksum) << 0 << 0 << C::Permanent << true;
    }
    void classify()
    {
        QFETCH(int, kind);
        QFETCH(int, httpStatus);
        QFETCH(int, curlCode);
        TaskError e;
        e.kind = TaskError::Kind(kind);
        e.httpStatus = httpStatus;
        e.networkError = curlCode;
        QTEST(RetryPolicy::classify(e), "expected");
        QTEST(RetryPolicy::condemnsPartialFile(e), "condemns");
    }

    // Retry-After as seconds: any run of digits is a wait, however long (the wait is capped
    // later). Before, one too long for a 64-bit integer counted as no Retry-After at all, and
    // the download was retried after about a second instead of the cap.
    void retryAfterSeconds_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expectedMs"); // -1: none
        QTest::newRow("seconds") << QByteArray("120") << qint64(120'000);
        QTest::newRow("zero") << QByteArray(" 0 ") << qint64(0);
        QTest::newRow("19 digits")
            << QByteArray("9223372036854775807") << qint64(1'000'000'000'000);
        QTest::newRow("20 digits")
            << QByteArray("99999999999999999999") << qint64(1'000'000'000'000);
        QTest::newRow("100 digits") << QByteArray(100, '9') << qint64(1'000'000'000'000);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("huge negative") << QByteArray("-99999999999999999999") << qint64(-1);
        QTest::newRow("not a number") << QByteArray("soon") << qint64(-1);
        QTest::newRow("digits and more") << QByteArray("99999999999999999999x") << qint64(-1);
    }
    void retryAfterSeconds()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expectedMs);
        const auto ms = HttpHeaders::parseRetryAfterMs(value, QDateTime::currentDateTimeUtc());
        QCOMPARE(ms.value_or(-1), expectedMs);
    }

    void aRetryAfterTooLongForAnIntegerWaitsTheLongestWait()
    {
        const auto ms =
            HttpHeaders::parseRetryAfterMs("99999999999999999999", QDateTime::currentDateTimeUtc());
        RetryPolicy p;
        QRandomGenerator random(1);
        QCOMPARE(p.delayMs(2, ms, random), p.maxRetryAfterMs);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
