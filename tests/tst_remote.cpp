// Remote engines against a real aria2 daemon (aria2c --enable-rpc) on 127.0.0.1, with the
// fixture server as the origin: downloads added from here and by other clients appear as rows,
// actions reach the daemon, a lost daemon keeps its rows and comes back without duplicates, and
// every way of failing to connect says what is wrong. Both transports: HTTP and WebSocket.
#include "aria2daemon.h"
#include "fixtureserver.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/remote/aria2rpc.h"
#include "services/remote/remoteengine.h"
#include "services/remote/remoteengines.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

class TestRemote : public QObject {
    Q_OBJECT
private:
    FixtureServer m_server;

    static QUrl endpoint(const Aria2Daemon &d)
    {
        return QTest::currentDataTag() == QByteArray("ws") ? d.wsUrl() : d.httpUrl();
    }

    static RemoteEngineConfig config(const QUrl &url,
                                     const QString &secret = QLatin1String(Aria2Daemon::Secret))
    {
        return {QStringLiteral("nas"), QStringLiteral("NAS"), url, secret};
    }

    // The registry's rows of the engine, by gid.
    static QList<const Task *> rows(const TaskRegistry &tasks)
    {
        QList<const Task *> list;
        for (TaskId id : tasks.ids())
            if (tasks.task(id)->isRemote())
                list.append(tasks.task(id));
        return list;
    }

    static const Task *rowOf(const TaskRegistry &tasks, const QString &gid)
    {
        for (const Task *t : rows(tasks))
            if (t->extra().gid == gid)
                return t;
        return nullptr;
    }

