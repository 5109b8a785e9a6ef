// The native messaging host as a browser runs it: it hands the checked downloads to the
// running dashboard of its state folder (starting one when none runs, one for many hosts),
// trusts only a dashboard that says it took them, and answers within its budget, before the
// browser stops waiting. The protocol's framing and checks: tst_nativemessaging.
#include "app/nativemessaging.h"
#include "app/singleinstance.h"
#include "fixtureserver.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>
#include <csignal>

using namespace NativeMessaging;

class TestNativeHost : public QObject {
    Q_OBJECT
private:
    // A dashboard's end of the hand-over, counting the downloads it took.
    struct Dashboard {
        explicit Dashboard(const QString &stateDir) : instance(stateDir)
        {
            listening = instance.listen();
            QObject::connect(&instance, &SingleInstance::downloadsReceived,
                             [this](const QList<Request> &d) { received += int(d.size()); });
        }
        SingleInstance instance;
        bool listening = false;
        int received = 0;
    };
    static QProcessEnvironment quietEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("FETCHDECK_NO_KEYRING"), QStringLiteral("1"));
        env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0"));
        return env;
    }

private Q_SLOTS:
    // The host as a browser runs it (with the extension's origin as an argument): each checked
    // URL reaches the running dashboard of that state folder, each request gets its answer, a
    // refused one says why and hands nothing over.
    // What the browser knows of the download (file name, referrer, cookies, user agent) reaches
    // the dashboard with it; a refused request gets its own answer, in order.
    void theHostHandsDownloadsToTheRunningDashboard()
    {
        QTemporaryDir state;
        SingleInstance dashboard(state.path());
        QVERIFY(dashboard.listen());
        QList<Request> received;
        connect(&dashboard, &SingleInstance::downloadsReceived, this,
                [&received](const QList<Request> &downloads) { received += downloads; });
        QProcess host;
        host.start(QStringLiteral(FETCHDECK_BINARY),
                   {QStringLiteral("--native-messaging"), QStringLiteral("--state-dir"),
                    state.path(), QStringLiteral("chrome-extension://abcdefgh/")});
        QVERIFY(host.waitForStarted());
        const QUrl url(QStringLiteral("https://files.example.org/a.iso"));
        host.write(
            frame({{QStringLiteral("type"), QStringLiteral("download")},
                   {QStringLiteral("url"), url.toString()},
                   {QStringLiteral("filename"), QStringLiteral("Report 2026.iso")},
                   {QStringLiteral("referrer"), QStringLiteral("https://files.example.org/")},
                   {QStringLiteral("cookies"), QStringLiteral("sid=42; theme=dark")},
                   {QStringLiteral("userAgent"), QStringLiteral("Mozilla/5.0 Test")}}) +
            frame({{QStringLiteral("type"), QStringLiteral("download")},
                   {QStringLiteral("url"), QStringLiteral("file:///etc/passwd")}}));
        host.closeWriteChannel();
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 10000);
        QCOMPARE(received[0].url, url);
        QCOMPARE(received[0].fileName, QStringLiteral("Report 2026.iso"));
        QCOMPARE(received[0].referrer, QUrl(QStringLiteral("https://files.example.org/")));
        QCOMPARE(received[0].cookies, QStringLiteral("sid=42; theme=dark"));
        QCOMPARE(received[0].userAgent, QStringLiteral("Mozilla/5.0 Test"));
        QTRY_VERIFY_WITH_TIMEOUT(host.state() == QProcess::NotRunning, 10000);
        QCOMPARE(host.exitCode(), 0);
        QByteArray out = host.readAllStandardOutput();
        const Decoded replies = takeMessages(out);
        QCOMPARE(replies.messages.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(replies.messages[0]).object().value(QLatin1String("ok")),
                 QJsonValue(true));
        const QJsonObject refused = QJsonDocument::fromJson(replies.messages[1]).object();
        QCOMPARE(refused.value(QLatin1String("ok")), QJsonValue(false));
        QVERIFY(!refused.value(QLatin1String("error")).toString().isEmpty());
        QCOMPARE(received.size(), 1);
    }

    // No dashboard runs: the first of two hosts the browser starts at once starts one and waits
    // for it; both downloads reach that one dashboard, cookies and all (not through a command
    // line, where they would be lost and shown in ps).
    void hostsStartOneDashboardWhenNoneRuns()
    {
        QTemporaryDir state;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("FETCHDECK_NO_KEYRING"), QStringLiteral("1"));
        env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0"));
        QList<QProcess *> hosts;
        for (int i = 0; i < 2; ++i) {
            auto *host = new QProcess(this);
            host->setProcessEnvironment(env);
            host->start(QStringLiteral(FETCHDECK_BINARY),
                        {QStringLiteral("--native-messaging"), QStringLiteral("--state-dir"),
                         state.path(), QStringLiteral("chrome-extension://abcdefgh/")});
            QVERIFY(host->waitForStarted());
            // Port 9 on loopback: refused at once, nothing leaves the machine.
            host->write(frame(
                {{QStringLiteral("type"), QStringLiteral("download")},
                 {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/file-%1.bin").arg(i)},
                 {QStringLiteral("cookies"), QStringLiteral("sid=host-%1").arg(i)}}));
            host->closeWriteChannel();
            hosts.append(host);
        }
        for (QProcess *host : hosts) {
            QTRY_VERIFY_WITH_TIMEOUT(host->state() == QProcess::NotRunning, 60000);
            QByteArray out = host->readAllStandardOutput();
            const Decoded replies = takeMessages(out);
            QCOMPARE(replies.messages.size(), 1);
            QCOMPARE(
                QJsonDocument::fromJson(replies.messages[0]).object().value(QLatin1String("ok")),
                QJsonValue(true));
        }
        // The dashboard holds the state folder's lock; ask it to quit, then read what it stored.
        QLockFile lock(state.filePath(QStringLiteral("fetchdeck.lock")));
        qint64 pid = 0;
        QString hostName, app;
        QVERIFY(lock.getLockInfo(&pid, &hostName, &app) && pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0, 30000); // gone
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
            db.setDatabaseName(state.filePath(QStringLiteral("tasks.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT url, browser_context FROM tasks ORDER BY url")));
            QStringList urls;
            while (q.next()) {
                urls << q.value(0).toString();
                QCOMPARE(q.value(1).toInt(), 1); // the cookies are kept, as secrets
            }
            QCOMPARE(urls, (QStringList{QStringLiteral("http://127.0.0.1:9/file-0.bin"),
                                        QStringLiteral("http://127.0.0.1:9/file-1.bin")}));
        }
        QSqlDatabase::removeDatabase("check");
    }

    // A dashboard from before browser capture answers a bare "ok" to lines it cannot read: the
    // host must not take that for "added" (the browser would cancel its copy for nothing).
    void aDashboardThatDoesNotKnowBrowserDownloadsIsNotTrusted()
    {
        QTemporaryDir state;
        SingleInstance client(state.path());
        const QString folder = QFileInfo(client.serverName()).path();
        QVERIFY(QDir().mkpath(folder));
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ExeOwner);
        QLocalServer::removeServer(client.serverName());
        QLocalServer old;
        QVERIFY(old.listen(client.serverName()));
        int messages = 0;
        connect(&old, &QLocalServer::newConnection, this, [&old, &messages] {
            ++messages;
            QLocalSocket *s = old.nextPendingConnection();
            connect(s, &QLocalSocket::readyRead, s, [s] {
                if (s->readAll().endsWith("\n\n")) {
                    s->write("ok\n");
                    s->flush();
                }
            });
        });
        Request r;
        r.url = QUrl(QStringLiteral("https://files.example.org/a.iso"));
        auto taken = QtConcurrent::run([&] { return client.handOverDownloads({r}, "batch-1"); });
        QTRY_VERIFY(taken.isFinished());
        QCOMPARE(taken.result(), SingleInstance::Handed::Refused); // final: never sent again
        QCOMPARE(messages, 1);
    }

    // A batch sent again (its first answer came too late) is added once, and both answers say
    // it was taken.
    void aBatchSentAgainIsTakenOnce()
    {
        QTemporaryDir state;
        Dashboard dashboard(state.path());
        QVERIFY(dashboard.listening);
        const int &received = dashboard.received;
        SingleInstance client(state.path());
        Request r;
        r.url = QUrl(QStringLiteral("https://files.example.org/a.iso"));
        r.cookies = QStringLiteral("sid=1");
        for (int i = 0; i < 2; ++i) {
            auto taken = QtConcurrent::run([&] { return client.handOverDownloads({r}, "b-7"); });
            QTRY_VERIFY(taken.isFinished());
            QCOMPARE(taken.result(), SingleInstance::Handed::Taken);
        }
        QCOMPARE(received, 1);
        auto other = QtConcurrent::run([&] { return client.handOverDownloads({r}, "b-8"); });
        QTRY_VERIFY(other.isFinished());
        QTRY_COMPARE(received, 2);
    }

    // A dashboard that reads a batch only after the host stopped waiting for it (stopped, or
    // swamped) must not add it: the host has told the browser to keep its copy, and the user
    // had both. The host says until when it waits; a batch read later is answered "late".
    void aBatchReadAfterTheHostsDeadlineIsNotAdded()
    {
        QTemporaryDir state;
        Dashboard dashboard(state.path());
        QVERIFY(dashboard.listening);
        const int &received = dashboard.received;
        Request r;
        r.url = QUrl(QStringLiteral("https://files.example.org/late.iso"));
        const qint64 past = QDateTime::currentMSecsSinceEpoch() - 1000;
        QLocalSocket socket;
        socket.connectToServer(dashboard.instance.serverName());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("batch=b-late\nuntil=" + QByteArray::number(past) + "\nget=" + toMessage(r) +
                     "\n\n");
        QTRY_VERIFY(socket.bytesAvailable() > 0 || socket.canReadLine());
        QCOMPARE(socket.readAll().trimmed(), QByteArray("late"));
        QCOMPARE(received, 0);

        // In time, it is taken as ever.
        SingleInstance client(state.path());
        auto taken = QtConcurrent::run(
            [&] { return client.handOverDownloads({r}, "b-in-time", QDeadlineTimer(10000)); });
        QTRY_VERIFY(taken.isFinished());
        QCOMPARE(taken.result(), SingleInstance::Handed::Taken);
        QTRY_COMPARE(received, 1);
    }

    // The Fetchdeck holding the state folder (a headless run) ends without ever taking
    // downloads: the host says so as soon as it ends instead of keeping the browser waiting.
    void theHostStopsWaitingForAFetchdeckThatEnded()
    {
        QTemporaryDir state;
        FixtureServer server;
        QVERIFY(server.isListening());
        QProcess holder;
        holder.setProcessEnvironment(quietEnvironment());
        holder.start(QStringLiteral(FETCHDECK_BINARY),
                     {QStringLiteral("--headless"), QStringLiteral("--state-dir"), state.path(),
                      QStringLiteral("-d"), state.filePath(QStringLiteral("dl")),
                      server.url(QStringLiteral("/file/1000/x.bin?delay=2500")).toString()});
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(server.activeRequests() == 1, 10000); // it holds the folder
        QProcess host;
        host.setProcessEnvironment(quietEnvironment());
        host.start(QStringLiteral(FETCHDECK_BINARY),
                   {QStringLiteral("--native-messaging"), QStringLiteral("--state-dir"),
                    state.path(), QStringLiteral("chrome-extension://abcdefgh/")});
        QVERIFY(host.waitForStarted());
        host.write(frame({{QStringLiteral("type"), QStringLiteral("download")},
                          {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/a.bin")}}));
        host.closeWriteChannel();
        QTRY_VERIFY_WITH_TIMEOUT(host.state() == QProcess::NotRunning, 30000);
        QCOMPARE(holder.state(), QProcess::NotRunning);
        QByteArray out = host.readAllStandardOutput();
        const Decoded replies = takeMessages(out);
        QCOMPARE(replies.messages.size(), 1);
        const QJsonObject answer = QJsonDocument::fromJson(replies.messages[0]).object();
        QCOMPARE(answer.value(QLatin1String("ok")), QJsonValue(false));
        QVERIFY2(answer.value(QLatin1String("error")).toString().contains(QLatin1String("ended")),
                 qPrintable(answer.value(QLatin1String("error")).toString()));
    }

    // Chromium goes on with a download whose name no listener gave within about 15 s: a host
    // answering later gave the user the file twice (the browser's copy and Fetchdeck's). Here a
    // Fetchdeck that holds the state folder and never takes downloads (this test's own lock):
    // the host answers within its budget, before the extension stops waiting.
    void theHostAnswersWithinItsBudget()
    {
        QTemporaryDir state;
        QLockFile held(state.filePath(QStringLiteral("fetchdeck.lock")));
        QVERIFY(held.tryLock(0));
        QProcess host;
        host.setProcessEnvironment(quietEnvironment());
        QElapsedTimer clock;
        clock.start();
        host.start(QStringLiteral(FETCHDECK_BINARY),
                   {QStringLiteral("--native-messaging"), QStringLiteral("--state-dir"),
                    state.path(), QStringLiteral("chrome-extension://abcdefgh/")});
        QVERIFY(host.waitForStarted());
        host.write(frame({{QStringLiteral("type"), QStringLiteral("download")},
                          {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/a.bin")}}));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += host.readAllStandardOutput()).size() > 4, 30000);
        const qint64 took = clock.elapsed();
        host.closeWriteChannel();
        QVERIFY(host.waitForFinished(10000));
        QVERIFY2(took < HostBudgetMs + 1000, qPrintable(QString::number(took)));
        const Decoded replies = takeMessages(out);
        QCOMPARE(replies.messages.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(replies.messages[0]).object().value(QLatin1String("ok")),
                 QJsonValue(false));
    }
};

QTEST_GUILESS_MAIN(TestNativeHost)
#include "tst_nativehost.moc"
