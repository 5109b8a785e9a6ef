// How a remote engine talks to a daemon that misbehaves or is merely big, against the scripted
// stand-in (fakearia2.h): what its RPC requests carry, polls that fail, WebSockets that close,
// lists too long for one request.
#include "fakearia2.h"
#include "services/engine/taskregistry.h"
#include "services/remote/remoteengine.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

class TestRemotePolls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The user's ~/.netrc login for the daemon's host (its web UI's, an FTP server's) went to
    // the RPC port as Authorization: Basic, in clear over http.
    void rpcNeverSendsTheNetrcLogin()
    {
        QTemporaryDir home;
        writeFile(home.filePath(QStringLiteral(".netrc")),
                  "machine 127.0.0.1 login alice password nas-web-ui-password\n");
        QFile::setPermissions(home.filePath(QStringLiteral(".netrc")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", QFile::encodeName(home.path()));
        FakeAria2 fake;
        FakeDownloads daemon;
        daemon.serve(&fake);
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        engine.start();
        QTRY_COMPARE(engine.status(), RemoteEngine::Status::Online);
        bool added = false;
        engine.add({QUrl(QStringLiteral("http://127.0.0.1/a.bin"))}, {})
            .then([&](const RpcResult &) { added = true; });
        QTRY_VERIFY(added);
        qputenv("HOME", oldHome);
        QVERIFY(!fake.heads.isEmpty());
        for (const QByteArray &head : std::as_const(fake.heads))
            QVERIFY2(!head.toLower().contains("authorization:"), head.constData());
    }

    // A daemon that answers getVersion but refuses every poll (a proxy in front of it that
    // allows some methods only, a stand-in without system.multicall) stayed Online with no
    // rows, forever.
    void aRefusedPollIsNotOnline()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        daemon.serveRefusingPolls(&fake);
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        engine.setPollInterval(100);
        QSignalSpy synced(&engine, &RemoteEngine::synced);
        engine.start();
        QTRY_VERIFY(!synced.isEmpty());
        QCOMPARE(engine.status(), RemoteEngine::Status::Offline);
        QVERIFY2(engine.lastError().message.contains(QLatin1String("No such method")),
                 qPrintable(engine.lastError().message));
    }

    // A WebSocket endpoint that closes after each answer (a proxy with a short idle timeout)
    // was reconnected to and polled at once, each time: thousands of connections in 10 s.
    void aWebSocketClosedAfterEachAnswerIsPolledAtTheInterval()
    {
        QWebSocketServer server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        FakeDownloads daemon;
        int connections = 0;
        connect(&server, &QWebSocketServer::newConnection, this, [&] {
            QWebSocket *ws = server.nextPendingConnection();
            ws->setParent(this);
            ++connections;
            connect(ws, &QWebSocket::textMessageReceived, this, [&daemon, ws](const QString &m) {
                const QJsonObject r = QJsonDocument::fromJson(m.toUtf8()).object();
                QJsonObject a =
                    daemon.answer(FakeAria2::method(r), r.value(QLatin1String("params")).toArray());
                a.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
                a.insert(QStringLiteral("id"), r.value(QLatin1String("id")));
                ws->sendTextMessage(
                    QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
                ws->close();
            });
        });
        TaskRegistry tasks;
        RemoteEngine engine(
            &tasks, {QStringLiteral("nas"),
                     QStringLiteral("NAS"),
                     QUrl(QStringLiteral("ws://127.0.0.1:%1/jsonrpc").arg(server.serverPort())),
                     {}});
        constexpr int interval = 300;
        engine.setPollInterval(interval);
        QElapsedTimer clock;
        clock.start();
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(connections >= 4, 10000);
        // Four polls are three intervals apart at least (some slack for timers).
        QVERIFY2(clock.elapsed() >= 3 * interval * 9 / 10,
                 qPrintable(QStringLiteral("4 connections in %1 ms").arg(clock.elapsed())));
    }

    // 20,000 stopped downloads new to the engine were asked for in one system.multicall of
    // 20,000 tellStatus calls: over aria2's --rpc-max-request-size (2 MB), which drops the
    // connection, and the engine looked offline for ever.
    void manyNewDownloadsAreReadInChunks()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        for (int i = 1; i <= 1200; ++i)
            daemon.status.insert(QStringLiteral("%1").arg(i, 16, 16, QLatin1Char('0')),
                                 QStringLiteral("complete"));
        daemon.serve(&fake);
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        QSignalSpy synced(&engine, &RemoteEngine::synced);
        engine.start();
        QTRY_VERIFY(!synced.isEmpty());
        QCOMPARE(engine.status(), RemoteEngine::Status::Online);
        QCOMPARE(tasks.size(), 1200);
        QVERIFY2(
            daemon.largestMulticall <= 500,
            qPrintable(QStringLiteral("%1 calls in one request").arg(daemon.largestMulticall)));
    }

    // Rows aria2 lists nowhere (past a list cut at MaxListed: 30,000 queued) were each asked
    // about with tellStatus at every poll: 20,000 calls a second. A few hundred are asked per
    // poll, in turn, and the rest stay as they were.
    void rowsListedNowhereAreAskedAboutAFewAtATime()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        const int rows = 3 * RemoteEngine::MaxCallsPerRequest;
        for (int i = 1; i <= rows; ++i)
            daemon.status.insert(QStringLiteral("%1").arg(i, 16, 16, QLatin1Char('0')),
                                 QStringLiteral("waiting"));
        daemon.serve(&fake);
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        engine.setPollInterval(50);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(tasks.size(), rows, 15000);
        for (auto it = daemon.status.cbegin(); it != daemon.status.cend(); ++it)
            daemon.unlisted.insert(it.key());
        const int calls = daemon.statusCalls;
        const int polls = daemon.polls;
        QTRY_VERIFY_WITH_TIMEOUT(daemon.polls >= polls + 6, 15000);
        const int asked = daemon.statusCalls - calls;
        const int pollsSince = daemon.polls - polls;
        QVERIFY2(asked <= (pollsSince + 1) * RemoteEngine::MaxCallsPerRequest,
                 qPrintable(
                     QStringLiteral("%1 tellStatus calls in %2 polls").arg(asked).arg(pollsSince)));
        QVERIFY(asked >= rows);       // each in turn
        QCOMPARE(tasks.size(), rows); // aria2 knows them: they stay
        // Ended between two polls (an engine ended during one leaks that poll's coroutine).
        QSignalSpy synced(&engine, &RemoteEngine::synced);
        QVERIFY(synced.wait(15000));
    }

    // aria2's tellActive has no limit: 200,000 active downloads became 200,000 rows (620 MB).
    void aHugeActiveListIsCutAndSaidSo()
    {
        FakeAria2 fake;
        FakeDownloads daemon;
        for (int i = 1; i <= RemoteEngine::MaxListed + 500; ++i)
            daemon.status.insert(QStringLiteral("%1").arg(i, 16, 16, QLatin1Char('0')),
                                 QStringLiteral("active"));
        daemon.serve(&fake);
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        QSignalSpy synced(&engine, &RemoteEngine::synced);
        QSignalSpy said(&engine, &RemoteEngine::actionFailed);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), 30000);
        QCOMPARE(engine.status(), RemoteEngine::Status::Online);
        QCOMPARE(tasks.size(), RemoteEngine::MaxListed);
        QCOMPARE(said.size(), 1);
        QVERIFY2(said.first().first().toString().contains(QLatin1String("only the first")),
                 qPrintable(said.first().first().toString()));
    }
};

QTEST_GUILESS_MAIN(TestRemotePolls)
#include "tst_remotepolls.moc"
