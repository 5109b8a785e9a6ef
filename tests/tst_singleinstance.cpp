// One dashboard per state folder: the fetchdeck binary is started as a dashboard (offscreen),
// a second `fetchdeck URL` hands its URL over and exits, the dashboard downloads it, and SIGTERM
// ends the dashboard cleanly. --headless never hands over (on the dashboard's state folder it is
// refused: one engine per folder).
#include "app/singleinstance.h"
#include "fixtureserver.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <unistd.h>

class TestSingleInstance : public QObject {
    Q_OBJECT
private:
    FixtureServer *m_server = nullptr;
    QTemporaryDir m_home; // HOME and XDG folders of the runs: the user's settings stay untouched

    // Standard error goes to the test's log unless `captureErrors`.
    QProcess *start(const QStringList &args, bool captureErrors = false)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p->setProcessEnvironment(env);
        if (!captureErrors)
            p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QStringLiteral(FETCHDECK_BINARY), args);
        return p;
    }

    // True once a dashboard answers the hand-over protocol on `name`: an empty list (which only
    // raises its window) and "ok" back. A bare connect would succeed before its event loop runs.
    static bool dashboardAnswers(const QString &name)
    {
        QLocalSocket socket;
        socket.connectToServer(name);
        if (!socket.waitForConnected(500))
            return false;
        socket.write("\n");
        while (socket.bytesAvailable() < 3 && socket.waitForReadyRead(2000)) {
        }
        return socket.readAll().startsWith("ok");
    }

    // Starts `fetchdeck --state-dir STATE -d DIR` and waits until it takes hand-overs.
    QProcess *startDashboard(const QString &stateDir, const QString &downloadDir)
    {
        QProcess *p =
            start({QStringLiteral("--state-dir"), stateDir, QStringLiteral("-d"), downloadDir});
        const QString name = SingleInstance(stateDir).serverName();
        // The caller checks the outcome: a dashboard that exited or did not answer in time.
        (void)QTest::qWaitFor(
            [&] { return p->state() == QProcess::NotRunning || dashboardAnswers(name); }, 30000);
        return p;
    }

    // SIGTERM, as a session's logout would send it: the dashboard must exit 0.
    static void terminateCleanly(QProcess *p)
    {
        QCOMPARE(p->state(), QProcess::Running);
        ::kill(static_cast<pid_t>(p->processId()), SIGTERM);
        QVERIFY2(p->waitForFinished(30000), "the dashboard did not exit after SIGTERM");
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 0);
    }

    static void stop(QProcess *p)
    {
        if (p->state() != QProcess::NotRunning) {
            p->kill();
            p->waitForFinished(5000);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_server = new FixtureServer(0, this);
        QVERIFY(m_server->isListening());
    }

    // Without a runtime folder of our own (unset, or shared like /tmp), the socket goes into a
    // 0700 folder inside the state folder: never a predictable name in a shared folder, where
    // another user could listen first and receive the URLs (and their tokens).
    void theSocketNeverLivesInASharedFolder()
    {
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
        auto restore = qScopeGuard([&] { qputenv("XDG_RUNTIME_DIR", saved); });
        for (const QByteArray &runtime : {QByteArray("/tmp"), QByteArray()}) {
            if (runtime.isEmpty())
                qunsetenv("XDG_RUNTIME_DIR");
            else
                qputenv("XDG_RUNTIME_DIR", runtime);
            SingleInstance instance(state);
            QVERIFY2(instance.serverName().startsWith(state + QStringLiteral("/run/")),
                     qPrintable(instance.serverName()));
            QVERIFY(instance.listen());
            QCOMPARE(int(QFileInfo(state + QStringLiteral("/run")).permissions() & 0x0077), 0);
        }
    }

    // A socket someone else owns is never talked to, even when something listens on it.
    void aSocketOwnedBySomeoneElseIsNotTrusted()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to give a socket to another user");
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        SingleInstance ours(state);
        QLocalServer squatter;
        const QString folder = QFileInfo(ours.serverName()).absolutePath();
        QVERIFY(QDir().mkpath(folder));
        // A private folder: only the socket's owner can be the reason to refuse.
        QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner));
        QVERIFY(squatter.listen(ours.serverName()));
        QVERIFY(::chown(QFile::encodeName(ours.serverName()).constData(), 65534, 65534) == 0);
        QVERIFY(!ours.handOver({QUrl(QStringLiteral("http://h/secret?token=1"))}));
        QVERIFY(!squatter.waitForNewConnection(200)); // nobody even knocked
    }

    // A state folder so deep that its socket path would pass the 107-byte limit still gets a
    // private socket that works.
    void aLongStateFolderStillHandsOver()
    {
        QTemporaryDir work;
        const QString state = work.filePath(QString(90, QLatin1Char('s')));
        SingleInstance server(state);
        QVERIFY(QFile::encodeName(server.serverName()).size() <= 100);
        QVERIFY(server.listen());
        QLocalSocket client; // (a hand-over blocks: the answering dashboard is another process)
        client.connectToServer(SingleInstance(state).serverName());
        QVERIFY(client.waitForConnected(2000));
        QCOMPARE(
            int(QFileInfo(QFileInfo(server.serverName()).absolutePath()).permissions() & 0x0077),
            0);
    }

    void secondLaunchHandsItsUrlToTheRunningDashboard()
    {
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        const QString downloads = work.filePath(QStringLiteral("downloads"));
        QProcess *dashboard = startDashboard(state, downloads);
        auto guard = qScopeGuard([dashboard] { stop(dashboard); });
        QVERIFY2(dashboard->state() == QProcess::Running, "the dashboard did not start");
        QVERIFY(dashboardAnswers(SingleInstance(state).serverName()));

        QElapsedTimer clock;
        clock.start();
        QProcess *second =
            start({QStringLiteral("--state-dir"), state,
                   m_server->url(QStringLiteral("/file/300k/handed.bin?seed=3")).toString()});
        QVERIFY2(second->waitForFinished(15000), "the second instance did not exit");
        QCOMPARE(second->exitStatus(), QProcess::NormalExit);
        QCOMPARE(second->exitCode(), 0);
        qInfo("second instance handed over and exited in %lld ms", clock.elapsed());

        // The first instance downloads it; the file only gets its name once complete.
        const QString file = QDir(downloads).filePath(QStringLiteral("handed.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(file), 30000);
        QCOMPARE(sha256OfFile(file), FixtureServer::contentSha256(300 * 1024, 3));

        // -d travels with the URLs: the dashboard saves that one where the newcomer asked.
        // Options of the engine do not (the dashboard keeps its settings): it says so, where
        // they were dropped without a word.
        const QString elsewhere = work.filePath(QStringLiteral("elsewhere"));
        QProcess *third =
            start({QStringLiteral("--state-dir"), state, QStringLiteral("-d"), elsewhere,
                   QStringLiteral("--limit-rate"), QStringLiteral("10K"), QStringLiteral("-j"),
                   QStringLiteral("1"),
                   m_server->url(QStringLiteral("/file/50k/moved.bin?seed=7")).toString()},
                  true);
        QVERIFY(third->waitForFinished(15000));
        QCOMPARE(third->exitCode(), 0);
        const QString said = QString::fromUtf8(third->readAllStandardError());
        QVERIFY2(said.contains(QLatin1String("-j, --limit-rate")), qPrintable(said));
        const QString moved = QDir(elsewhere).filePath(QStringLiteral("moved.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(moved), 30000);
        QCOMPARE(sha256OfFile(moved), FixtureServer::contentSha256(50 * 1024, 7));
        QCOMPARE(filesIn(downloads), QStringList{QStringLiteral("handed.bin")});

        terminateCleanly(dashboard);
    }

    void headlessRunNeverHandsOver()
    {
        // One engine per state folder: on the dashboard's folder --headless is refused (exit 2)
        // instead of handing its URL to the window; on a folder of its own it downloads itself.
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        const QString downloads = work.filePath(QStringLiteral("downloads"));
        const QString own = work.filePath(QStringLiteral("headless"));
        QProcess *dashboard = startDashboard(state, downloads);
        auto guard = qScopeGuard([dashboard] { stop(dashboard); });
        QVERIFY2(dashboard->state() == QProcess::Running, "the dashboard did not start");
        const QString url = m_server->url(QStringLiteral("/file/200k/own.bin?seed=4")).toString();

        QProcess *sameFolder = start({QStringLiteral("--headless"), QStringLiteral("--state-dir"),
                                      state, QStringLiteral("-d"), own, url},
                                     true);
        QVERIFY(sameFolder->waitForFinished(30000));
        QCOMPARE(sameFolder->exitStatus(), QProcess::NormalExit);
        const QString errors = QString::fromLocal8Bit(sameFolder->readAllStandardError());
        QCOMPARE(sameFolder->exitCode(), 2);
        QVERIFY2(errors.contains(QStringLiteral("is in use by another Fetchdeck")),
                 qPrintable(errors));
        QCOMPARE(filesIn(own), QStringList());

        QProcess *ownFolder = start({QStringLiteral("--headless"), QStringLiteral("--state-dir"),
                                     work.filePath(QStringLiteral("headless-state")),
                                     QStringLiteral("-d"), own, url});
        QVERIFY(ownFolder->waitForFinished(60000));
        QCOMPARE(ownFolder->exitStatus(), QProcess::NormalExit);
        QCOMPARE(ownFolder->exitCode(), 0);
        QCOMPARE(sha256OfFile(QDir(own).filePath(QStringLiteral("own.bin"))),
                 FixtureServer::contentSha256(200 * 1024, 4));
        // The dashboard was not given it: the URL was requested once, by the headless run.
        QCOMPARE(filesIn(downloads), QStringList());
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/200k/own.bin")), 1);

        terminateCleanly(dashboard);
    }

    // Two links opened with Fetchdeck at once, no dashboard running: one launch takes the state
    // folder and starts the dashboard; the other found nobody to hand its URL to. It exited 2
    // after half a second and the URL was lost (no message on a desktop). It waits for the
    // first to listen and hands over. Here the test is the first launch: it holds the folder,
    // then listens as a dashboard does once started.
    void aLaunchWhileAnotherStartsHandsOverOnceItListens()
    {
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        QVERIFY(QDir().mkpath(state));
        // A dashboard holds its own lock for its whole life, then the state folder's.
        QLockFile dashboard(QDir(state).filePath(QStringLiteral("dashboard.lock")));
        QVERIFY(dashboard.tryLock(0));
        QLockFile starting(QDir(state).filePath(QStringLiteral("fetchdeck.lock")));
        QVERIFY(starting.tryLock(0));
        const QUrl url = m_server->url(QStringLiteral("/file/1k/second.bin"));
        QProcess *second = start({QStringLiteral("--state-dir"), state, url.toString()}, true);
        auto guard = qScopeGuard([second] { stop(second); });
        QVERIFY2(!second->waitForFinished(3000),
                 qPrintable(QString::fromLocal8Bit(second->readAllStandardError())));

        SingleInstance first(state);
        QSignalSpy received(&first, &SingleInstance::urlsReceived);
        QVERIFY(first.listen());
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, 15000);
        QCOMPARE(received.at(0).at(0).value<QList<QUrl>>(), QList<QUrl>{url});
        // It may have ended already, while the wait above ran the event loop (waitForFinished
        // then says false).
        QTRY_COMPARE_WITH_TIMEOUT(second->state(), QProcess::NotRunning, 15000);
        QCOMPARE(second->exitCode(), 0);
    }

    // A headless run holds the state folder: it will never take the URL. A launch says so at
    // once, not after waiting 20 s for it to listen; and, as one started from a desktop has
    // nobody reading its stderr, in a message box too: it waits for that to be closed instead
    // of vanishing without a word.
    void aLaunchOnAHeadlessRunsFolderSaysWhyAtOnce()
    {
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        QVERIFY(QDir().mkpath(state));
        QLockFile headless(QDir(state).filePath(QStringLiteral("fetchdeck.lock")));
        QVERIFY(headless.tryLock(0));
        QProcess *launch = start({QStringLiteral("--state-dir"), state,
                                  m_server->url(QStringLiteral("/file/1k/never.bin")).toString()},
                                 true);
        auto guard = qScopeGuard([launch] { stop(launch); });
        QByteArray errors;
        QTRY_VERIFY_WITH_TIMEOUT(
            (errors += launch->readAllStandardError()).contains("is in use by another Fetchdeck"),
            10000);
        QVERIFY2(!launch->waitForFinished(2000), "gone without showing why");
        ::kill(static_cast<pid_t>(launch->processId()), SIGTERM); // as closing the box would
        QVERIFY(launch->waitForFinished(10000));
    }

    // Without a display (an SSH session), a launch that is not --headless hands its URL to the
    // dashboard running on its state folder, or says why it cannot open one; a mistyped option
    // is a usage error. Qt aborted (SIGABRT) in each case: "could not load the Qt platform
    // plugin". So it did with a DISPLAY that is set but answers nobody (an SSH session's
    // forwarding gone, a tmux started under an X session since closed): "could not connect to
    // display".
    void withoutADisplayALaunchHandsOverOrSaysWhy_data()
    {
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("wayland");
        QTest::newRow("none") << QString() << QString();
        // No X server has that number here, nor a compositor that socket.
        QTest::newRow("stale") << QStringLiteral(":4711") << QString();
        QTest::newRow("stale X and Wayland")
            << QStringLiteral(":4711") << QStringLiteral("wayland-4711");
        QTest::newRow("stale Wayland") << QString() << QStringLiteral("wayland-4711");
    }
    void withoutADisplayALaunchHandsOverOrSaysWhy()
    {
        QFETCH(QString, display);
        QFETCH(QString, wayland);
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        const auto runWithoutDisplay = [this, display, wayland](const QStringList &args) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
                env.remove(QString::fromLatin1(name));
            if (!display.isEmpty())
                env.insert(QStringLiteral("DISPLAY"), display);
            if (!wayland.isEmpty())
                env.insert(QStringLiteral("WAYLAND_DISPLAY"), wayland);
            env.insert(QStringLiteral("HOME"), m_home.path());
            env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(FETCHDECK_BINARY), args);
            p.waitForFinished(20000);
            return std::pair{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                             QString::fromLocal8Bit(p.readAllStandardError())};
        };
        const auto [usage, usageSaid] = runWithoutDisplay({QStringLiteral("--bogus")});
        QCOMPARE(usage, 2);
        QVERIFY2(usageSaid.contains(QStringLiteral("--help")), qPrintable(usageSaid));

        const QString url = m_server->url(QStringLiteral("/file/1000/nodisplay.bin")).toString();
        const auto [alone, aloneSaid] =
            runWithoutDisplay({QStringLiteral("--state-dir"), state, url});
        QCOMPARE(alone, 2);
        QVERIFY2(aloneSaid.contains(QStringLiteral("no display")), qPrintable(aloneSaid));
        QVERIFY(!QFileInfo::exists(state)); // nothing made for a dashboard that cannot open
        // Nor with an input file (whose dir= lines read the settings: they made the folder).
        const QString list = work.filePath(QStringLiteral("list.txt"));
        {
            QFile f(list);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(url.toUtf8() + '\n');
        }
        const auto [listed, listedSaid] =
            runWithoutDisplay({QStringLiteral("--state-dir"), state, QStringLiteral("-i"), list});
        QCOMPARE(listed, 2);
        QVERIFY(!QFileInfo::exists(state));

        QProcess *dashboard = startDashboard(state, work.filePath(QStringLiteral("dl")));
        auto guard = qScopeGuard([dashboard] { stop(dashboard); });
        QVERIFY(dashboard->state() == QProcess::Running);
        const auto [handed, handedSaid] =
            runWithoutDisplay({QStringLiteral("--state-dir"), state, url});
        QCOMPARE(handed, 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(work.filePath(QStringLiteral("dl/nodisplay.bin"))), 10000);
        terminateCleanly(dashboard);
    }

    void crashedDashboardDoesNotSwallowUrls()
    {
        // kill -9 leaves the socket file behind; the next launch must not hand over to it (and
        // exit with the URL lost) but become the dashboard itself.
        QTemporaryDir work;
        const QString state = work.filePath(QStringLiteral("state"));
        const QString downloads = work.filePath(QStringLiteral("downloads"));
        QProcess *crashed = startDashboard(state, downloads);
        QVERIFY2(crashed->state() == QProcess::Running, "the dashboard did not start");
        crashed->kill();
        QVERIFY(crashed->waitForFinished(5000));

        QProcess *next =
            start({QStringLiteral("--state-dir"), state, QStringLiteral("-d"), downloads,
                   m_server->url(QStringLiteral("/file/100k/after-crash.bin?seed=5")).toString()});
        auto guard = qScopeGuard([next] { stop(next); });
        const QString file = QDir(downloads).filePath(QStringLiteral("after-crash.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(file) || next->state() == QProcess::NotRunning,
                                 30000);
        QCOMPARE(sha256OfFile(file), FixtureServer::contentSha256(100 * 1024, 5));
        QVERIFY(dashboardAnswers(SingleInstance(state).serverName()));
        terminateCleanly(next);
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
