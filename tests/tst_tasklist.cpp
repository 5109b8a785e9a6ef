// The task list against the loopback fixture server: how light a plain task stays, Remove and
// Undo, who owns a file name, the queue's order, and a new URL (or a server's other file) for a
// partial download.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/storage/filecommitter.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

class TestTaskList : public FixtureSuite {
    Q_OBJECT
private:
    // Removes `id` with its downloaded file, and waits until that was dealt with: the files go
    // in order, off the GUI thread, so once a marker's file (listed after) is gone, so is it.
    bool removeWithFiles(DownloadEngine &engine, TaskRegistry &tasks, TaskId id, const QString &dir)
    {
        const TaskId marker =
            engine.addUrl(m_server->url(QStringLiteral("/file/10/marker.bin")), dir);
        const QString markerFile = QDir(dir).filePath(QStringLiteral("marker.bin"));
        if (!QTest::qWaitFor([&] { return stateOf(tasks, marker) == TaskState::Completed; }) ||
            tasks.task(marker)->filePath() != markerFile)
            return false;
        engine.remove({id, marker}, DownloadEngine::RemoveFiles::AlsoDownloaded);
        return QTest::qWaitFor([&] { return !QFileInfo::exists(markerFile); });
    }

private Q_SLOTS:
    // 100,000 plain downloads stay light: a task with no mirrors, checksum, browser context or
    // job keeps none of those fields once it has run (done, or failed over two connections).
    void plainDownloadsKeepALightRecord()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const TaskId done =
            engine.addUrl(m_server->url(QStringLiteral("/file/3m/l.bin")), dir.path());
        const TaskId failed =
            engine.addUrl(QUrl(QStringLiteral("http://127.0.0.1:1/x")), dir.path());
        WAIT_FOR_STATE(model, done, TaskState::Completed, 20000);
        WAIT_FOR_STATE(model, failed, TaskState::Failed, 20000);
        QVERIFY(tasks.task(done)->attempts > 0);
        QVERIFY(!tasks.task(done)->hasExtra());
        QVERIFY(!tasks.task(failed)->hasExtra());
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

        QVERIFY(removeWithFiles(engine, tasks, first, dir.path()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("f.bin"))));
    }

    // A download whose size the server never said (no Content-Length) is deleted by size as
    // well: the size received. "Any size" deleted the user's own file that had taken its name.
    void deletingADownloadOfUnsaidSizeSparesAnotherFileOfItsName()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId unsaid =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/u.bin?nolength=1")), dir.path());
        WAIT_FOR_STATE(tasks, unsaid, TaskState::Completed, 5000);
        const QString path = dir.filePath(QStringLiteral("u.bin"));
        QFile::remove(path);
        writeFile(path, QByteArray(1555, 'u')); // the user's own file, under that name now
        QVERIFY(removeWithFiles(engine, tasks, unsaid, dir.path()));
        QCOMPARE(QFileInfo(path).size(), 1555);

        // Its own file, of the size received, goes.
        const TaskId again =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/v.bin?nolength=1")), dir.path());
        WAIT_FOR_STATE(tasks, again, TaskState::Completed, 5000);
        engine.remove({again}, DownloadEngine::RemoveFiles::AlsoDownloaded);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(dir.filePath(QStringLiteral("v.bin"))), 5000);
    }

    // A file of the same size the user put in the download's place (their own, saved over it)
    // is not the download: only the size was compared, and Remove deleted it. Where the file
    // system keeps the committer's mark, the file must carry it.
    void deletingDownloadedFilesSparesAFileOfTheSameSizeInItsPlace()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId done =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/same.bin")), dir.path());
        WAIT_FOR_STATE(tasks, done, TaskState::Completed, 5000);
        const QString path = dir.filePath(QStringLiteral("same.bin"));
        QVERIFY(FileCommitter::isMarkedComplete(path) || !FileCommitter::keepsMarks(dir.path()));
        if (!FileCommitter::keepsMarks(dir.path()))
            QSKIP("this file system keeps no extended attributes: the size decides there");
        QVERIFY(QFile::remove(path));
        writeFile(path, QByteArray(1000, 'u')); // the user's own, of the same size
        QVERIFY(removeWithFiles(engine, tasks, done, dir.path()));
        QCOMPARE(QFileInfo(path).size(), 1000);
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

    // A server that ignores If-Range and sends the rest of another file (its ETag says so, or
    // it shows none): the partial file is not continued with it (that would complete a
    // spliced file).
    void aResumeThatShowsAnotherFilesEtagStartsOver_data()
    {
        QTest::addColumn<QString>("validators");
        QTest::newRow("another ETag") << QStringLiteral("etag=v1&rangeetag=v2");
        // A server that ignores If-Range and names no version is no proof of the same file.
        QTest::newRow("no ETag") << QStringLiteral("etag=v1&rangeetag=");
        QTest::newRow("another weak ETag") << QStringLiteral("etag=v1&rangeetag=v2&weaketag=1");
    }
    void aResumeThatShowsAnotherFilesEtagStartsOver()
    {
        QFETCH(QString, validators);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/ch.bin?%1&rate=100000").arg(validators)),
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
};

QTEST_GUILESS_MAIN(TestTaskList)
#include "tst_tasklist.moc"
