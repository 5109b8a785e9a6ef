// The download engine against the loopback fixture server: bytes on disk, concurrency,
// cancel, retry and the error messages a user reads.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

// Failures in these tests must show at once (noRetries): automatic retries are tested in
// tst_resilience.
class TestEngine : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    void bytesOnDiskEqualWhatWasServed_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::newRow("empty") << qint64(0);
        QTest::newRow("one byte") << qint64(1);
        QTest::newRow("odd size") << qint64(300'001);
        QTest::newRow("8 MiB") << qint64(8 << 20);
    }
    void bytesOnDiskEqualWhatWasServed()
    {
        QFETCH(qint64, size);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const QUrl url = m_server->url(QStringLiteral("/file/%1/data.bin?seed=3").arg(size));
        const TaskId id = engine.addUrl(url, dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 20000);
        const Task *t = model.task(id);
        QCOMPARE(t->fileName, QStringLiteral("data.bin"));
        QCOMPARE(t->bytesDone, size);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("data.bin"))),
                 FixtureServer::contentSha256(size, 3));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("data.bin")}); // no .part left
        const QList<QByteArray> headers =
            m_server->lastRequestHeaders(QStringLiteral("/file/%1/data.bin").arg(size));
        QVERIFY(headers.contains("Accept-Encoding: identity") ||
                headers.contains("accept-encoding: identity"));
    }

    void sameNameTwiceGetsNumberedCopyNotOverwrite()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/same.txt?seed=1")), dir.path());
        const TaskId b =
            engine.addUrl(m_server->url(QStringLiteral("/file/2000/same.txt?seed=2")), dir.path());
        WAIT_FOR_STATE(model, a, TaskState::Completed, 10000);
        WAIT_FOR_STATE(model, b, TaskState::Completed, 10000);
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("same (1).txt"), QStringLiteral("same.txt")}));
        const QByteArray hashA = sha256OfFile(dir.filePath(model.task(a)->fileName));
        QCOMPARE(hashA, FixtureServer::contentSha256(1000, 1));
        QCOMPARE(sha256OfFile(dir.filePath(model.task(b)->fileName)),
                 FixtureServer::contentSha256(2000, 2));
    }

    // -j 16 means 16 transfers at once to one host, beyond Qt's 6 per manager.
    void sixteenConcurrentTransfersToOneHost()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setMaxConcurrent(16);
        QList<QUrl> urls;
        for (int i = 0; i < 32; ++i)
            urls.append(m_server->url(QStringLiteral("/file/20000/f%1.bin?rate=40000").arg(i)));
        engine.addUrls(urls, dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 16, 5000);
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        QVERIFY(idle.wait(30000));
        QCOMPARE(model.countIn(TaskState::Completed), 32);
        QCOMPARE(m_server->maxActiveRequests(), 16); // never more than asked
    }

    // Many small files to one host reuse their connections (a TLS handshake each would cost
    // milliseconds of CPU): libcurl's default cache, four per attached transfer, closed them
    // whenever few transfers were attached between two tasks.
    void smallFilesReuseTheirConnections()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setMaxConcurrent(8);
        QList<QUrl> urls;
        for (int i = 0; i < 300; ++i)
            urls.append(m_server->url(QStringLiteral("/file/2000/r%1.bin").arg(i)));
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        engine.addUrls(urls, dir.path());
        QVERIFY(idle.wait(30000));
        QCOMPARE(model.countIn(TaskState::Completed), 300);
        QVERIFY2(m_server->connectionsOpened() <= 8 + 2,
                 qPrintable(QString::number(m_server->connectionsOpened())));
    }

    void raisingTheLimitAppliesToTheRunningQueue()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setMaxConcurrent(2);
        QList<QUrl> urls;
        for (int i = 0; i < 8; ++i)
            urls.append(m_server->url(QStringLiteral("/file/40000/g%1.bin?rate=20000").arg(i)));
        engine.addUrls(urls, dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 2, 5000);
        QCOMPARE(model.countIn(TaskState::Running), 2);
        engine.setMaxConcurrent(8);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 8, 5000);
        engine.cancel(model.ids());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
    }

    // Cancel stops the task and keeps what was downloaded (Remove is what deletes it).
    void cancelMidTransferClosesConnectionAndKeepsThePartialFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/10m/slow.bin?rate=200000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->bytesDone > 50000, 5000);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("slow.bin.part")});
        engine.cancel(id);
        QCOMPARE(stateOf(model, id), TaskState::Canceled);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 1000);
        QVERIFY(!engine.hasWork());
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("slow.bin.part")});
        QCOMPARE(model.task(id)->fileName, QStringLiteral("slow.bin"));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("slow.bin.part"))).size() > 50000);
        QVERIFY(logContains(model.task(id), QStringLiteral("kept in slow.bin.part")));

        engine.remove(id);
        QTRY_VERIFY_WITH_TIMEOUT(filesIn(dir.path()).isEmpty(), 2000);
    }

    void cancelQueuedTaskNeverStartsIt()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setMaxConcurrent(1);
        const TaskId first =
            engine.addUrl(m_server->url(QStringLiteral("/file/1m/a.bin?rate=500000")), dir.path());
        const TaskId second =
            engine.addUrl(m_server->url(QStringLiteral("/file/10/b.bin")), dir.path());
        engine.cancel(second);
        WAIT_FOR_STATE(model, first, TaskState::Completed, 10000);
        QCOMPARE(stateOf(model, second), TaskState::Canceled);
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/10/b.bin")), 0);
    }

    void retryOfFailedTaskSucceedsOnceServerRecovers()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const QString path = QStringLiteral("/file/5000/flaky.bin");
        m_server->setBroken(path, 503);
        const TaskId id = engine.addUrl(m_server->url(path), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QCOMPARE(model.task(id)->error.httpStatus, 503);
        QVERIFY(filesIn(dir.path()).isEmpty());
        m_server->setBroken(path, 0);
        engine.retry(id);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(model.task(id)->attempts, 2);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("flaky.bin"))),
                 FixtureServer::contentSha256(5000));
    }

    // Retry of a canceled download resumes from its partial file, not from zero.
    void retryOfCanceledTaskResumesFromThePartialFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const QString path = QStringLiteral("/file/300000/c.bin");
        const TaskId id =
            engine.addUrl(m_server->url(path + QStringLiteral("?rate=100000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->bytesDone > 50000, 5000);
        engine.cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 2000);
        const qint64 kept = QFileInfo(dir.filePath(QStringLiteral("c.bin.part"))).size();
        QVERIFY(kept > 50000);
        engine.retry(id);
        QCOMPARE(stateOf(model, id), TaskState::Queued);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("c.bin"))),
                 FixtureServer::contentSha256(300000));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("c.bin")});
        QVERIFY(m_server->lastRequestHeaders(path).contains(QByteArray("Range: bytes=") +
                                                            QByteArray::number(kept) + '-'));
    }

    // Retry right after Cancel, while the canceled attempt is still closing, still resumes
    // into one whole file.
    void retryAtOnceAfterCancelCompletesTheFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/d.bin?rate=100000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->bytesDone > 0, 5000);
        engine.cancel(id);
        engine.retry(id);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("d.bin"))),
                 FixtureServer::contentSha256(300000));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("d.bin")});
    }

    void errorsSayWhatHappened_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("status");
        QTest::newRow("404") << "/file/10/x?status=404"
                             << "HTTP 404 Not Found" << 404;
        QTest::newRow("500") << "/file/10/x?status=500"
                             << "HTTP 500 Internal Server Error" << 500;
        QTest::newRow("204, no file") << "/file/10/x?status=204"
                                      << "the server sent no file (HTTP 204)" << 204;
        QTest::newRow("refused") << "http://127.0.0.1:1/x"
                                 << "Connection refused" << 0;
        // Escapes such as %3D once reached the detail as "7D": the text was filled in twice.
        QTest::newRow("refused, escaped URL") << "http://127.0.0.1:1/a%3Db%3F.bin"
                                              << "Connection refused" << 0;
        QTest::newRow("invalid URL")
            << "ftp://example.com/x"
            << "ftp:// is not supported (only http and https): ftp://example.com/x" << 0;
        QTest::newRow("redirect loop") << "/loop/0"
                                       << "too many redirects" << 0;
        QTest::newRow("short body") << "/file/100000/x?short=1000"
                                    << "body shorter than announced: 99000 of 100000 bytes" << 0;
        QTest::newRow("dropped") << "/file/1m/x?dropafter=1000"
                                 << "" << 0;
    }
    void errorsSayWhatHappened()
    {
        QFETCH(QString, url);
        QFETCH(QString, message);
        QFETCH(int, status);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const QUrl target = url.startsWith(QLatin1Char('/')) ? m_server->url(url) : QUrl(url);
        const TaskId id = engine.addUrl(target, dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 15000);
        const Task *t = model.task(id);
        if (!message.isEmpty())
            QCOMPARE(t->error.message, message);
        QVERIFY(!t->error.message.isEmpty());
        QCOMPARE(t->error.httpStatus, status);
        // The detail adds what the message leaves out without repeating the task's own URL
        // (its row shows it): curl's words name the host; a redirect's URL leads.
        const QString own = target.toDisplayString();
        QVERIFY2(!t->error.detail.startsWith(own + QLatin1Char('\n')) && t->error.detail != own,
                 qPrintable(t->error.detail));
        if (t->error.kind == TaskError::Kind::Network && t->error.networkError != 0)
            QVERIFY2(t->error.detail.contains(target.host()), qPrintable(t->error.detail));
        if (QTest::currentDataTag() == QLatin1String("refused, escaped URL")) // no URL but its own
            QVERIFY2(!t->error.detail.contains(QLatin1String("://")), qPrintable(t->error.detail));
        // Nothing under a final name; a transient failure may keep its .part to resume from.
        for (const QString &name : filesIn(dir.path()))
            QVERIFY2(name.endsWith(QStringLiteral(".part")), qPrintable(name));
        QVERIFY(
            model.index(0, TaskModel::StateColumn).data().toString().contains(t->error.message));
    }

    void redirectIsFollowedAndNamedAfterTarget()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/redirect?to=/file/777/target.dat")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(model.task(id)->fileName, QStringLiteral("target.dat"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("target.dat"))),
                 FixtureServer::contentSha256(777));
    }

    void unwritableFolderFailsWithTheOsReason()
    {
        if (::geteuid() == 0)
            QSKIP("root can write into read-only folders");
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/10/x.bin")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QCOMPARE(model.task(id)->error.message, QStringLiteral("Permission denied"));
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void missingFolderIsCreated()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const QString deeper = dir.filePath(QStringLiteral("new/deeper"));
        const TaskId id = engine.addUrl(m_server->url(QStringLiteral("/file/10/x.bin")), deeper);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(filesIn(deeper), QStringList{QStringLiteral("x.bin")});
    }

    void uncreatableFolderFailsWithTheOsReason()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const TaskId id = engine.addUrl(m_server->url(QStringLiteral("/file/10/x.bin")),
                                        dir.filePath(QStringLiteral("a-file/sub")));
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QCOMPARE(model.task(id)->error.message, QStringLiteral("Not a directory"));
        QCOMPARE(model.task(id)->error.kind, TaskError::Kind::Disk);
    }

    void removeDropsTheRowAndKeepsCompletedFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/10/keep.bin")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        engine.remove(id);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("keep.bin")});
    }

    void stopAllKeepsPartialFilesForResume()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/10m/resume.bin?rate=300000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->bytesDone > 100000, 5000);
        QSignalSpy stopped(&engine, &DownloadEngine::stopped);
        engine.stopAll();
        QVERIFY(stopped.count() == 1 || stopped.wait(5000));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("resume.bin.part")});
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 2000);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
