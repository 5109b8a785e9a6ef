// Races between the dashboard and a remote daemon that a real aria2c cannot be made to show on
// demand, against a scripted stand-in whose answers the test holds: a retry whose row is removed
// meanwhile, rows added while a poll is in flight, Settings saved before the engines were read,
// a WebSocket that goes silent.
#include "app/remoteheadless.h"
#include "fakearia2.h"
#include "services/engine/taskregistry.h"
#include "services/remote/aria2rpc.h"
#include "services/remote/remoteengine.h"
#include "services/remote/remoteengines.h"
#include "services/remote/remoteenginesetup.h"
#include "services/settings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

class TestRemoteRaces : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // retryOne: the row is removed while aria2.addUri is in flight, the daemon refuses the add:
    // actionFailed formats t->url with a Task* taken before the co_await (freed node).
    void retryThenRemoveUseAfterFree()
    {
        FakeAria2 fake;
        FakeAria2::Reply heldAdd;
        int adds = 0;
        fake.handle = [&](const QJsonObject &r, FakeAria2::Reply reply) {
            const QString m = FakeAria2::method(r);
            if (m == QLatin1String("aria2.addUri") && adds++ == 0)
                reply(FakeAria2::result(QStringLiteral("0000000000000001")));
            else if (m == QLatin1String("aria2.addUri"))
                heldAdd = reply; // the retry's add: held
            else if (m == QLatin1String("aria2.getOption"))
                reply(FakeAria2::result(QJsonObject{}));
            else if (m == QLatin1String("system.multicall"))
                reply(FakeAria2::result(QJsonArray{QJsonArray{QStringLiteral("OK")}}));
            else
                reply(FakeAria2::result(QStringLiteral("OK")));
        };
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        bool added = false;
        engine.add({QUrl(QStringLiteral("http://example.invalid/a.bin"))}, {})
            .then([&](const RpcResult &) { added = true; });
        QTRY_VERIFY(added);
        const TaskId id = engine.rowOf(QStringLiteral("0000000000000001"));
        QVERIFY(id);
        tasks.setState(id, TaskState::Failed);
        QSignalSpy failed(&engine, &RemoteEngine::actionFailed);
        engine.retry({id});
        QTRY_VERIFY(bool(heldAdd));
        engine.remove({id}); // the user removes the row meanwhile
        QVERIFY(!tasks.task(id));
        heldAdd(FakeAria2::error(1, QStringLiteral("No URI to download.")));
        QTRY_COMPARE(failed.size(), 1); // ASan: heap-use-after-free in RemoteEngine::retryOne
    }

    // A download added while a poll is in flight (its second round trip, tellStatus of a newly
    // stopped gid) vanishes when that poll ends, and comes back under another TaskId.
    void addDuringPollVanishes()
    {
        FakeAria2 fake;
        FakeAria2::Reply heldDetails;
        bool newOnDaemon = false;
        fake.handle = [&](const QJsonObject &r, FakeAria2::Reply reply) {
            const QString m = FakeAria2::method(r);
            if (m == QLatin1String("aria2.addUri")) {
                newOnDaemon = true;
                reply(FakeAria2::result(QStringLiteral("00000000000000aa")));
                return;
            }
            const QStringList calls = FakeAria2::inner(r);
            if (calls.value(0) == QLatin1String("aria2.getVersion")) {
                QJsonArray waiting;
                if (newOnDaemon)
                    waiting.append(
                        full(QStringLiteral("00000000000000aa"), QStringLiteral("waiting")));
                reply(FakeAria2::result(QJsonArray{
                    QJsonArray{QJsonObject{{QStringLiteral("version"), QStringLiteral("1.36.0")}}},
                    QJsonArray{QJsonArray{}}, QJsonArray{waiting},
                    QJsonArray{QJsonArray{stoppedBrief(QStringLiteral("00000000000000s1"))}}}));
            } else if (calls.value(0) == QLatin1String("aria2.tellStatus")) {
                heldDetails = [reply](const QJsonObject &o) { reply(o); };
            }
        };
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        engine.setPollInterval(200);
        engine.start();
        QTRY_VERIFY(bool(heldDetails)); // first poll: waiting on its tellStatus round trip
        bool added = false;
        engine.add({QUrl(QStringLiteral("http://example.invalid/new.bin"))}, {})
            .then([&](const RpcResult &) { added = true; });
        QTRY_VERIFY(added);
        const TaskId id = engine.rowOf(QStringLiteral("00000000000000aa"));
        QVERIFY(id);
        QSignalSpy synced(&engine, &RemoteEngine::synced);
        heldDetails(FakeAria2::result(QJsonArray{
            QJsonArray{full(QStringLiteral("00000000000000s1"), QStringLiteral("complete"))}}));
        QTRY_VERIFY(!synced.isEmpty()); // that poll has ended
        QVERIFY2(tasks.task(id), "the row just added was removed by the poll in flight");
    }

    // A poll that lists a new download before aria2.addUri's answer arrives: the row it made
    // keeps what the daemon said (running, its progress), not the guess made for the answer.
    void addAnsweredAfterAPollKeepsTheRealRow()
    {
        FakeAria2 fake;
        FakeAria2::Reply heldAdd;
        bool onDaemon = false;
        fake.handle = [&](const QJsonObject &r, FakeAria2::Reply reply) {
            if (FakeAria2::method(r) == QLatin1String("aria2.addUri")) {
                onDaemon = true;
                heldAdd = reply;
                return;
            }
            QJsonObject active = full(QStringLiteral("00000000000000bb"), QStringLiteral("active"));
            active.insert(QStringLiteral("completedLength"), QStringLiteral("5"));
            reply(FakeAria2::result(QJsonArray{
                QJsonArray{QJsonObject{{QStringLiteral("version"), QStringLiteral("1.36.0")}}},
                QJsonArray{onDaemon ? QJsonArray{active} : QJsonArray{}}, QJsonArray{QJsonArray{}},
                QJsonArray{QJsonArray{}}}));
        };
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"), QStringLiteral("NAS"), fake.url(), {}});
        engine.setPollInterval(100);
        engine.start();
        bool added = false;
        engine.add({QUrl(QStringLiteral("http://example.invalid/b.bin"))}, {})
            .then([&](const RpcResult &) { added = true; });
        QTRY_VERIFY(bool(heldAdd));
        QTRY_VERIFY(engine.rowOf(QStringLiteral("00000000000000bb"))); // the poll's row
        const TaskId id = engine.rowOf(QStringLiteral("00000000000000bb"));
        QCOMPARE(tasks.task(id)->state, TaskState::Running);
        heldAdd(FakeAria2::result(QStringLiteral("00000000000000bb")));
        QTRY_VERIFY(added);
        QCOMPARE(tasks.task(id)->state, TaskState::Running);
        QCOMPARE(tasks.task(id)->bytesDone, 5);
        QCOMPARE(tasks.task(id)->directory, QStringLiteral("/srv"));
    }

    // Headless: the same race leaves the run waiting forever for a row id that no longer exists.
    void headlessHangsAfterRace()
    {
        FakeAria2 fake;
        FakeAria2::Reply heldDetails, heldAdd;
        bool newOnDaemon = false;
        fake.handle = [&](const QJsonObject &r, FakeAria2::Reply reply) {
            const QString m = FakeAria2::method(r);
            if (m == QLatin1String("aria2.getVersion")) {
                reply(FakeAria2::result(
                    QJsonObject{{QStringLiteral("version"), QStringLiteral("1.36.0")}}));
                return;
            }
            const QStringList calls = FakeAria2::inner(r);
            if (calls.value(0) == QLatin1String("aria2.addUri")) { // headless adds in batches
                heldAdd = [&newOnDaemon, reply](const QJsonObject &o) {
                    newOnDaemon = true;
                    reply(FakeAria2::result(
                        QJsonArray{QJsonArray{o.value(QLatin1String("result"))}}));
                };
                return;
            }
            if (calls.value(0) == QLatin1String("aria2.getVersion")) {
                QJsonArray stopped{stoppedBrief(QStringLiteral("00000000000000s1"))};
                if (newOnDaemon)
                    stopped.append(stoppedBrief(QStringLiteral("00000000000000aa")));
                reply(FakeAria2::result(QJsonArray{
                    QJsonArray{QJsonObject{{QStringLiteral("version"), QStringLiteral("1.36.0")}}},
                    QJsonArray{QJsonArray{}}, QJsonArray{QJsonArray{}}, QJsonArray{stopped}}));
            } else if (calls.value(0) == QLatin1String("aria2.tellStatus")) {
                QJsonArray answers;
                for (const QJsonValue &c :
                     r.value(QLatin1String("params")).toArray().first().toArray())
                    answers.append(QJsonArray{full(
                        c.toObject().value(QLatin1String("params")).toArray().first().toString(),
                        QStringLiteral("complete"))});
                if (!heldDetails && !newOnDaemon)
                    heldDetails = [reply, answers](const QJsonObject &) {
                        reply(FakeAria2::result(answers));
                    };
                else
                    reply(FakeAria2::result(answers));
            }
        };
        RemoteHeadlessRunner runner(fake.url(), {}, 60);
        QSignalSpy finished(&runner, &RemoteHeadlessRunner::finished);
        Task t;
        t.url = QUrl(QStringLiteral("http://example.invalid/new.bin"));
        runner.start({t}, {}, {});
        QTRY_VERIFY(heldAdd && heldDetails);
        heldAdd(FakeAria2::result(QStringLiteral("00000000000000aa")));
        heldDetails({});
        // The download is complete on the daemon from the next poll on.
        QVERIFY2(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 5000),
                 "headless never finishes: its row was replaced under another id");
    }

    // Settings saved while load() still waits for the keyring: load() then applies the old list.
    void saveDuringLoad()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("s.ini")));
        const QUrl a(QStringLiteral("http://127.0.0.1:1/jsonrpc")),
            b(QStringLiteral("http://127.0.0.1:2/jsonrpc"));
        settings.setRemoteEngines({{QStringLiteral("a"), QStringLiteral("A"), a, {}}});
        SecretStore secrets(dir.path(), true); // a keyring: answers asynchronously
        TaskRegistry tasks;
        RemoteEngines engines(&tasks);
        RemoteEngineSetup setup(&engines, &settings, &secrets);
        bool loaded = false;
        connect(&setup, &RemoteEngineSetup::loaded, this, [&] { loaded = true; });
        setup.load();
        // The Settings page opened now shows no engine; the user adds B.
        QList<RemoteEngineConfig> now = engines.configs();
        now.append({QStringLiteral("b"), QStringLiteral("B"), b, QStringLiteral("tok")});
        setup.save(now);
        QTRY_VERIFY_WITH_TIMEOUT(loaded, 30000);
        QStringList live, stored;
        for (const auto &c : engines.configs())
            live << c.id;
        for (const auto &c : settings.remoteEngines())
            stored << c.id;
        QCOMPARE(live, stored);
    }

    // A WebSocket that stops answering (host gone without a FIN: suspend, Wi-Fi change) is kept:
    // every call times out and the engine never opens a new connection to the daemon that is back.
    void webSocketHalfOpenNeverReconnects()
    {
        auto first = std::make_unique<QWebSocketServer>(QStringLiteral("fake"),
                                                        QWebSocketServer::NonSecureMode);
        QVERIFY(first->listen(QHostAddress::LocalHost, 0));
        const quint16 port = first->serverPort();
        bool mute = false;
        int connections = 0;
        auto serve = [&](QWebSocketServer *server) {
            connect(server, &QWebSocketServer::newConnection, this, [&, server] {
                QWebSocket *ws = server->nextPendingConnection();
                ws->setParent(this); // the test's: freed with it
                ++connections;
                connect(ws, &QWebSocket::textMessageReceived, this, [&, ws](const QString &m) {
                    if (mute && connections == 1)
                        return; // the old connection: silent
                    const QJsonObject r = QJsonDocument::fromJson(m.toUtf8()).object();
                    QJsonObject a{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                  {QStringLiteral("id"), r.value(QLatin1String("id"))},
                                  {QStringLiteral("result"),
                                   QJsonArray{QJsonArray{QJsonObject{{QStringLiteral("version"),
                                                                      QStringLiteral("1.36.0")}}},
                                              QJsonArray{QJsonArray{}}, QJsonArray{QJsonArray{}},
                                              QJsonArray{QJsonArray{}}}}};
                    ws->sendTextMessage(
                        QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
                });
            });
        };
        serve(first.get());
        TaskRegistry tasks;
        RemoteEngine engine(&tasks, {QStringLiteral("nas"),
                                     QStringLiteral("NAS"),
                                     QUrl(QStringLiteral("ws://127.0.0.1:%1/jsonrpc").arg(port)),
                                     {}});
        engine.setTimeout(1000);
        engine.setPollInterval(200);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Online, 5000);
        mute = true;
        first->close(); // the listening socket goes; the established connection stays
        QWebSocketServer second(QStringLiteral("fake"), QWebSocketServer::NonSecureMode);
        QVERIFY(second.listen(QHostAddress::LocalHost, port));
        serve(&second);
        // A call that times out drops the connection: the next poll opens a new one.
        QTRY_VERIFY2_WITH_TIMEOUT(connections > 1, "never reconnected to the daemon that is back",
                                  15000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.status(), RemoteEngine::Status::Online, 15000);
    }
};

QTEST_GUILESS_MAIN(TestRemoteRaces)
#include "tst_remoteraces.moc"