    // add() as a test waits for it: the gid, or the error's message.
    static QString addAndWait(RemoteEngine &engine, const QList<QUrl> &uris,
                              QString *error = nullptr)
    {
        std::optional<RpcResult> result;
        engine.add(uris, {}).then([&result](const RpcResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
            return {};
        if (error)
            *error = result->error.message;
        return result->value.toString();
    }

    static RpcResult callAndWait(Aria2Rpc &rpc, const QString &method, const QJsonArray &params)
    {
        std::optional<RpcResult> result;
        rpc.call(method, params).then([&result](const RpcResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 15000))
            return {};
        return *result;
    }

    static void addTransports()
    {
        QTest::addColumn<int>("unused");
        QTest::newRow("http") << 0;
        QTest::newRow("ws") << 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!Aria2Daemon::available())
            QFAIL("aria2c is not installed (Debian package aria2; ./dev installs it)");
        QVERIFY(m_server.isListening());
    }

    void addAndComplete_data() { addTransports(); }
    void addAndComplete()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(endpoint(daemon)));
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Online, 10000);
        QCOMPARE(engine.version(), QStringLiteral("1.36.0"));

        const QString gid =
            addAndWait(engine, {m_server.url(QStringLiteral("/file/300k/remote.bin"))});
        QVERIFY(!gid.isEmpty());
        QVERIFY(rowOf(tasks, gid)); // the row is there at once
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(tasks, gid)->state, TaskState::Completed, 10000);
        const Task *t = rowOf(tasks, gid);
        QCOMPARE(t->fileName, QStringLiteral("remote.bin"));
        QCOMPARE(t->bytesDone, 300 * 1024);
        QCOMPARE(t->bytesTotal, 300 * 1024);
        QCOMPARE(t->directory, daemon.downloads());
        QCOMPARE(t->extra().engine, QStringLiteral("nas"));
        QCOMPARE(sha256OfFile(daemon.downloads() + QStringLiteral("/remote.bin")),
                 FixtureServer::contentSha256(300 * 1024));
        QCOMPARE(rows(tasks).size(), 1); // no second row for the same gid
        QVERIFY(logContains(t, QStringLiteral("On NAS: complete")));
    }

    void notFoundCarriesAria2sReason_data() { addTransports(); }
    void notFoundCarriesAria2sReason()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(endpoint(daemon)));
        engine.start();
        const QString gid = addAndWait(engine, {m_server.url(QStringLiteral("/nothing/here.bin"))});
        QVERIFY(!gid.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(tasks, gid)->state, TaskState::Failed, 10000);
        const Task *t = rowOf(tasks, gid);
        QCOMPARE(t->error.httpStatus, 404);
        QVERIFY2(t->error.message.contains(QLatin1String("404")), qPrintable(t->error.message));
        QVERIFY(t->extra().remoteFields.contains(
            {QStringLiteral("aria2 error code"), QStringLiteral("3")}));
    }

    void pauseResumeCancelRemove_data() { addTransports(); }
    void pauseResumeCancelRemove()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(endpoint(daemon)));
        engine.start();
        const QString gid =
            addAndWait(engine, {m_server.url(QStringLiteral("/file/4m/slow.bin?rate=100000"))});
        QVERIFY(!gid.isEmpty());
        const TaskId id = rowOf(tasks, gid)->id;
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Running, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->speed > 0, 10000); // aria2's own figure

        engine.pause({id});
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Paused, 10000);
        engine.resume({id});
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Running, 10000);
        engine.cancel({id});
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Canceled, 10000);

        // Retry adds the same URI again; the row follows the new gid.
        engine.retry({id});
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->extra().gid != gid, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Running, 10000);
        const QString newGid = tasks.task(id)->extra().gid;

        engine.remove({id});
        QVERIFY(!tasks.task(id));
        // The daemon forgets it too: another client no longer finds it.
        Aria2Rpc other(daemon.httpUrl(), QLatin1String(Aria2Daemon::Secret));
        QTRY_COMPARE_WITH_TIMEOUT(
            callAndWait(other, QStringLiteral("aria2.tellStatus"), {newGid}).error.kind,
            RpcError::Kind::Rpc, 10000);
        QCOMPARE(rows(tasks).size(), 0);
    }

    void downloadsOfOtherClientsAppear_data() { addTransports(); }
    void downloadsOfOtherClientsAppear()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(endpoint(daemon)));
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Online, 10000);

        // Plain JSON-RPC from another client (AriaNg, a script).
        QProcess curl;
        const QByteArray body =
            QStringLiteral(
                R"({"jsonrpc":"2.0","id":"x","method":"aria2.addUri","params":["token:%1",["%2"]]})")
                .arg(QLatin1String(Aria2Daemon::Secret),
                     m_server.url(QStringLiteral("/file/10k/other.bin")).toString())
                .toUtf8();
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("--data-binary"),
                                            QStringLiteral("@-"), daemon.httpUrl().toString()});
        curl.write(body);
        curl.closeWriteChannel();
        QVERIFY(curl.waitForFinished(10000));
        const QString gid = QJsonDocument::fromJson(curl.readAllStandardOutput())
                                .object()
                                .value(QLatin1String("result"))
                                .toString();
        QVERIFY(!gid.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(tasks, gid), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(tasks, gid)->state, TaskState::Completed, 10000);
        QCOMPARE(rowOf(tasks, gid)->fileName, QStringLiteral("other.bin"));

        // Removed there: gone here.
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("--data-binary"),
                                            QStringLiteral("@-"), daemon.httpUrl().toString()});
        curl.write(
            QStringLiteral(
                R"({"jsonrpc":"2.0","id":"y","method":"aria2.removeDownloadResult","params":["token:%1","%2"]})")
                .arg(QLatin1String(Aria2Daemon::Secret), gid)
                .toUtf8());
        curl.closeWriteChannel();
        QVERIFY(curl.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!rowOf(tasks, gid), 10000);
    }

    void lostDaemonKeepsRowsAndComesBack_data() { addTransports(); }
    void lostDaemonKeepsRowsAndComesBack()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(endpoint(daemon)));
        engine.setPollInterval(200);
        engine.start();
        const QString gid =
            addAndWait(engine, {m_server.url(QStringLiteral("/file/4m/kept.bin?rate=50000"))});
        QVERIFY(!gid.isEmpty());
        const TaskId id = rowOf(tasks, gid)->id;
        engine.pause({id});
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Paused, 10000);

        daemon.stop();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Offline, 10000);
        QVERIFY(!engine.lastError().message.isEmpty());
        QVERIFY(tasks.task(id)); // the row stays while the daemon is away

        QVERIFY(daemon.start()); // the same session: the same gid
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Online, 40000);
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id) ? tasks.task(id)->state : TaskState::Failed,
                                  TaskState::Paused, 10000);
        QCOMPARE(rows(tasks).size(), 1);
        QCOMPARE(rowOf(tasks, gid)->id, id);
    }

    void connectionFailuresSayWhatIsWrong_data()
    {
        QTest::addColumn<int>("unused");
        QTest::newRow("http") << 0;
        QTest::newRow("ws") << 0;
    }
    void connectionFailuresSayWhatIsWrong()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        const bool ws = QTest::currentDataTag() == QByteArray("ws");
        const auto check = [](const QUrl &url, const QString &secret) {
            TaskRegistry tasks;
            RemoteEngine engine(&tasks, config(url, secret));
            std::optional<RpcResult> result;
            engine.check().then([&result](const RpcResult &r) { result = r; });
            return QTest::qWaitFor([&] { return result.has_value(); }, 15000) ? *result
                                                                              : RpcResult{};
        };
        RpcResult r = check(endpoint(daemon), QStringLiteral("wrong"));
        QCOMPARE(r.error.kind, RpcError::Kind::Unauthorized);
        QVERIFY2(r.error.message.contains(QLatin1String("secret")), qPrintable(r.error.message));

        r = check(endpoint(daemon), QLatin1String(Aria2Daemon::Secret));
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));

        QUrl other = m_server.url(QStringLiteral("/jsonrpc")); // an HTTP server, not aria2
        if (ws)
            other.setScheme(QStringLiteral("ws"));
        r = check(other, QStringLiteral("x"));
        QCOMPARE(r.error.kind, RpcError::Kind::NotAria2);
        QVERIFY2(r.error.message.contains(QLatin1String("not as an aria2")),
                 qPrintable(r.error.message));

        daemon.stop(); // nothing listens there now
        r = check(endpoint(daemon), QLatin1String(Aria2Daemon::Secret));
        QCOMPARE(r.error.kind, RpcError::Kind::Unreachable);
        QVERIFY2(r.error.message.contains(QLatin1String("refused"), Qt::CaseInsensitive),
                 qPrintable(r.error.message));
    }

    void wrongSecretIsOffline()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(daemon.httpUrl(), QStringLiteral("nope")));
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Offline, 10000);
        QCOMPARE(engine.lastError().kind, RpcError::Kind::Unauthorized);
    }

    // The dashboard calls DownloadEngine for every row: remote rows must reach their daemon and
    // never run, or delete files, on this computer.
    void dashboardActionsOnRemoteRowsGoToTheDaemon()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        QTemporaryDir local;
        DownloadEngine engine(&tasks);
        engine.setDefaultDirectory(local.path());
        RemoteEngines remotes(&tasks);
        engine.setRemoteEngines(&remotes);
        remotes.setEngines({config(daemon.httpUrl())});
        RemoteEngine *nas = remotes.engine(QStringLiteral("nas"));
        QTRY_COMPARE_WITH_TIMEOUT(nas->status(), RemoteEngine::Status::Online, 10000);
        QCOMPARE(remotes.label(QStringLiteral("nas")), QStringLiteral("NAS"));

        const QString slow =
            addAndWait(*nas, {m_server.url(QStringLiteral("/file/4m/route.bin?rate=100000"))});
        const TaskId id = rowOf(tasks, slow)->id;
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Running, 10000);
        engine.pause(QList<TaskId>{id});
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Paused, 10000);
        engine.startNow({id}); // resumes there
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Running, 10000);
        engine.cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Canceled, 10000);
        engine.retry(id);
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->state, TaskState::Running, 10000);
        QVERIFY(engine.runningCount() == 0 && !engine.hasWork()); // nothing runs here
        QVERIFY(!engine.changeUrl(id, m_server.url(QStringLiteral("/file/1k/x"))));
        QVERIFY(filesIn(local.path()).isEmpty());

        // A completed remote file: Remove with "also delete the downloaded files" leaves it
        // (it is the daemon's, even when its path exists here), and Undo brings nothing back.
        const QString done = addAndWait(*nas, {m_server.url(QStringLiteral("/file/5k/keep.bin"))});
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(tasks, done)->state, TaskState::Completed, 10000);
        const QString path = rowOf(tasks, done)->filePath();
        QVERIFY(QFile::exists(path));
        const std::vector<Task> snapshots = engine.remove(
            {rowOf(tasks, done)->id, id}, DownloadEngine::RemoveFiles::AlsoDownloaded);
        QVERIFY(snapshots.empty());
        QVERIFY(!rowOf(tasks, done));
        QVERIFY(!tasks.task(id));
        QTest::qWait(300); // a delete on the I/O pool would have run by now
        QVERIFY(QFile::exists(path));
        QVERIFY(engine.restore({}).isEmpty());

        remotes.setEngines({}); // an engine taken out of Settings leaves with its rows
        QVERIFY(rows(tasks).isEmpty());
    }

    void twoHundredAtOnce()
    {
        Aria2Daemon daemon;
        QVERIFY(daemon.start());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, config(daemon.wsUrl()));
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Online, 10000);
        int added = 0;
        for (int i = 0; i < 200; ++i)
            engine.add({m_server.url(QStringLiteral("/file/8k/f%1.bin").arg(i))}, {})
                .then([&added](const RpcResult &r) { added += r.error.isError() ? 0 : 1; });
        QTRY_COMPARE_WITH_TIMEOUT(added, 200, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(tasks.countIn(TaskState::Completed), 200, 60000);
        QCOMPARE(rows(tasks).size(), 200);
    }
};

QTEST_GUILESS_MAIN(TestRemote)
#include "tst_remote.moc"
