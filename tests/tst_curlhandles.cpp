// A transfer's own words and its curl handle: the URL it names reads as people read it, and a
// handle used again after a transfer is gone carries nothing of that transfer into the next.
#include "fixturesuite.h"
#include "services/engine/descriptortable.h"
#include "services/http/curlmulti.h"
#include "services/http/curltransfer.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
struct Ended {
    int status = -1;   // the HTTP status; -1 when it did not end in time
    int curlCode = -1; // CURLcode, 0 = OK
    int osErrno = 0;
    QByteArray body;
};

// Runs one request to its end and deletes the transfer, so its handle may serve the next one.
Ended runToEnd(CurlMulti *multi, const HttpRequest &request)
{
    auto *transfer = new CurlTransfer(multi, request, multi);
    transfer->start();
    Ended ended;
    const bool finished = QTest::qWaitFor(
        [&] {
            ended.body += transfer->take();
            return transfer->isFinished() && transfer->bytesAvailable() == 0;
        },
        10000);
    ended.body += transfer->take();
    if (finished) {
        ended.status = transfer->status();
        ended.curlCode = transfer->curlCode();
    }
    ended.osErrno = transfer->osErrno();
    delete transfer;
    return ended;
}

// Descriptors open on /dev/null (what DescriptorTable::reserve() opens): other threads of the
// suite open and close connections meanwhile, so a count of all descriptors would not hold still.
int openOnDevNull()
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    int n = 0;
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System))
        n += QFile::symLinkTarget(fds.filePath(fd)) == QLatin1String("/dev/null");
    return n;
}

bool isOpen(int fd)
{
    return ::fcntl(fd, F_GETFD) != -1;
}

HttpRequest get(const QUrl &url)
{
    HttpRequest request;
    request.url = url;
    return request;
}
} // namespace

