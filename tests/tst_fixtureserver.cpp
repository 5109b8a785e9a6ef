// tst_fixtureserver.cpp: the loopback fixture server answers its URL grammar (content, ranges,
// statuses, redirects, keep-alive) as QNetworkAccessManager and raw sockets see it. Its faults
// are tst_fixturefaults.
#include "fixtureclient.h"

#include <QCryptographicHash>
#include <QThread>

using namespace FixtureClient;

class TestFixtureServer : public FixtureClientSuite {
    Q_OBJECT
private Q_SLOTS:
    void contentFollowsDocumentedFormula();
    void contentSha256MatchesContent_data();
    void contentSha256MatchesContent();
    void bodyMatchesContent();
    void headAnswersHeadersWithoutBody();
    void rangeAnswersPartialContent_data();
    void rangeAnswersPartialContent();
    void rangePastEndAnswers416();
    void ifRangeMismatchAnswersFullBody();
    void noRangeIgnoresRange();
    void statusOptionAnswersThatStatus_data();
    void statusOptionAnswersThatStatus();
    void redirectIsFollowed_data();
    void redirectIsFollowed();
    void redirectLoopNeverEnds();
    void unknownPathAnswers404();
    void concurrentDelayedRequestsAreAllActive();
    void contentDispositionIsSent();
    void keepAliveServesSequentialRequests();
    void pipelinedRequestsAreAnsweredInOrder();
    void requestHeadersAreRecorded();
    void connectionClosedIsSignalled();
};

void TestFixtureServer::contentFollowsDocumentedFormula()
{
    const QList<quint32> seeds{0, 1, 37, 0xFFFFFFFFu};
    for (quint32 seed : seeds) {
        QCOMPARE(FixtureServer::content(300000, seed), expectedBytes(0, 300000, seed));
        for (qint64 i : {qint64(0), qint64(511), qint64(131072), qint64(5'000'000'017)})
            QCOMPARE(FixtureServer::contentByte(i, seed), expectedBytes(i, 1, seed).at(0));
    }
    QVERIFY(FixtureServer::content(0).isEmpty());
}

void TestFixtureServer::contentSha256MatchesContent_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("empty") << qint64(0) << 0u;
    QTest::newRow("one byte") << qint64(1) << 0u;
    QTest::newRow("one period") << qint64(131072) << 4u;
    QTest::newRow("period plus one") << qint64(131073) << 9u;
    QTest::newRow("odd megabyte") << qint64(1'000'003) << 123456u;
}

void TestFixtureServer::contentSha256MatchesContent()
{
    QFETCH(qint64, size);
    QFETCH(quint32, seed);
    const QByteArray expected =
        QCryptographicHash::hash(FixtureServer::content(size, seed), QCryptographicHash::Sha256);
    QCOMPARE(FixtureServer::contentSha256(size, seed), expected);
}

void TestFixtureServer::bodyMatchesContent()
{
    QNetworkReply *reply = get(QStringLiteral("/file/1048576/one.bin?seed=3"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), 1048576);
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArray("application/octet-stream"));
    QCOMPARE(reply->rawHeader("Accept-Ranges"), QByteArray("bytes"));
    QCOMPARE(reply->rawHeader("Last-Modified"), FixtureServer::lastModified());
    const QByteArray body = reply->readAll();
    QCOMPARE(body.size(), 1048576);
    QVERIFY(body == FixtureServer::content(1048576, 3));
    QCOMPARE(m_server->bytesSent(), 1048576);
    QCOMPARE(m_server->requestCount(QStringLiteral("/file/1048576/one.bin")), 1);
}

void TestFixtureServer::headAnswersHeadersWithoutBody()
{
    QNetworkReply *reply =
        m_nam->head(httpRequest(m_server->url(QStringLiteral("/file/5m/h.bin"))));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), 5 * 1024 * 1024);
    QVERIFY(reply->readAll().isEmpty());
    QCOMPARE(m_server->bytesSent(), 0);
}

void TestFixtureServer::rangeAnswersPartialContent_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("size");
    const QString file = QStringLiteral("/file/300000/r.bin?seed=5");
    QTest::newRow("closed") << file << QByteArray("bytes=1000-1999") << qint64(1000) << qint64(1999)
                            << qint64(300000);
    QTest::newRow("open") << file << QByteArray("bytes=1000-") << qint64(1000) << qint64(299999)
                          << qint64(300000);
    QTest::newRow("suffix") << file << QByteArray("bytes=-100") << qint64(299900) << qint64(299999)
                            << qint64(300000);
    QTest::newRow("end clamped") << file << QByteArray("bytes=299000-9999999") << qint64(299000)
                                 << qint64(299999) << qint64(300000);
    QTest::newRow("deep in 1 GiB")
        << QStringLiteral("/file/1g/big.bin?seed=5") << QByteArray("bytes=1000000000-1000099999")
        << qint64(1'000'000'000) << qint64(1'000'099'999) << qint64(1) * 1024 * 1024 * 1024;
}

