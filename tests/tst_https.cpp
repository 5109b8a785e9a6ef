// HTTPS end to end against the fixture speaking TLS, with a CA made at run time: downloads,
// resumes, retries, segments and checksums as over plain HTTP once the CA is trusted
// (--ca-certificate); each bad certificate says what is wrong, fails at once and is not
// retried; https never redirects to http.
#include "fixtureproxy.h"
#include "fixtureserver.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/remote/aria2rpc.h"
#include "testcertificates.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <sys/socket.h>

class TestHttps : public QObject {
    Q_OBJECT
private:
    TestCertificates m_certs;
    QTemporaryDir m_files;
    QString m_caFile;
    FixtureServer *m_valid = nullptr;
    FixtureServer *m_expired = nullptr;
    FixtureServer *m_otherHost = nullptr;
    FixtureServer *m_selfSigned = nullptr;
    FixtureServer *m_plain = nullptr;

    // An engine that trusts the test CA, with quick retries.
    void trustTestCa(DownloadEngine &engine)
    {
        QCOMPARE(engine.setCaCertificates(m_caFile), QString());
        fastRetries(engine);
    }

    QProcess *runHeadless(const QStringList &args, const QProcessEnvironment &env = {})
    {
        auto *p = new QProcess(this);
        QProcessEnvironment e = env.isEmpty() ? QProcessEnvironment::systemEnvironment() : env;
        e.insert(QStringLiteral("HOME"), m_files.path());
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_files.filePath(QStringLiteral("data")));
        p->setProcessEnvironment(e);
        p->start(QStringLiteral(FETCHDECK_BINARY),
                 QStringList{QStringLiteral("--headless")} + args);
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_caFile = m_files.filePath(QStringLiteral("test-ca.pem"));
        QFile ca(m_caFile);
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(m_certs.caPem);
        ca.close();
        m_valid = new FixtureServer(m_certs.valid.chainPem, m_certs.valid.keyPem, this);
        m_expired = new FixtureServer(m_certs.expired.chainPem, m_certs.expired.keyPem, this);
        m_otherHost = new FixtureServer(m_certs.otherHost.chainPem, m_certs.otherHost.keyPem, this);
        m_selfSigned =
            new FixtureServer(m_certs.selfSigned.chainPem, m_certs.selfSigned.keyPem, this);
        m_plain = new FixtureServer(0, this);
        for (FixtureServer *s : {m_valid, m_expired, m_otherHost, m_selfSigned, m_plain})
            QVERIFY(s->isListening());
        QCOMPARE(m_valid->url(QStringLiteral("/x")).scheme(), QStringLiteral("https"));
    }
    void init() { m_valid->resetStats(); }

    void downloadsResumesRetriesAndVerifiesOverHttps()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        engine.setConnections(1);
        const QByteArray sha = FixtureServer::contentSha256(3 << 20).toHex();
        const TaskId plain =
            engine.addUrl(m_valid->url(QStringLiteral("/file/3m/a.bin")), dir.path());
        // Dropped twice mid-body: resumed from where it stopped, over TLS.
        const TaskId resumed = engine.addUrl(
            m_valid->url(QStringLiteral("/file/3m/b.bin?dropafter=700000&dropfirst=2&etag=b")),
            dir.path());
        const TaskId retried =
            engine.addUrl(m_valid->url(QStringLiteral("/file/3m/c.bin?failfirst=2")), dir.path());
        Task checked;
        checked.url = m_valid->url(QStringLiteral("/file/3m/d.bin"));
        checked.directory = dir.path();
        checked.editExtra().checksum = QStringLiteral("sha-256=") + QString::fromLatin1(sha);
        std::vector<Task> withChecksum;
        withChecksum.push_back(checked);
        const TaskId verified = engine.addDownloads(std::move(withChecksum)).constFirst();
        for (TaskId id : {plain, resumed, retried, verified})
            WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        for (const char *name : {"a.bin", "b.bin", "c.bin", "d.bin"})
            QCOMPARE(sha256OfFile(dir.filePath(QString::fromLatin1(name))),
                     FixtureServer::contentSha256(3 << 20));
        QVERIFY(logContains(tasks.task(resumed), QStringLiteral("from byte")));
        QCOMPARE(tasks.task(retried)->attempts, 3);
    }

    void aLargeFileComesOverSeveralTlsConnections()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        const TaskId id = engine.addUrl(
            m_valid->url(QStringLiteral("/file/16m/s.bin?rate=8000000&seed=5")), dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("s.bin"))),
                 FixtureServer::contentSha256(16 << 20, 5));
        // Eight requests (the server may finish sending one before the last one arrives).
        QVERIFY(logContains(tasks.task(id), QStringLiteral("Downloading over 8 connection")));
        QVERIFY(m_valid->requestCount() >= DownloadEngine::DefaultConnections);
    }

    // Settings > Extra CA certificates changed during a download: the pieces still to come keep
    // the roots they started with (the old bundle file used to be deleted under them).
    void changingTheCaFileDoesNotBreakRunningDownloads()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        engine.setConnections(2);
        const TaskId id = engine.addUrl(
            m_valid->url(QStringLiteral(
                "/file/4m/ca.bin?rate=1000000&etag=c&dropafter=1500000&dropfirst=2")),
            dir.path()); // both connections drop later: the pieces need new connections
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 256 * 1024, 10000);
        QCOMPARE(engine.setCaCertificates(m_caFile), QString()); // saved again: a new bundle
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QCOMPARE(tasks.task(id)->attempts, 1);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("ca.bin"))),
                 FixtureServer::contentSha256(4 << 20));
    }

    void eachBadCertificateSaysWhatIsWrongAndIsNotRetried_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<bool>("trustCa");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown CA") << QStringLiteral("valid") << false
                                    << QStringLiteral("certificate not trusted (issued by "
                                                      "CN=Fetchdeck Test CA,O=Fetchdeck tests, an "
                                                      "authority this computer does not trust)");
        QTest::newRow("self-signed")
            << QStringLiteral("selfSigned") << true
            << QStringLiteral("certificate not trusted (self-signed: CN=localhost)");
        QTest::newRow("expired") << QStringLiteral("expired") << true
                                 << QStringLiteral("certificate expired on %1")
                                        .arg(m_certs.expiredOn.date().toString(Qt::ISODate));
        QTest::newRow("other host")
            << QStringLiteral("otherHost") << true
            << QStringLiteral("certificate is for files.example.org, not 127.0.0.1");
    }
    void eachBadCertificateSaysWhatIsWrongAndIsNotRetried()
    {
        QFETCH(QString, server);
        QFETCH(bool, trustCa);
        QFETCH(QString, message);
        FixtureServer *s = server == QLatin1String("valid")        ? m_valid
                           : server == QLatin1String("selfSigned") ? m_selfSigned
                           : server == QLatin1String("expired")    ? m_expired
                                                                   : m_otherHost;
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        if (trustCa)
            trustTestCa(engine);
        const TaskId id = engine.addUrl(s->url(QStringLiteral("/file/100k/x.bin")), dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        const Task *t = tasks.task(id);
        QCOMPARE(t->error.message, message);
        QCOMPARE(t->attempts, 1); // permanent: asking again will not change the certificate
        // The details say whose certificate it is and for how long it is valid.
        QVERIFY2(t->error.detail.contains(QStringLiteral("Issued by: ")) &&
                     t->error.detail.contains(QStringLiteral("Valid: ")),
                 qPrintable(t->error.detail));
        QVERIFY(filesIn(dir.path()).isEmpty());
    }

    void aServerThatDoesNotSpeakTlsIsToldApart()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        QUrl url = m_plain->url(QStringLiteral("/file/10k/p.bin"));
        url.setScheme(QStringLiteral("https"));
        const TaskId id = engine.addUrl(url, dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QCOMPARE(tasks.task(id)->error.message,
                 QStringLiteral("the server does not speak TLS on this port"));
        QCOMPARE(tasks.task(id)->attempts, 1);
    }

    // A server that speaks no TLS version we do answers the hello with a protocol_version
    // alert, as old appliances do; the user reads why, not OpenSSL's error code.
    // A remote engine behind TLS the system does not trust: Settings' Test Connection and the
    // engine's state say it is the certificate, not "unreachable", on both transports.
    void aRemoteEngineWithAnUntrustedCertificateSaysSo_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::newRow("https") << QStringLiteral("https");
        QTest::newRow("wss") << QStringLiteral("wss");
    }
    void aRemoteEngineWithAnUntrustedCertificateSaysSo()
    {
        QFETCH(QString, scheme);
        QUrl url = m_selfSigned->url(QStringLiteral("/jsonrpc"));
        url.setScheme(scheme);
        Aria2Rpc rpc(url, QStringLiteral("secret"));
        std::optional<RpcResult> result;
        rpc.call(QStringLiteral("aria2.getVersion")).then([&result](const RpcResult &r) {
            result = r;
        });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QCOMPARE(result->error.kind, RpcError::Kind::Tls);
        QVERIFY2(result->error.message.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(result->error.message));
    }

    // A server that closes or resets the connection in the middle of the handshake (busy, or a
    // middlebox dropping it) is a hiccup like a reset later on: retried, and said plainly. It
    // failed at once with "TLS: OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ...".
    void aHandshakeCutShortIsRetried_data()
    {
        QTest::addColumn<bool>("reset");
        QTest::newRow("closed") << false;
        QTest::newRow("reset") << true;
    }
    void aHandshakeCutShortIsRetried()
    {
        QFETCH(bool, reset);
        QTcpServer cutting;
        QVERIFY(cutting.listen(QHostAddress::LocalHost));
        connect(&cutting, &QTcpServer::newConnection, &cutting, [&cutting, reset] {
            while (QTcpSocket *socket = cutting.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, reset] {
                    socket->readAll(); // the ClientHello
                    if (reset) {
                        const linger abort{1, 0}; // close() sends RST
                        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &abort,
                                     sizeof abort);
                    }
                    socket->abort();
                });
            }
        });
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        fastRetries(engine, 2);
        const TaskId id = engine.addUrl(
            QUrl(QStringLiteral("https://127.0.0.1:%1/cut.bin").arg(cutting.serverPort())),
            dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QCOMPARE(tasks.task(id)->error.message,
                 QStringLiteral("the connection closed during the TLS handshake"));
        QCOMPARE(tasks.task(id)->attempts, 2);
    }

    // A proxy that refuses the tunnel: its login (407) is final and said as the proxy's, not
    // "Receiving failed: CONNECT tunnel failed, response 407" retried; its trouble reaching the
    // server (502, 503) is retried, as the server's own would be.
    void aProxyRefusingTheTunnelSaysSo_data()
    {
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("attempts");
        QTest::newRow("407") << QByteArray("407 Proxy Authentication Required")
                             << "the proxy refused: HTTP 407 (it wants a login, or not this one)"
                             << 1;
        QTest::newRow("503") << QByteArray("503 Service Unavailable")
                             << "the proxy refused: HTTP 503" << 2;
    }
    void aProxyRefusingTheTunnelSaysSo()
    {
        QFETCH(QByteArray, status);
        QFETCH(QString, message);
        QFETCH(int, attempts);
        FixtureProxy proxy;
        QVERIFY(proxy.isListening());
        proxy.refuseWith(status);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        fastRetries(engine, 2);
        engine.setProxy(proxy.url());
        const TaskId id =
            engine.addUrl(m_valid->url(QStringLiteral("/file/10k/p.bin")), dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QCOMPARE(tasks.task(id)->error.message, message);
        QCOMPARE(tasks.task(id)->attempts, attempts);
        QVERIFY(proxy.requestLines().constFirst().startsWith("CONNECT 127.0.0.1:"));
    }

    void aServerWithNoProtocolInCommonIsToldApart()
    {
        QTcpServer legacy;
        QVERIFY(legacy.listen(QHostAddress::LocalHost));
        connect(&legacy, &QTcpServer::newConnection, &legacy, [&legacy] {
            while (QTcpSocket *socket = legacy.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();                                    // the ClientHello
                    socket->write(QByteArray::fromHex("15030100020246")); // fatal, protocol_version
                    socket->disconnectFromHost();
                });
            }
        });
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        const TaskId id = engine.addUrl(
            QUrl(QStringLiteral("https://127.0.0.1:%1/old.bin").arg(legacy.serverPort())),
            dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QCOMPARE(tasks.task(id)->error.message,
                 QStringLiteral("the server offered no protocol we accept"));
        QCOMPARE(tasks.task(id)->attempts, 1);
    }

    void httpsNeverRedirectsToHttpButHttpMayGoToHttps()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        trustTestCa(engine);
        const QUrl plainTarget = m_plain->url(QStringLiteral("/file/10k/down.bin"));
        QUrl down = m_valid->url(QStringLiteral("/redirect"));
        down.setQuery(QStringLiteral("to=") +
                      QString::fromLatin1(QUrl::toPercentEncoding(plainTarget.toString())));
        const TaskId refused = engine.addUrl(down, dir.path());
        WAIT_FOR_STATE(tasks, refused, TaskState::Failed, 10000);
        QCOMPARE(tasks.task(refused)->error.message,
                 QStringLiteral("redirect from https to http refused"));

        const QUrl secureTarget = m_valid->url(QStringLiteral("/file/10k/up.bin"));
        QUrl up = m_plain->url(QStringLiteral("/redirect"));
        up.setQuery(QStringLiteral("to=") +
                    QString::fromLatin1(QUrl::toPercentEncoding(secureTarget.toString())));
        const TaskId followed = engine.addUrl(up, dir.path());
        WAIT_FOR_STATE(tasks, followed, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("up.bin"))),
                 FixtureServer::contentSha256(10 << 10));
    }

    void headlessTakesTheCaFromTheCommandLineOrTheEnvironment()
    {
        QTemporaryDir dir;
        const QString url = m_valid->url(QStringLiteral("/file/64k/h.bin")).toString();
        QProcess *given = runHeadless(
            {QStringLiteral("--ca-certificate"), m_caFile, QStringLiteral("-d"), dir.path(),
             QStringLiteral("--state-dir"), dir.filePath(QStringLiteral("state1")), url});
        QVERIFY(given->waitForFinished(30000));
        QVERIFY2(given->exitCode() == 0, given->readAllStandardError().constData());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("h.bin"))));

        // SSL_CERT_FILE names the bundle, as curl users expect.
        QTemporaryDir dir2;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CURL_CA_BUNDLE")); // it comes first, as in curl's tool
        env.insert(QStringLiteral("SSL_CERT_FILE"), m_caFile);
        QProcess *fromEnv =
            runHeadless({QStringLiteral("-d"), dir2.path(), QStringLiteral("--state-dir"),
                         dir2.filePath(QStringLiteral("state")), url},
                        env);
        QVERIFY(fromEnv->waitForFinished(30000));
        QVERIFY2(fromEnv->exitCode() == 0, fromEnv->readAllStandardError().constData());

        // Without it: exit 1, the reason, one attempt.
        QTemporaryDir dir3;
        QProcess *untrusted =
            runHeadless({QStringLiteral("-d"), dir3.path(), QStringLiteral("--state-dir"),
                         dir3.filePath(QStringLiteral("state")), url});
        QVERIFY(untrusted->waitForFinished(30000));
        QCOMPARE(untrusted->exitCode(), 1);
        const QString out = QString::fromLocal8Bit(untrusted->readAllStandardOutput() +
                                                   untrusted->readAllStandardError());
        QVERIFY2(out.contains(QStringLiteral("certificate not trusted")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("retrying")), qPrintable(out));

        // A file that holds no certificate is a usage error.
        QProcess *bad = runHeadless(
            {QStringLiteral("--ca-certificate"), dir.filePath(QStringLiteral("h.bin")), url});
        QVERIFY(bad->waitForFinished(30000));
        QCOMPARE(bad->exitCode(), 2);
        QVERIFY(bad->readAllStandardError().contains("holds no PEM certificate"));
    }
};

QTEST_GUILESS_MAIN(TestHttps)
#include "tst_https.moc"