class TestCurlHandles : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    // The URL a log line or an error names reads as QUrl shows it to people: escapes decoded,
    // a punycode host in its own letters, never a password.
    void aRequestsUrlReadsAsQUrlShowsIt_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("plain") << "http://127.0.0.1:9/r1.bin?x=1";
        QTest::newRow("password") << "http://user:s3cret@h.example/f.bin";
        QTest::newRow("empty password") << "http://user:@h.example/f.bin";
        QTest::newRow("user") << "http://user@h.example/f.bin";
        QTest::newRow("escapes") << "http://h.example/caf%C3%A9%20menu.pdf";
        QTest::newRow("idn") << "http://xn--caf-dma.example/f.bin";
        QTest::newRow("unicode path") << QStringLiteral("http://h.example/ü.bin");
    }
    void aRequestsUrlReadsAsQUrlShowsIt()
    {
        QFETCH(QString, url);
        CurlMulti multi;
        const HttpRequest request = get(QUrl(url));
        CurlTransfer transfer(&multi, request);
        QCOMPARE(transfer.requestUrlText(), request.url.toDisplayString());
        QCOMPARE(transfer.urlText(), request.url.toDisplayString());
        QVERIFY(!transfer.requestUrlText().contains(QStringLiteral("s3cret")));
    }

    // curl handles are used again once a transfer is gone: a request never inherits what the
    // one before it asked for (a POST body, a Range).
    void aRequestNeverInheritsTheOneBefore()
    {
        CurlMulti multi;
        HttpRequest post = get(m_server->url(QStringLiteral("/file/10/p.bin")));
        post.postBody = "{}";
        QCOMPARE(runToEnd(&multi, post).status, 405);
        HttpRequest ranged = get(m_server->url(QStringLiteral("/file/1000/r.bin")));
        ranged.headers.append(std::pair<QByteArray, QByteArray>("Range", "bytes=900-"));
        const Ended part = runToEnd(&multi, ranged);
        QCOMPARE(part.status, 206);
        QCOMPARE(part.body.size(), 100);
        const Ended whole =
            runToEnd(&multi, get(m_server->url(QStringLiteral("/file/1000/g.bin"))));
        QCOMPARE(whole.status, 200);
        QCOMPARE(whole.body, FixtureServer::content(1000));
        for (const QByteArray &line :
             m_server->lastRequestHeaders(QStringLiteral("/file/1000/g.bin")))
            QVERIFY2(!line.toLower().startsWith("range:"), line.constData());
    }

    // What failed before on a handle used again says nothing of the next request: a failure's
    // system error (curl keeps it on the handle) and its TLS session stay with the failure.
    void aRequestNeverInheritsTheLastFailure()
    {
        CurlMulti multi;
        const Ended refused = runToEnd(&multi, get(QUrl(QStringLiteral("http://127.0.0.1:1/x"))));
        QVERIFY(refused.curlCode != 0);
        QCOMPARE(refused.osErrno, ECONNREFUSED);
        const Ended fine =
            runToEnd(&multi, get(m_server->url(QStringLiteral("/file/1000/ok.bin"))));
        QCOMPARE(fine.curlCode, 0);
        QCOMPARE(fine.osErrno, 0);
    }

    // Requests started together reach curl a few at a time (a burst of new connections is
    // spread over event-loop passes). Every one of them still ends with its whole body, and
    // one stopped or deleted before its turn ends at once without ever being sent.
    // A program started while a download runs (Open, a browser's native host) never inherits
    // its connections: such a child would keep the server's connection open, and a socket it
    // holds stays in the engine's epoll set after curl closed it, waking the loop forever.
    void childProcessesInheritNoConnection()
    {
        CurlMulti multi;
        HttpRequest request =
            get(m_server->url(QStringLiteral("/file/100000/slow.bin?rate=20000&seed=2")));
        CurlTransfer transfer(&multi, request);
        transfer.start();
        QTRY_VERIFY_WITH_TIMEOUT(transfer.status() == 200, 5000);
        QProcess child;
        child.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("for f in /proc/$$/fd/*; do readlink \"$f\"; done")});
        QVERIFY(child.waitForFinished(5000));
        QSet<QByteArray> childSockets; // inode numbers
        for (const QByteArray &link : child.readAllStandardOutput().split('\n'))
            if (link.startsWith("socket:["))
                childSockets.insert(link.mid(8, link.size() - 9));
        QSet<QByteArray> tcp; // every TCP socket's inode (the fixture's are never inherited)
        for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
            QFile f(QString::fromLatin1(table));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QList<QByteArray> lines = f.readAll().split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i)
                if (const QList<QByteArray> fields = lines[i].simplified().split(' ');
                    fields.size() > 9)
                    tcp.insert(fields[9]);
        }
        QVERIFY(!tcp.isEmpty()); // the download's own connection at least
        QVERIFY2(!childSockets.intersects(tcp), "a child process holds a TCP connection");
    }

    void manyRequestsStartedTogetherAllEnd()
    {
        CurlMulti multi;
        QList<CurlTransfer *> transfers;
        for (int i = 0; i < 100; ++i) {
            transfers.append(new CurlTransfer(
                &multi, get(m_server->url(QStringLiteral("/file/1000/m%1.bin").arg(i))), &multi));
            transfers.last()->start();
        }
        QCOMPARE(multi.transferCount(), 100);
        CurlTransfer *stopped = transfers.takeLast();
        stopped->abort();
        QVERIFY(stopped->isFinished());
        QVERIFY(stopped->wasAborted());
        delete transfers.takeLast();
        QCOMPARE(multi.transferCount(), 98);

        QHash<CurlTransfer *, QByteArray> bodies;
        const bool allEnded = QTest::qWaitFor(
            [&] {
                bool ended = true;
                for (CurlTransfer *t : std::as_const(transfers)) {
                    bodies[t] += t->take();
                    ended = ended && t->isFinished() && t->bytesAvailable() == 0;
                }
                return ended;
            },
            20000);
        QVERIFY(allEnded);
        for (CurlTransfer *t : std::as_const(transfers)) {
            QCOMPARE(t->curlCode(), 0);
            QCOMPARE(t->status(), 200);
            QCOMPARE(bodies.value(t), FixtureServer::content(1000));
        }
        QCOMPARE(multi.transferCount(), 0);
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/1000/m99.bin")), 0);
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/1000/m98.bin")), 0);
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/1000/m0.bin")), 1);
    }

    // The descriptor table is sized when the app starts: the 350 connections 50 downloads open
    // in their first second never grow it, which made the opening thread (the GUI thread) wait
    // for a kernel grace period of 10-30 ms at 128, 256 and 512 descriptors. Sizing it leaves
    // no descriptor open.
    void connectionsOpenedLaterNeverGrowTheDescriptorTable()
    {
        rlimit limit{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
        const int expected = int(std::min<rlim_t>(DescriptorTable::DefaultSlots, limit.rlim_cur));
        const int onDevNull = openOnDevNull();
        DescriptorTable::reserve();
        QCOMPARE(openOnDevNull(), onDevNull);
        QVERIFY(!isOpen(expected - 1));
        const int size = DescriptorTable::size();
        QVERIFY2(size >= expected, qPrintable(QStringLiteral("%1 slots").arg(size)));

        std::vector<int> sockets;
        const int count = std::min(400, expected / 2);
        for (int i = 0; i < count; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            QVERIFY(fd >= 0);
            sockets.push_back(fd);
        }
        const int sizeWithSockets = DescriptorTable::size();
        for (const int fd : sockets)
            ::close(fd);
        QCOMPARE(sizeWithSockets, size);
    }

    // Debian starts programs with a soft limit of 1024 descriptors: 100 downloads of 16
    // connections would run out, and a thread a pool starts then aborts the process (Qt's
    // event dispatcher needs a descriptor). The app raises its soft limit towards the hard one.
    void theDescriptorLimitIsRaisedForManyConnections()
    {
        rlimit old{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &old), 0);
        if (old.rlim_max < 2048)
            QSKIP("the hard limit leaves nothing to raise");
        const auto restore = qScopeGuard([&old] { ::setrlimit(RLIMIT_NOFILE, &old); });
        rlimit low = old;
        low.rlim_cur = 1024;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &low), 0);
        DescriptorTable::raiseLimit();
        rlimit raised{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &raised), 0);
        QCOMPARE(raised.rlim_cur, std::min<rlim_t>(old.rlim_max, DescriptorTable::SoftLimit));
        QCOMPARE(raised.rlim_max, old.rlim_max);
    }
};

QTEST_GUILESS_MAIN(TestCurlHandles)
#include "tst_curlhandles.moc"