void TestFixtureServer::rangeAnswersPartialContent()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, range);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, size);
    QNetworkReply *reply = get(path, {"Range: " + range});
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply), 206);
    QCOMPARE(reply->rawHeader("Content-Range"), "bytes " + QByteArray::number(first) + '-' +
                                                    QByteArray::number(last) + '/' +
                                                    QByteArray::number(size));
    const QByteArray body = reply->readAll();
    QCOMPARE(body.size(), last - first + 1);
    QVERIFY(body == expectedBytes(first, last - first + 1, 5));
}

void TestFixtureServer::rangePastEndAnswers416()
{
    QNetworkReply *reply = get(QStringLiteral("/file/300000/r.bin"), {"Range: bytes=300000-"});
    QVERIFY(waitFinished(reply));
    QCOMPARE(statusOf(reply), 416);
    QCOMPARE(reply->rawHeader("Content-Range"), QByteArray("bytes */300000"));
}

void TestFixtureServer::ifRangeMismatchAnswersFullBody()
{
    const QString path = QStringLiteral("/file/5000/e.bin?etag=v1");
    QNetworkReply *stale = get(path, {"Range: bytes=100-", "If-Range: \"v0\""});
    QVERIFY(waitFinished(stale));
    QCOMPARE(statusOf(stale), 200);
    QCOMPARE(stale->rawHeader("ETag"), QByteArray("\"v1\""));
    QCOMPARE(stale->readAll().size(), 5000);

    QNetworkReply *current = get(path, {"Range: bytes=100-", "If-Range: \"v1\""});
    QVERIFY(waitFinished(current));
    QCOMPARE(statusOf(current), 206);
    QCOMPARE(current->readAll(), FixtureServer::content(5000).mid(100));
}

void TestFixtureServer::noRangeIgnoresRange()
{
    QNetworkReply *reply = get(QStringLiteral("/file/5000/n.bin?norange=1"), {"Range: bytes=100-"});
    QVERIFY(waitFinished(reply));
    QCOMPARE(statusOf(reply), 200);
    QVERIFY(!reply->hasRawHeader("Content-Range"));
    QCOMPARE(reply->readAll(), FixtureServer::content(5000));
}

void TestFixtureServer::statusOptionAnswersThatStatus_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::newRow("404") << QStringLiteral("status=404") << 404 << QByteArray();
    QTest::newRow("500") << QStringLiteral("status=500") << 500 << QByteArray();
    QTest::newRow("503 retry") << QStringLiteral("status=503&retryafter=7") << 503
                               << QByteArray("7");
    QTest::newRow("429 retry") << QStringLiteral("status=429&retryafter=2") << 429
                               << QByteArray("2");
}

void TestFixtureServer::statusOptionAnswersThatStatus()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QNetworkReply *reply = get(QStringLiteral("/file/1000/s.bin?") + query);
    QVERIFY(waitFinished(reply));
    QVERIFY(reply->error() != QNetworkReply::NoError);
    QCOMPARE(statusOf(reply), status);
    QCOMPARE(reply->rawHeader("Retry-After"), retryAfter);
    QVERIFY(reply->readAll().startsWith(QByteArray::number(status) + ' '));
}

void TestFixtureServer::redirectIsFollowed_data()
{
    QTest::addColumn<bool>("absolute");
    QTest::newRow("path") << false;
    QTest::newRow("absolute url") << true;
}

void TestFixtureServer::redirectIsFollowed()
{
    QFETCH(bool, absolute);
    const QString target = QStringLiteral("/file/100/target.bin?seed=2");
    const QString to = absolute ? m_server->url(target).toString() : target;
    QNetworkReply *reply =
        get(QStringLiteral("/redirect?to=") + QString::fromLatin1(QUrl::toPercentEncoding(to)));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->url(), m_server->url(target));
    QCOMPARE(reply->readAll(), FixtureServer::content(100, 2));
    // Not exactly 1: under load Qt 6.4 sometimes sends the redirecting request twice.
    QVERIFY(m_server->requestCount(QStringLiteral("/redirect")) >= 1);
}

void TestFixtureServer::redirectLoopNeverEnds()
{
    QNetworkRequest request = httpRequest(m_server->url(QStringLiteral("/loop/0")));
    request.setMaximumRedirectsAllowed(3);
    QNetworkReply *reply = m_nam->get(request);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::TooManyRedirectsError);
    QCOMPARE(m_server->requestCount(QStringLiteral("/loop/3")), 1);
}

