// The libcurl transport under the engine: responses Qt 6.4's parser got wrong, proxies, the
// abort contract, many transfers to one host, and an engine destroyed mid-transfer.
#include "fixtureproxy.h"
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/curlmulti.h"
#include "services/http/curltransfer.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestTransport : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    // Qt 6.4 ended the body silently at the bad chunk size (a file reported complete) and took
    // the first of two Content-Length values.
    void malformedResponsesNeverComplete_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message"); // a part of the error message
        QTest::newRow("chunk size not hex") << "/hostile/badchunk"
                                            << "chunked-encoding";
        QTest::newRow("two Content-Lengths") << "/hostile/twolengths"
                                             << "conflicting";
        QTest::newRow("Content-Length abc") << "/hostile/lengthabc"
                                            << "Content-Length";
        QTest::newRow("Content-Length -5") << "/hostile/lengthneg"
                                           << "Content-Length";
        // curl 7.88 reads it as 0: a 0-byte file was reported complete.
        QTest::newRow("Content-Length 0x64") << "/hostile/lengthhex"
                                             << "not a number (0x64)";
        QTest::newRow("gzip, chunked") << "/hostile/gzipchunked"
                                       << "malformed response";
        QTest::newRow("empty Location") << "/hostile/emptylocation"
                                        << "HTTP 302";
        // Fails at once (the stall timeout is 30 s), saying why.
        QTest::newRow("endless header line") << "/hostile/endlessheader"
                                             << "header too large";
    }
    void malformedResponsesNeverComplete()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const TaskId id = engine.addUrl(m_server->url(path), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        const Task *t = model.task(id);
        QVERIFY2(t->error.message.contains(message), qPrintable(t->error.message));
        // Nothing under a final name; a .part only for bytes received (none for a response
        // that was never accepted).
        for (const QString &name : filesIn(dir.path())) {
            QVERIFY2(name.endsWith(QStringLiteral(".part")), qPrintable(name));
            QVERIFY2(QFileInfo(dir.filePath(name)).size() > 0, qPrintable(name));
        }
    }

    void earlyHintsBeforeTheAnswerAreSkipped()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/hostile/earlyhints")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QFile file(dir.filePath(QStringLiteral("earlyhints")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("hello"));
    }

    // A URL without a password takes the login from ~/.netrc, as curl and wget do (the way a
    // password stays out of the command line, the task list and the database), read as curl -n
    // reads it.
    void netrcGivesTheLogin_data()
    {
        QTest::addColumn<QByteArray>("netrc");
        QTest::addColumn<QString>("user");    // the URL's user name
        QTest::addColumn<QByteArray>("sent"); // login:password
        QTest::newRow("one entry")
            << QByteArray("machine 127.0.0.1 login alice password n3trc-pw\n") << QString()
            << QByteArray("alice:n3trc-pw");
        // The old entry commented out was sent instead of the real one.
        QTest::newRow("commented-out line")
            << QByteArray("# machine 127.0.0.1 login olduser password OLDPW\n"
                          "machine 127.0.0.1 login alice password n3trc-pw\n")
            << QString() << QByteArray("alice:n3trc-pw");
        QTest::newRow("comment after an entry")
            << QByteArray("machine 127.0.0.1 login alice password n3trc-pw # was login olduser\n")
            << QString() << QByteArray("alice:n3trc-pw");
        QTest::newRow("# within a token")
            << QByteArray("machine 127.0.0.1 login alice password pa#ss\n") << QString()
            << QByteArray("alice:pa#ss");
        // Only "two was sent.
        QTest::newRow("quoted password")
            << QByteArray("machine 127.0.0.1 login alice password \"two words\"\n") << QString()
            << QByteArray("alice:two words");
        QTest::newRow("escapes in quotes")
            << QByteArray("machine 127.0.0.1 login \"al ice\" password \"a\\\"b\\\\c\\td\"\n")
            << QString() << QByteArray("al ice:a\"b\\c\td");
        // bob went without a password: only the first entry for the host was looked at.
        QTest::newRow("the URL's user picks the entry")
            << QByteArray("machine 127.0.0.1 login alice password n3trc-pw\n"
                          "machine 127.0.0.1 login bob password b0b-pw\n")
            << QStringLiteral("bob") << QByteArray("bob:b0b-pw");
        QTest::newRow("no user: the first entry")
            << QByteArray("machine 127.0.0.1 login alice password n3trc-pw\n"
                          "machine 127.0.0.1 login bob password b0b-pw\n")
            << QString() << QByteArray("alice:n3trc-pw");
    }
    void netrcGivesTheLogin()
    {
        QFETCH(QByteArray, netrc);
        QFETCH(QString, user);
        QFETCH(QByteArray, sent);
        QTemporaryDir home;
        const ScopedEnv homeEnv("HOME", home.path().toUtf8());
        writeFile(home.filePath(QStringLiteral(".netrc")), netrc);
        QFile::setPermissions(home.filePath(QStringLiteral(".netrc")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const QString path = QStringLiteral("/file/1k/netrc.bin");
        QUrl url = m_server->url(path);
        url.setUserName(user);
        const TaskId id = engine.addUrl(url, dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        const QList<QByteArray> headers = m_server->lastRequestHeaders(path);
        QVERIFY2(headers.contains("Authorization: Basic " + sent.toBase64()),
                 headers.join('\n').constData());
    }

    // A URL's login goes with every piece of a split download, also after a redirect (an
    // absolute Location) within its origin: the pieces went to the address redirected to, which
    // has no login, and failed with 401.
    void aLoginGoesWithEveryPieceAfterARedirectWithinItsOrigin()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        engine.setConnections(4);
        const QString path = QStringLiteral("/file/4m/login.bin");
        QUrl url = m_server->url(
            QStringLiteral("/redirect?to=") +
            QString::fromLatin1(QUrl::toPercentEncoding(m_server->url(path).toString())));
        url.setUserInfo(QStringLiteral("alice:s3cret"));
        const TaskId id = engine.addUrl(url, dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QVERIFY(m_server->requestCount(path) > 1); // in pieces
        const QList<QByteArray> last = m_server->lastRequestHeaders(path);
        QVERIFY2(last.contains("Authorization: Basic " + QByteArray("alice:s3cret").toBase64()),
                 last.join('\n').constData());
    }

    // Only a machine named in ~/.netrc gets its login: a "default" entry (often an FTP
    // anonymous password) is never sent to every server downloaded from.
    void netrcDefaultEntryIsNeverSent()
    {
        QTemporaryDir home;
        const ScopedEnv homeEnv("HOME", home.path().toUtf8());
        writeFile(home.filePath(QStringLiteral(".netrc")),
                  "machine files.example.org login bob password other-pw\n"
                  "default login anonymous password def4ult-pw\n");
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const QString path = QStringLiteral("/file/1k/nodefault.bin");
        const TaskId id = engine.addUrl(m_server->url(path), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        for (const QByteArray &header : m_server->lastRequestHeaders(path))
            QVERIFY2(!header.toLower().startsWith("authorization"), header.constData());
    }

    void explicitProxyCarriesTheDownload()
    {
        const ScopedEnv noProxy("no_proxy", {});
        FixtureProxy proxy;
        QVERIFY(proxy.isListening());
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        engine.setProxy(proxy.url());
        const QUrl url = m_server->url(QStringLiteral("/file/300000/viaproxy.bin"));
        const TaskId id = engine.addUrl(url, dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("viaproxy.bin"))),
                 FixtureServer::contentSha256(300000));
        QCOMPARE(proxy.requestLines(), QList<QByteArray>{"GET " + url.toEncoded() + " HTTP/1.1"});
    }

    void environmentProxyIsHonoured()
    {
        FixtureProxy proxy;
        QVERIFY(proxy.isListening());
        const ScopedEnv noProxy("no_proxy", {});
        const ScopedEnv noProxyUpper("NO_PROXY", {});
        const ScopedEnv httpProxy("http_proxy", proxy.url().toUtf8());
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const QUrl url = m_server->url(QStringLiteral("/file/1000/env.bin"));
        const TaskId id = engine.addUrl(url, dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(proxy.requestLines(), QList<QByteArray>{"GET " + url.toEncoded() + " HTTP/1.1"});
    }

    void unreachableProxyIsAClearTransientError()
    {
        const ScopedEnv noProxy("no_proxy", {});
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        engine.setProxy(QStringLiteral("http://127.0.0.1:1"));
        const TaskId id = engine.addUrl(m_server->url(QStringLiteral("/file/10/x")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QCOMPARE(model.task(id)->error.message, QStringLiteral("Connection refused"));
        QCOMPARE(m_server->requestCount(), 0);
    }

    // abort() must not run the awaiting coroutine inside the caller (a cancel from a slot
    // would otherwise re-enter the engine): the news come from the event loop.
    void abortReportsFromTheEventLoopNotFromInsideTheCall()
    {
        CurlMulti multi;
        HttpRequest request;
        request.url = m_server->url(QStringLiteral("/file/10m/a.bin?rate=100000"));
        auto *transfer = new CurlTransfer(&multi, request, &multi);
        transfer->start();
        QTRY_VERIFY_WITH_TIMEOUT(transfer->bytesAvailable() > 0, 5000);
        transfer->take();
        QSignalSpy news(transfer, &CurlTransfer::progressed);
        transfer->abort();
        QCOMPARE(news.count(), 0);
        QVERIFY(transfer->isFinished());
        QVERIFY(transfer->wasAborted());
        QTRY_COMPARE_WITH_TIMEOUT(news.count(), 1, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 2000);
    }

    // Backpressure: a transfer nobody reads holds at most its buffer, and goes on once read.
    void unreadTransferPausesInsteadOfBuffering()
    {
        CurlMulti multi;
        HttpRequest request;
        request.url = m_server->url(QStringLiteral("/file/64m/p.bin"));
        request.bufferLimit = 256 * 1024;
        CurlTransfer transfer(&multi, request);
        transfer.start();
        QTRY_VERIFY_WITH_TIMEOUT(transfer.bytesAvailable() >= request.bufferLimit, 5000);
        // The server is far ahead only by what the sockets buffer, not by the whole file.
        QTRY_VERIFY_WITH_TIMEOUT(m_server->bytesSent() > 0, 2000);
        const qint64 held = transfer.bytesAvailable();
        QVERIFY2(held < request.bufferLimit + 1024 * 1024, qPrintable(QString::number(held)));
        QVERIFY(m_server->bytesSent() < 32 * 1024 * 1024);
        qint64 received = 0;
        while (!transfer.isFinished() || transfer.bytesAvailable() > 0) {
            received += transfer.take().size();
            QVERIFY(transfer.bytesAvailable() <= request.bufferLimit + 1024 * 1024);
            if (!transfer.isFinished() && transfer.bytesAvailable() == 0)
                QVERIFY(QSignalSpy(&transfer, &CurlTransfer::progressed).wait(5000));
        }
        QCOMPARE(received, qint64(64) << 20);
        QCOMPARE(transfer.curlCode(), 0);
    }

    // Many hosts redirecting to one: no per-host cap (Qt's was 6 per manager).
    void redirectsToOneHostRunAtTheFullLimit()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setMaxConcurrent(10);
        QList<QUrl> urls;
        for (int i = 0; i < 10; ++i) {
            const QString target = QStringLiteral("/file/60000/r%1.bin?rate=40000").arg(i);
            QUrl url = m_server->url(QStringLiteral("/redirect"));
            url.setQuery(QStringLiteral("to=") + QString::fromLatin1(QUrl::toPercentEncoding(
                                                     m_server->url(target).toString())));
            if (i % 2)
                url.setHost(QStringLiteral("localhost")); // another host name, the same server
            urls.append(url);
        }
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        engine.addUrls(urls, dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 10, 5000);
        QVERIFY(idle.wait(20000));
        QCOMPARE(model.countIn(TaskState::Completed), 10);
    }

    // Fast bodies bring news to a transfer several times per event-loop turn. The waiting
    // coroutine must be resumed once per wait, never through a stale queued wake-up after it
    // moved on (QCoro 0.8's signal awaiting did that: a use-after-free, a crash 1 in 8 times).
    void burstsOfDataNeverWakeAWaiterThatMovedOn()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMaxConcurrent(4);
        QList<QUrl> urls;
        for (int i = 0; i < 4; ++i)
            urls.append(m_server->url(QStringLiteral("/file/96m/burst%1.bin?seed=%1").arg(i)));
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        engine.addUrls(urls, dir.path());
        QVERIFY(idle.wait(60000));
        for (TaskId id : tasks.ids())
            QVERIFY2(tasks.task(id)->state == TaskState::Completed,
                     qPrintable(tasks.task(id)->error.message));
        for (int i = 0; i < 4; ++i)
            QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("burst%1.bin").arg(i))),
                     FixtureServer::contentSha256(96 << 20, quint32(i)));
    }

    // Destroying the engine while transfers wait for data keeps their partial files and
    // frees everything (ASan and LSan watch).
    void engineDestroyedWhileTransfersAreSuspended()
    {
        QTemporaryDir dir;
        auto model = std::make_unique<TaskRegistry>();
        auto engine = std::make_unique<DownloadEngine>(model.get());
        QList<QUrl> urls;
        for (int i = 0; i < 4; ++i)
            urls.append(m_server->url(QStringLiteral("/file/10m/s%1.bin?rate=100000").arg(i)));
        const QList<TaskId> ids = engine->addUrls(urls, dir.path());
        for (TaskId id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(model->task(id)->bytesDone > 0, 5000);
        engine.reset();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 2000);
        QCOMPARE(filesIn(dir.path()).size(), 4);
        for (const QString &name : filesIn(dir.path())) {
            QVERIFY2(name.endsWith(QStringLiteral(".part")), qPrintable(name));
            QVERIFY(QFileInfo(dir.filePath(name)).size() > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
