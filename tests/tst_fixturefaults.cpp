// tst_fixturefaults.cpp: the loopback fixture server's faults (failing first, broken paths,
// dropped and short bodies, bodies without a length, stalls, trickles) as clients see them.
#include "fixtureclient.h"

using namespace FixtureClient;

class TestFixtureFaults : public FixtureClientSuite {
    Q_OBJECT
private Q_SLOTS:
    void failFirstAnswers503ThenOk();
    void setBrokenOverridesPathUntilCleared();
    void dropAfterClosesEarly();
    void dropAfterSendsExactlyThatManyBytes();
    void dropFirstDropsOnlyFirstRequests();
    void shortSendsFewerBytesThanAnnounced();
    void noLengthClosesAtEndOfBody();
    void stallAfterKeepsSocketOpenUntilClientCloses();
    void rateTricklesBody();
    void rateAllowsCancelMidBody();
};

void TestFixtureFaults::failFirstAnswers503ThenOk()
{
    const QString path = QStringLiteral("/file/1000/f.bin?failfirst=1&retryafter=1");
    QNetworkReply *first = get(path);
    QVERIFY(waitFinished(first));
    QCOMPARE(statusOf(first), 503);
    QCOMPARE(first->rawHeader("Retry-After"), QByteArray("1"));

    QNetworkReply *second = get(path);
    QVERIFY(waitFinished(second));
    QCOMPARE(second->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(second), 200);
    QCOMPARE(second->readAll(), FixtureServer::content(1000));
    QCOMPARE(m_server->requestCount(QStringLiteral("/file/1000/f.bin")), 2);
}

void TestFixtureFaults::setBrokenOverridesPathUntilCleared()
{
    const QString path = QStringLiteral("/file/1000/b.bin");
    m_server->setBroken(path, 500);
    QNetworkReply *broken = get(path);
    QVERIFY(waitFinished(broken));
    QCOMPARE(statusOf(broken), 500);

    m_server->setBroken(path, 0);
    QNetworkReply *fixed = get(path);
    QVERIFY(waitFinished(fixed));
    QCOMPARE(statusOf(fixed), 200);
}

void TestFixtureFaults::dropAfterClosesEarly()
{
    QNetworkReply *reply = get(QStringLiteral("/file/1000000/d.bin?dropafter=100000"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->rawHeader("Connection"), QByteArray("close"));
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), 1000000);
    // Qt 6.4 usually reports RemoteHostClosedError here, but under load it sometimes finishes
    // the cut-off reply with NoError, or re-sends the request on a new connection first: only
    // the byte count is a reliable signal for a client. The exact bytes: next test.
    const QByteArray body = reply->readAll();
    QVERIFY2(body.size() <= 100000, qPrintable(QString::number(body.size())));
    QVERIFY(body == FixtureServer::content(body.size()));
}

void TestFixtureFaults::dropAfterSendsExactlyThatManyBytes()
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /file/1000000/d.bin?dropafter=100000&seed=4 HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray buffer;
    RawResponse response;
    QVERIFY(readResponse(socket, buffer, response, false, 0));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("Content-Length"), QByteArray("1000000"));
    QCOMPARE(response.header("Connection"), QByteArray("close"));
    QVERIFY(readUntilClosed(socket, buffer));
    QCOMPARE(buffer.size(), 100000);
    QVERIFY(buffer == FixtureServer::content(100000, 4));
    QCOMPARE(m_server->bytesSent(), 100000);
}

void TestFixtureFaults::dropFirstDropsOnlyFirstRequests()
{
    const QString path = QStringLiteral("/file/10000/df.bin?dropafter=1000&dropfirst=1");
    QNetworkReply *first = get(path);
    QVERIFY(waitFinished(first));
    const QByteArray cut = first->readAll(); // see dropAfterClosesEarly()
    QVERIFY(cut.size() <= 1000 && cut == FixtureServer::content(cut.size()));

    QNetworkReply *second = get(path);
    QVERIFY(waitFinished(second));
    QCOMPARE(second->error(), QNetworkReply::NoError);
    QCOMPARE(second->readAll(), FixtureServer::content(10000));
}

void TestFixtureFaults::shortSendsFewerBytesThanAnnounced()
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /file/1000/short.bin?short=10 HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray buffer;
    RawResponse response;
    QVERIFY(readResponse(socket, buffer, response, false, 0));
    QCOMPARE(response.header("Content-Length"), QByteArray("1000"));
    QCOMPARE(response.header("Connection"), QByteArray("close"));
    QVERIFY(readUntilClosed(socket, buffer));
    QCOMPARE(buffer, FixtureServer::content(990));
}

void TestFixtureFaults::noLengthClosesAtEndOfBody()
{
    QNetworkReply *reply = get(QStringLiteral("/file/200000/nl.bin?nolength=1"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY(!reply->hasRawHeader("Content-Length"));
    QCOMPARE(reply->readAll(), FixtureServer::content(200000));

    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /file/200000/nl.bin?nolength=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray buffer;
    RawResponse response;
    QVERIFY(readResponse(socket, buffer, response, false, 0));
    QVERIFY(response.header("Content-Length").isEmpty());
    QCOMPARE(response.header("Connection"), QByteArray("close"));
    QVERIFY(readUntilClosed(socket, buffer));
    QVERIFY(buffer == FixtureServer::content(200000));
}

void TestFixtureFaults::stallAfterKeepsSocketOpenUntilClientCloses()
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /file/100000/stall.bin?stallafter=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray buffer;
    RawResponse response;
    QVERIFY(readResponse(socket, buffer, response, false, 5000));
    QCOMPARE(response.header("Content-Length"), QByteArray("100000"));
    QCOMPARE(response.body, FixtureServer::content(5000));
    // Proving that nothing more comes needs a wait; a short one is enough for loopback.
    QVERIFY(!socket.waitForReadyRead(200));
    QCOMPARE(m_server->activeRequests(), 1);
    QCOMPARE(m_server->bytesSent(), 5000);

    QSignalSpy closed(m_server.get(), &FixtureServer::connectionClosed);
    socket.disconnectFromHost();
    QVERIFY(closed.wait(kTimeoutMs));
    QCOMPARE(m_server->activeRequests(), 0);
    QCOMPARE(m_server->activeConnections(), 0);
}

void TestFixtureFaults::rateTricklesBody()
{
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = get(QStringLiteral("/file/50000/slow.bin?rate=200000"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->readAll(), FixtureServer::content(50000));
    QVERIFY2(clock.elapsed() >= 200, qPrintable(QString::number(clock.elapsed()))); // 250 ms due
}

void TestFixtureFaults::rateAllowsCancelMidBody()
{
    QNetworkReply *reply = get(QStringLiteral("/file/1000000/cancel.bin?rate=100000"));
    QSignalSpy readyRead(reply, &QNetworkReply::readyRead);
    QVERIFY(readyRead.wait(kTimeoutMs));
    QCOMPARE(m_server->activeRequests(), 1);
    QSignalSpy closed(m_server.get(), &FixtureServer::connectionClosed);
    reply->abort();
    QVERIFY(closed.wait(kTimeoutMs));
    QCOMPARE(m_server->activeRequests(), 0);
    QVERIFY(m_server->bytesSent() < 1000000);
}

QTEST_GUILESS_MAIN(TestFixtureFaults)
#include "tst_fixturefaults.moc"