void TestFixtureServer::unknownPathAnswers404()
{
    QNetworkReply *reply = get(QStringLiteral("/nothing/here"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::ContentNotFoundError);
    QCOMPARE(statusOf(reply), 404);
}

void TestFixtureServer::concurrentDelayedRequestsAreAllActive()
{
    // One manager opens at most 6 connections per host: spread 8 requests over two.
    QNetworkAccessManager second;
    second.setProxy(QNetworkProxy::NoProxy);
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 8; ++i) {
        const QUrl url = m_server->url(QStringLiteral("/file/1000/c.bin?delay=500&n=%1").arg(i));
        replies.append((i % 2 ? second : *m_nam).get(httpRequest(url)));
    }
    for (QNetworkReply *reply : std::as_const(replies)) {
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
    }
    QCOMPARE(m_server->maxActiveRequests(), 8);
    // The server thread ends a request once its socket wrote the last byte, which can be after
    // the client has read it.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 0, 2000);
}

void TestFixtureServer::contentDispositionIsSent()
{
    QNetworkReply *reply =
        get(QStringLiteral("/file/10/x.bin?cd=attachment%3B%20filename%3D%22a%20b.txt%22"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->rawHeader("Content-Disposition"),
             QByteArray("attachment; filename=\"a b.txt\""));
}

void TestFixtureServer::keepAliveServesSequentialRequests()
{
    for (int i = 0; i < 2; ++i) {
        QNetworkReply *reply = get(QStringLiteral("/file/70000/k%1.bin").arg(i));
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), FixtureServer::content(70000));
    }
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->maxActiveConnections(), 1);
}

void TestFixtureServer::pipelinedRequestsAreAnsweredInOrder()
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /file/10/a.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                 "HEAD /file/20/b.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /file/300000/c.bin?seed=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /file/30/d.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray buffer;
    RawResponse response;
    QVERIFY(readResponse(socket, buffer, response));
    QCOMPARE(response.body, FixtureServer::content(10));
    QVERIFY(readResponse(socket, buffer, response, true));
    QCOMPARE(response.header("Content-Length"), QByteArray("20"));
    QVERIFY(readResponse(socket, buffer, response));
    QVERIFY(response.body == FixtureServer::content(300000, 1));
    QVERIFY(readResponse(socket, buffer, response));
    QCOMPARE(response.header("Connection"), QByteArray("close"));
    QCOMPARE(response.body, FixtureServer::content(30));
    if (socket.state() != QAbstractSocket::UnconnectedState)
        QVERIFY(socket.waitForDisconnected(kTimeoutMs));
    QCOMPARE(m_server->maxActiveConnections(), 1);
}

void TestFixtureServer::requestHeadersAreRecorded()
{
    QNetworkReply *reply = get(QStringLiteral("/file/10/a%20b.bin?x=1"), {"X-Fixture-Test: 42"});
    QVERIFY(waitFinished(reply));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_server->requestCount(QStringLiteral("/file/10/a b.bin")), 1);
    QCOMPARE(m_server->requestCount(QStringLiteral("/file/10/a%20b.bin")), 1);
    const QList<QByteArray> headers =
        m_server->lastRequestHeaders(QStringLiteral("/file/10/a b.bin"));
    QVERIFY2(headers.contains("X-Fixture-Test: 42"), headers.join(" | ").constData());

    m_server->resetStats();
    QCOMPARE(m_server->requestCount(), 0);
    QCOMPARE(m_server->bytesSent(), 0);
    QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/file/10/a b.bin")).isEmpty());
}

void TestFixtureServer::connectionClosedIsSignalled()
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /file/10/a.bin HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray buffer;
    RawResponse response;
    QVERIFY(readResponse(socket, buffer, response)); // the server has accepted the socket
    QCOMPARE(m_server->activeConnections(), 1);
    m_server->resetStats();
    QCOMPARE(m_server->maxActiveConnections(), 1); // a reset keeps what is open

    QThread *signalThread = nullptr;
    connect(m_server.get(), &FixtureServer::connectionClosed, m_server.get(),
            [&signalThread] { signalThread = QThread::currentThread(); });
    QSignalSpy closed(m_server.get(), &FixtureServer::connectionClosed);
    socket.disconnectFromHost();
    QVERIFY(closed.wait(kTimeoutMs));
    QCOMPARE(signalThread, QThread::currentThread());
    QCOMPARE(m_server->activeConnections(), 0);
}

QTEST_GUILESS_MAIN(TestFixtureServer)
#include "tst_fixtureserver.moc"
