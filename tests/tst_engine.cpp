// The download engine against the loopback fixture server: bytes on disk, concurrency,
// cancel, retry and the error messages a user reads.
#include "fixtureserver.h"
#include "models/taskmodel.h"
#include "services/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

// Failures in these tests must show at once (noRetries): automatic retries are tested in
// tst_resilience.
class TestEngine : public QObject {
    Q_OBJECT
private:
    FixtureServer *m_server = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = new FixtureServer(0, this);
        QVERIFY2(m_server->isListening(), qPrintable(m_server->errorString()));
    }
    void init() { m_server->resetStats(); }

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

    // Remove deletes partial files, keeps finished ones unless asked; restore (Undo) brings the
    // tasks back: a finished one as it was, the others without the bytes that were deleted.
    void removeDeletesPartialFilesAndRestoreBringsTheTasksBack()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId done =
            engine.addUrl(m_server->url(QStringLiteral("/file/2000/done.bin")), dir.path());
        WAIT_FOR_STATE(model, done, TaskState::Completed, 5000);
        const TaskId half = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/half.bin?rate=100000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(half)->bytesDone > 0, 5000);
        engine.pause(half);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 2000);
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("done.bin"), QStringLiteral("half.bin.part")}));

        std::vector<Task> removed = engine.remove({done, half});
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(filesIn(dir.path()), QStringList{QStringLiteral("done.bin")},
                                  2000);
        QCOMPARE(removed.size(), size_t(2));

        const QList<TaskId> back = engine.restore(std::move(removed));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(stateOf(model, back[0]), TaskState::Completed);
        QCOMPARE(model.task(back[0])->fileName, QStringLiteral("done.bin"));
        QCOMPARE(stateOf(model, back[1]), TaskState::Paused);
        QCOMPARE(model.task(back[1])->bytesDone, 0);
        QVERIFY(logContains(model.task(back[1]), QStringLiteral("Undo")));
        engine.resume(back[1]);
        WAIT_FOR_STATE(model, back[1], TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("half.bin"))),
                 FixtureServer::contentSha256(300000));

        // Asked to, Remove deletes the downloaded file too; Undo brings the task back to fetch
        // it again.
        removed = engine.remove({back[0]}, DownloadEngine::RemoveFiles::AlsoDownloaded);
        QTRY_COMPARE_WITH_TIMEOUT(filesIn(dir.path()), QStringList{QStringLiteral("half.bin")},
                                  2000);
        const TaskId again = engine.restore(std::move(removed)).constFirst();
        QCOMPARE(stateOf(model, again), TaskState::Canceled);
        engine.retry(again);
        WAIT_FOR_STATE(model, again, TaskState::Completed, 5000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("done.bin"))),
                 FixtureServer::contentSha256(2000));
    }

    // A task canceled by an older version kept its name in the database but its .part was
    // deleted; another task may own a .part of that name now. The canceled one must neither
    // resume from it nor delete it.
    void aCanceledTaskFromAnOlderVersionNeverTakesAnotherTasksFile()
    {
        QTemporaryDir dir;
        const QByteArray prefix = FixtureServer::content(300000).left(1000);
        writeFile(dir.filePath(QStringLiteral("x.bin.part")), prefix);
        TaskRegistry tasks;
        std::vector<Task> stored(2);
        stored[0].id = 10; // canceled long ago: x.bin.part was deleted then
        stored[0].url = m_server->url(QStringLiteral("/file/200000/x.bin?seed=7"));
        stored[0].state = TaskState::Canceled;
        stored[0].fileName = QStringLiteral("x.bin");
        stored[0].bytesDone = 50000;
        stored[0].bytesTotal = 200000;
        stored[1].id = 20; // paused, owns x.bin.part
        stored[1].url = m_server->url(QStringLiteral("/file/300000/x.bin"));
        stored[1].state = TaskState::Paused;
        stored[1].fileName = QStringLiteral("x.bin");
        stored[1].bytesDone = prefix.size();
        stored[1].bytesTotal = 300000;
        for (Task &t : stored)
            t.directory = dir.path();
        tasks.restoreTasks(std::move(stored));
        DownloadEngine engine(&tasks);
        engine.resumeRestored();
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(10)->fileName, QString(), 2000);
        QCOMPARE(tasks.task(10)->bytesDone, 0);

        engine.remove(10);
        engine.resume(20);
        WAIT_FOR_STATE(tasks, 20, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("x.bin"))),
                 FixtureServer::contentSha256(300000));
    }

    // Completed names are not reserved: "Also delete the downloaded files" of one task must
    // not delete the file another task saved under that name since.
    void deletingDownloadedFilesSparesAnotherTasksFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId first =
            engine.addUrl(m_server->url(QStringLiteral("/file/2000/f.bin")), dir.path());
        WAIT_FOR_STATE(tasks, first, TaskState::Completed, 5000);
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("f.bin")))); // the user deletes it
        const TaskId second =
            engine.addUrl(m_server->url(QStringLiteral("/file/2000/f.bin")), dir.path());
        WAIT_FOR_STATE(tasks, second, TaskState::Completed, 5000);
        QCOMPARE(tasks.task(second)->fileName, QStringLiteral("f.bin"));

        // The files go in order, off the GUI thread: once marker.bin (listed after) is gone,
        // f.bin was dealt with.
        const TaskId marker =
            engine.addUrl(m_server->url(QStringLiteral("/file/10/marker.bin")), dir.path());
        WAIT_FOR_STATE(tasks, marker, TaskState::Completed, 5000);
        engine.remove({first, marker}, DownloadEngine::RemoveFiles::AlsoDownloaded);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(dir.filePath(QStringLiteral("marker.bin"))),
                                 5000);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("f.bin"))));
    }

    // Change URL (an expired link): the partial file is kept when the new server sends the
    // same file, and the download starts over when it sends another one.
    void aNewUrlResumesTheSameFileAndRestartsADifferentOne_data()
    {
        QTest::addColumn<QString>("newPath");
        QTest::addColumn<qint64>("newSize");
        QTest::addColumn<bool>("resumes");
        QTest::newRow("same file") << "/file/300000/fresh.bin?etag=v1" << qint64(300000) << true;
        QTest::newRow("other validator")
            << "/file/300000/other.bin?etag=v2" << qint64(300000) << false;
        QTest::newRow("other size") << "/file/400000/big.bin?etag=v1" << qint64(400000) << false;
    }

    void aNewUrlResumesTheSameFileAndRestartsADifferentOne()
    {
        QFETCH(QString, newPath);
        QFETCH(qint64, newSize);
        QFETCH(bool, resumes);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/old.bin?etag=v1&rate=100000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 50000, 5000);
        engine.cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 2000);
        const qint64 kept = QFileInfo(dir.filePath(QStringLiteral("old.bin.part"))).size();

        m_server->resetStats();
        QString why;
        QVERIFY(!engine.changeUrl(id, QUrl(QStringLiteral("ftp://h/x")), &why));
        QVERIFY(why.contains(QStringLiteral("ftp://")));
        QVERIFY(engine.changeUrl(id, m_server->url(newPath)));
        QCOMPARE(tasks.task(id)->url, m_server->url(newPath));
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 15000); // a canceled one is retried
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("old.bin"))),
                 FixtureServer::contentSha256(newSize));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("old.bin")});
        // Resumed: only the rest came again. Restarted: the whole new file.
        QCOMPARE(m_server->bytesSent() < newSize, resumes);
        QVERIFY(kept > 0);
    }

    // Queued downloads start in the list's order; Move to top changes it; Start now starts one
    // beyond the limit of downloads at a time.
    void queuedDownloadsStartInListOrderAndStartNowGoesAtOnce()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMaxConcurrent(1);
        const TaskId slow = engine.addUrl(
            m_server->url(QStringLiteral("/file/1m/slow.bin?rate=200000")), dir.path());
        WAIT_FOR_STATE(tasks, slow, TaskState::Running, 5000);
        const QList<TaskId> queued =
            engine.addUrls({m_server->url(QStringLiteral("/file/10/b.bin")),
                            m_server->url(QStringLiteral("/file/10/c.bin")),
                            m_server->url(QStringLiteral("/file/10/d.bin"))},
                           dir.path());
        engine.move({queued[2]}, TaskRegistry::Move::Top); // d before b and c
        QList<TaskId> started;
        connect(&tasks, &TaskRegistry::stateChanged, this, [&](TaskId id, TaskState state) {
            if (state == TaskState::Running)
                started.append(id);
        });
        engine.startNow({queued[1]}); // c now, beside the slow one
        QCOMPARE(stateOf(tasks, queued[1]), TaskState::Running);
        QCOMPARE(stateOf(tasks, slow), TaskState::Running);
        engine.cancel(slow);
        for (TaskId id : queued)
            WAIT_FOR_STATE(tasks, id, TaskState::Completed, 10000);
        QCOMPARE(started, (QList<TaskId>{queued[1], queued[2], queued[0]}));
    }

    // A server that ignores If-Range and sends the rest of another file (its ETag says so):
    // the partial file is not continued with it (that would complete a spliced file).
    void aResumeThatShowsAnotherFilesEtagStartsOver()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/ch.bin?etag=v1&rangeetag=v2&rate=100000")),
            dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 50000, 5000);
        engine.pause(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 2000);
        engine.resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("ch.bin"))),
                 FixtureServer::contentSha256(300000));
        QVERIFY(logContains(tasks.task(id), QStringLiteral("ETag differs")));
    }

    // A download with nothing to check a new server against (no validator, no size): a new
    // URL makes it start from zero rather than splice two files.
    void aNewUrlForAnUncheckableDownloadStartsFromZero()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/blind.bin?nolength=1&rate=100000")),
            dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 50000, 5000);
        QString why;
        QVERIFY(!engine.changeUrl(id, m_server->url(QStringLiteral("/file/400000/b.bin")), &why));
        QVERIFY(why.contains(QStringLiteral("pause")));
        engine.pause(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 2000);
        tasks.setValidators(id, {}, {}); // as a server without validators would leave it
        QVERIFY(engine.changeUrl(id, m_server->url(QStringLiteral("/file/400000/b.bin"))));
        QVERIFY(logContains(tasks.task(id), QStringLiteral("starting from zero")));
        engine.resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 15000);
        QCOMPARE(sha256OfFile(dir.filePath(tasks.task(id)->fileName)),
                 FixtureServer::contentSha256(400000));
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
        QTest::newRow("refused") << "http://127.0.0.1:1/x"
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
        QVERIFY(t->error.detail.contains(target.host()) ||
                t->error.kind == TaskError::Kind::InvalidUrl);
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
