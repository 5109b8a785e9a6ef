// `fetchdeck --headless --aria2-rpc URL`, run as a script would, against a real aria2 daemon:
// the same output lines as local downloads, exit 0 / 1, and exit 2 with a clear message when
// the daemon cannot be used. The secret never comes from the command line.
#include "aria2daemon.h"
#include "fixtureserver.h"
#include "testcertificates.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestRemoteHeadless : public QObject {
    Q_OBJECT
private:
    FixtureServer m_server;
    Aria2Daemon m_daemon;
    QTemporaryDir m_home;

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run fetchdeck(const QStringList &args, const QString &secretEnv = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.remove(QStringLiteral("FETCHDECK_ARIA2_SECRET"));
        if (!secretEnv.isNull())
            env.insert(QStringLiteral("FETCHDECK_ARIA2_SECRET"), secretEnv);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(FETCHDECK_BINARY), args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
        r.err = QString::fromLocal8Bit(p.readAllStandardError());
        return r;
    }

    QString secretFile(const QString &secret)
    {
        const QString path = m_home.filePath(QStringLiteral("secret"));
        writeFile(path, secret.toUtf8() + '\n'); // as `echo secret > file` writes it
        return path;
    }

    QStringList remote(const QUrl &rpc) const
    {
        return {QStringLiteral("--headless"), QStringLiteral("--aria2-rpc"), rpc.toString()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!Aria2Daemon::available())
            QFAIL("aria2c is not installed (Debian package aria2; ./dev installs it)");
        QVERIFY(m_server.isListening());
        QVERIFY(m_daemon.start());
    }

    void downloadsOnTheDaemonAndPrintsTheSameLines()
    {
        const QString dir = m_daemon.downloads() + QStringLiteral("/sub");
        const QUrl good = m_server.url(QStringLiteral("/file/200k/there.bin"));
        const QUrl missing = m_server.url(QStringLiteral("/missing.bin"));
        const Run r =
            fetchdeck(remote(m_daemon.httpUrl()) +
                      QStringList{QStringLiteral("--aria2-secret-file"),
                                  secretFile(QLatin1String(Aria2Daemon::Secret)),
                                  QStringLiteral("-d"), dir, good.toString(), missing.toString()});
        QCOMPARE(r.exitCode, 1); // one failed
        QVERIFY2(
            r.out.contains(
                QStringLiteral("done      %1/there.bin  200.0 KiB  %2").arg(dir, good.toString())),
            qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("failed    %1: Resource not found (HTTP 404)")
                                    .arg(missing.toString())),
                 qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("1 completed, 1 failed, 0 canceled")));
        QCOMPARE(sha256OfFile(dir + QStringLiteral("/there.bin")),
                 FixtureServer::contentSha256(200 * 1024));
    }

    void allCompletedExitsZeroOverWebSocket()
    {
        const Run r =
            fetchdeck(remote(m_daemon.wsUrl()) +
                          QStringList{m_server.url(QStringLiteral("/file/10k/a.bin")).toString(),
                                      m_server.url(QStringLiteral("/file/20k/b.bin")).toString()},
                      QLatin1String(Aria2Daemon::Secret)); // from the environment
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.count(QLatin1String("done      ")), 2);
    }

    void checksumIsVerifiedThere()
    {
        const Run r =
            fetchdeck(remote(m_daemon.httpUrl()) +
                          QStringList{QStringLiteral("--checksum"), QString(64, QLatin1Char('0')),
                                      m_server.url(QStringLiteral("/file/10k/sum.bin")).toString()},
                      QLatin1String(Aria2Daemon::Secret));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("checksum mismatch")), qPrintable(r.err));
    }

    void unusableDaemonsExitTwo_data()
    {
        QTest::addColumn<QString>("rpc");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("message");
        const QString secret = QLatin1String(Aria2Daemon::Secret);
        QTest::newRow("wrong secret") << m_daemon.httpUrl().toString() << QStringLiteral("nope")
                                      << QStringLiteral("the secret token is wrong");
        QTest::newRow("wrong secret, ws") << m_daemon.wsUrl().toString() << QStringLiteral("nope")
                                          << QStringLiteral("the secret token is wrong");
        QTest::newRow("not aria2") << m_server.url(QStringLiteral("/jsonrpc")).toString() << secret
                                   << QStringLiteral("not as an aria2 RPC endpoint");
        QTcpServer closed; // a port nobody listens on
        closed.listen(QHostAddress::LocalHost, 0);
        const quint16 port = closed.serverPort();
        closed.close();
        QTest::newRow("unreachable") << QStringLiteral("http://127.0.0.1:%1/jsonrpc").arg(port)
                                     << secret << QStringLiteral("Connection refused");
    }
    void unusableDaemonsExitTwo()
    {
        QFETCH(QString, rpc);
        QFETCH(QString, secret);
        QFETCH(QString, message);
        const Run r =
            fetchdeck(remote(QUrl(rpc)) +
                          QStringList{m_server.url(QStringLiteral("/file/10k/x.bin")).toString()},
                      secret);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("fetchdeck: cannot use aria2 at %1: ").arg(rpc)),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void secretsAndModesOnTheCommandLineAreRefused()
    {
        Run r = fetchdeck(remote(m_daemon.httpUrl()) + QStringList{QStringLiteral("--aria2-secret"),
                                                                   QStringLiteral("x"),
                                                                   QStringLiteral("http://h/f")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--aria2-secret-file")), qPrintable(r.err));

        r = fetchdeck({QStringLiteral("--aria2-rpc"), m_daemon.httpUrl().toString(),
                       QStringLiteral("http://h/f")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--headless")), qPrintable(r.err));

        r = fetchdeck(remote(QUrl(QStringLiteral("ftp://h:6800/jsonrpc"))) +
                      QStringList{QStringLiteral("http://h/f")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("ws://")), qPrintable(r.err));

        // A password in the address would be shown and kept like the address: refused, unsaid.
        r = fetchdeck(remote(QUrl(QStringLiteral("http://alice:hunter2@127.0.0.1:1/jsonrpc"))) +
                      QStringList{QStringLiteral("http://h/f")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("no user name or password")), qPrintable(r.err));
        QVERIFY(!r.err.contains(QLatin1String("hunter2")));

        r = fetchdeck(remote(m_daemon.httpUrl()) +
                      QStringList{QStringLiteral("--aria2-secret-file"),
                                  m_home.filePath(QStringLiteral("none")),
                                  QStringLiteral("http://h/f")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("cannot read the secret file")), qPrintable(r.err));
    }

    // --ca-certificate was for downloads only: an https daemon with a private CA's certificate
    // could not be used ("certificate not trusted").
    void caCertificateAppliesToTheDaemon()
    {
        TestCertificates certs;
        const QString caFile = m_home.filePath(QStringLiteral("ca.pem"));
        writeFile(caFile, certs.caPem);
        FixtureServer tls(certs.valid.chainPem, certs.valid.keyPem);
        QVERIFY(tls.isListening());
        const QUrl rpc = tls.url(QStringLiteral("/jsonrpc")); // TLS, but no aria2
        const Run r = fetchdeck(remote(rpc) + QStringList{QStringLiteral("--ca-certificate"),
                                                          caFile, QStringLiteral("http://h/f")},
                                QLatin1String(Aria2Daemon::Secret));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("not as an aria2 RPC endpoint")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestRemoteHeadless)
#include "tst_remoteheadless.moc"
