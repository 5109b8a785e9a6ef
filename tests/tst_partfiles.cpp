// Partial files and names over a task's whole life: two tasks never share a `.part`, files
// already in the folder keep their names and only free names are stored, a crash between the
// final rename and the database write does not download the file again, the first stored
// record of a new `.part` carries its size, and the unclaimed-file report neither misses a
// stray file nor names a live one.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/storage/filecommitter.h"
#include "testsupport.h"

#include <QPromise>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace {
Task restoredTask(const QUrl &url, const QString &dir, const QString &fileName, TaskState state,
                  qint64 total)
{
    Task t;
    t.id = 0; // restoreTasks keeps ids: pick ones far from new tasks'
    t.url = url;
    t.directory = dir;
    t.fileName = fileName;
    t.state = state;
    t.bytesTotal = total;
    return t;
}

} // namespace

class TestPartFiles : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    // A failed task whose .part is gone still owns its name: a new download of another file
    // with the same name must not take it, or retrying the first appends to the second's file.
    void aStoppedTaskKeepsItsNameFromANewOne()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const QUrl first = m_server->url(QStringLiteral("/file/300000/x.bin?seed=1"));
        Task old =
            restoredTask(first, dir.path(), QStringLiteral("x.bin"), TaskState::Failed, 300000);
        old.id = 1000;
        tasks.restoreTasks({old});
        engine.resumeRestored();

        const TaskId second = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/x.bin?seed=2&rate=200000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(second)->bytesDone > 0, 5000);
        QCOMPARE(model.task(second)->fileName, QStringLiteral("x (1).bin"));
        engine.pause(second);

        engine.retry(1000);
        WAIT_FOR_STATE(model, 1000, TaskState::Completed, 10000);
        engine.resume(second);
        WAIT_FOR_STATE(model, second, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(model.task(1000)->fileName)),
                 FixtureServer::contentSha256(300000, 1));
        QCOMPARE(sha256OfFile(dir.filePath(model.task(second)->fileName)),
                 FixtureServer::contentSha256(300000, 2));
        QCOMPARE(filesIn(dir.path()),
                 (QStringList{QStringLiteral("x (1).bin"), QStringLiteral("x.bin")}));
    }

    // A file whose .part open fails keeps no name: with "Not a directory" on the way, the
    // task's name is cleared, and nothing stays reserved.
    void aFailedOpenLeavesNoNameBehind()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("blocker")), "a file, not a folder");
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const TaskId id = engine.addUrl(m_server->url(QStringLiteral("/file/1000/y.bin")),
                                        dir.filePath(QStringLiteral("blocker/sub")));
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QCOMPARE(model.task(id)->error.kind, TaskError::Kind::Disk);
        QCOMPARE(model.task(id)->error.detail,
                 dir.filePath(QStringLiteral("blocker/sub/y.bin.part")));
        QCOMPARE(model.task(id)->fileName, QString());
    }

    // Killed after the rename, before the database said Completed: the restart finds the
    // complete file under its name, with the size announced and the committer's mark, and takes
    // it as done. A file of that name and size without the mark (a user's own, or a .part renamed
    // by hand: a split download's is full size from the start, mostly zeros) was taken as the
    // download too; it stays as it is, and the download goes to another name.
    void aFileCompletedBeforeACrashIsAdoptedNotFetchedAgain_data()
    {
        QTest::addColumn<bool>("marked");
        QTest::newRow("written by the committer") << true;
        QTest::newRow("not ours") << false;
    }
    void aFileCompletedBeforeACrashIsAdoptedNotFetchedAgain()
    {
        QFETCH(bool, marked);
        QTemporaryDir dir;
        const QString done = dir.filePath(QStringLiteral("done.bin"));
        const QByteArray bytes = marked ? FixtureServer::content(5000) : QByteArray(5000, '\0');
        writeFile(done, bytes);
        if (marked && ::setxattr(QFile::encodeName(done).constData(), FileCommitter::CompleteMark,
                                 "1", 1, 0) != 0)
            QSKIP("no user extended attributes on this file system");
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        Task t = restoredTask(m_server->url(QStringLiteral("/file/5000/done.bin")), dir.path(),
                              QStringLiteral("done.bin"), TaskState::Queued, 5000);
        t.id = 2000;
        tasks.restoreTasks({t});
        engine.resumeRestored();
        WAIT_FOR_STATE(model, 2000, TaskState::Completed, 10000);
        if (marked) {
            QCOMPARE(model.task(2000)->fileName, QStringLiteral("done.bin"));
            QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("done.bin")});
            QCOMPARE(m_server->requestCount(), 0);
            return;
        }
        QCOMPARE(model.task(2000)->fileName, QStringLiteral("done (1).bin"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("done (1).bin"))),
                 FixtureServer::contentSha256(5000));
        QFile kept(done);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), bytes);
    }

    // A .part that vanished while its task was stopped is not recreated under the old name
    // (another program may own that name by now): the task starts afresh, exclusively.
    void aVanishedPartFileStartsAfreshUnderAFreeName()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("gone.bin")), "someone else's file");
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        Task t = restoredTask(m_server->url(QStringLiteral("/file/4000/gone.bin")), dir.path(),
                              QStringLiteral("gone.bin"), TaskState::Queued, 4000);
        t.id = 3000;
        tasks.restoreTasks({t});
        engine.resumeRestored();
        WAIT_FOR_STATE(model, 3000, TaskState::Completed, 10000);
        QCOMPARE(model.task(3000)->fileName, QStringLiteral("gone (1).bin"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("gone (1).bin"))),
                 FixtureServer::contentSha256(4000));
        QFile other(dir.filePath(QStringLiteral("gone.bin")));
        QVERIFY(other.open(QIODevice::ReadOnly));
        QCOMPARE(other.readAll(), QByteArray("someone else's file"));
    }

    // Someone who can write to the download folder plants links under the name of a stopped
    // task's .part: the resume must not write through them, nor delete them; it starts afresh
    // under another name, and the files they point to stay as they were. So with a FIFO (the
    // open waited for a reader for ever, and the process could not be stopped) or a folder (it
    // failed every retry with "Is a directory").
    void aPlantedLinkIsNeverWrittenThrough_data()
    {
        QTest::addColumn<QString>("planted");
        QTest::addColumn<QString>("logged");
        QTest::newRow("symbolic link") << "symlink"
                                       << "symbolic link";
        QTest::newRow("hard link") << "hardlink"
                                   << "regular file of our own";
        QTest::newRow("fifo") << "fifo"
                              << "regular file of our own";
        QTest::newRow("folder") << "folder"
                                << "regular file of our own";
    }
    void aPlantedLinkIsNeverWrittenThrough()
    {
        QFETCH(QString, planted);
        QFETCH(QString, logged);
        QTemporaryDir dir;
        QTemporaryDir elsewhere;
        const QString victim = elsewhere.filePath(QStringLiteral("precious"));
        writeFile(victim, "precious bytes");
        const QString part = dir.filePath(QStringLiteral("v.bin.part"));
        const QByteArray native = QFile::encodeName(part);
        if (planted == QLatin1String("symlink"))
            QVERIFY(QFile::link(victim, part));
        else if (planted == QLatin1String("hardlink"))
            QVERIFY(::link(QFile::encodeName(victim), native) == 0);
        else if (planted == QLatin1String("fifo"))
            QVERIFY(::mkfifo(native.constData(), 0644) == 0);
        else
            QVERIFY(QDir().mkdir(part));
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Task t = restoredTask(m_server->url(QStringLiteral("/file/4000/v.bin")), dir.path(),
                              QStringLiteral("v.bin"), TaskState::Queued, 4000);
        t.id = 4000;
        tasks.restoreTasks({t});
        engine.resumeRestored();
        WAIT_FOR_STATE(tasks, 4000, TaskState::Completed, 10000);
        QCOMPARE(tasks.task(4000)->fileName, QStringLiteral("v (1).bin"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("v (1).bin"))),
                 FixtureServer::contentSha256(4000));
        QFile kept(victim);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("precious bytes"));
        QVERIFY(QFileInfo(part).exists() || QFileInfo(part).isSymLink()); // not ours to delete
        QVERIFY2(logContains(tasks.task(4000), logged), qPrintable(logged));
    }

    // The record stored before the .part exists already knows the size.
    void theFirstStoredRecordCarriesTheSize()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        QList<qint64> storedTotals;
        engine.setPersistence([&model, &storedTotals](TaskId id, Durability) {
            storedTotals.append(model.task(id)->bytesTotal);
            return QtFuture::makeReadyFuture(true);
        });
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/123456/sized.bin")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(storedTotals, QList<qint64>{123456});
    }

    // Files already in the folder (and another program's .part) keep their names and bytes.
    void namesTakenOnDiskAreSkipped()
    {
        QTemporaryDir dir;
        for (const char *name : {"same.txt", "same (1).txt.part", "same (2).txt"})
            writeFile(dir.filePath(QString::fromLatin1(name)), name);
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/same.txt?seed=4")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(model.task(id)->fileName, QStringLiteral("same (3).txt"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("same (3).txt"))),
                 FixtureServer::contentSha256(1000, 4));
        for (const char *name : {"same.txt", "same (1).txt.part", "same (2).txt"})
            QCOMPARE(sha256OfFile(dir.filePath(QString::fromLatin1(name))),
                     QCryptographicHash::hash(name, QCryptographicHash::Sha256));
        QCOMPARE(filesIn(dir.path()).size(), 4);
    }

    // The database never names a file that was in the folder before the download: after a
    // kill -9 right after that store, the restart would take the user's own file of the same
    // size for the finished download ("was already complete").
    void aStoredNameIsFreeOnDisk()
    {
        QTemporaryDir dir;
        const QString mine = dir.filePath(QStringLiteral("same.bin"));
        writeFile(mine, QByteArray(1000, 'm'));
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        QStringList storedNames;
        engine.setPersistence([&model, &storedNames](TaskId id, Durability) {
            storedNames.append(model.task(id)->fileName);
            return QtFuture::makeReadyFuture(true);
        });
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/same.bin")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(storedNames, QStringList{QStringLiteral("same (1).bin")});
        QCOMPARE(sha256OfFile(mine),
                 QCryptographicHash::hash(QByteArray(1000, 'm'), QCryptographicHash::Sha256));
    }

    // A file that takes the download's name while it runs (the user saved one) is left alone,
    // and the new name is stored, to outlive a power cut, before the download takes it: after a
    // crash in between, the restart must never take that file for the finished download.
    void aNameTakenDuringTheDownloadIsStoredBeforeTheFileTakesIt()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const QString part = dir.filePath(QStringLiteral("late.bin.part"));
        struct Asked {
            QString name;
            Durability durability;
            bool nameOnDisk;
            bool partOnDisk;
        };
        QList<Asked> asked;
        engine.setPersistence([&](TaskId id, Durability durability) {
            const QString name = model.task(id)->fileName;
            asked.append(
                {name, durability, QFileInfo::exists(dir.filePath(name)), QFileInfo::exists(part)});
            return QtFuture::makeReadyFuture(true);
        });
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/late.bin?rate=300000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(part), 5000);
        writeFile(dir.filePath(QStringLiteral("late.bin")), "the user's own file");
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(model.task(id)->fileName, QStringLiteral("late (1).bin"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("late (1).bin"))),
                 FixtureServer::contentSha256(300000));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("late.bin"))),
                 QCryptographicHash::hash("the user's own file", QCryptographicHash::Sha256));
        QVERIFY(!asked.isEmpty());
        QCOMPARE(asked.last().name, QStringLiteral("late (1).bin"));
        QCOMPARE(asked.last().durability, Durability::PowerCut);
        QVERIFY(!asked.last().nameOnDisk); // stored before the rename...
        QVERIFY(asked.last().partOnDisk);  // ...while the .part was still there
    }

    // The same when the new name cannot be stored: the task fails and keeps its .part under
    // the name it holds, so Remove deletes that .part; the user's file stays.
    void aNewNameThatCannotBeStoredLeavesThePartToTheTask()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        noRetries(engine);
        const QString part = dir.filePath(QStringLiteral("kept.bin.part"));
        engine.setPersistence([](TaskId, Durability durability) {
            return QtFuture::makeReadyFuture(durability != Durability::PowerCut);
        });
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/kept.bin?rate=300000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(part), 5000);
        writeFile(dir.filePath(QStringLiteral("kept.bin")), "the user's own file");
        WAIT_FOR_STATE(model, id, TaskState::Failed, 10000);
        QCOMPARE(model.task(id)->fileName, QStringLiteral("kept.bin"));
        QVERIFY(QFileInfo::exists(part));
        engine.remove(id);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(part), 5000);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("kept.bin")});
    }

    // Pause, then Cancel, while the stopped run still waits to store its task: the run creates
    // its .part after the cancel deleted what was there. Cancel still means the file goes.
    // The old run may create its .part after the cancel: the task knows that name, so Retry
    // resumes from it and Remove deletes it; no stray file is left behind.
    void cancelAfterPauseWhileTheOldRunIsClosingLeavesNoStrayFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        QPromise<bool> stored;
        bool asked = false;
        engine.setPersistence([&](TaskId, Durability) {
            asked = true;
            stored.start();
            return stored.future();
        });
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/late.bin?rate=100000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(asked, 5000); // the run waits for the store, no .part yet
        engine.pause(id);
        engine.cancel(id);
        QCOMPARE(stateOf(tasks, id), TaskState::Canceled);
        stored.addResult(true);
        stored.finish(); // the old run goes on: creates late.bin.part, then notices the stop
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 5000);
        const QStringList files = filesIn(dir.path());
        QVERIFY(files.isEmpty() ||
                files == QStringList{tasks.task(id)->fileName + QStringLiteral(".part")});
        engine.remove(id);
        QTRY_COMPARE_WITH_TIMEOUT(filesIn(dir.path()), QStringList(), 5000);
    }

    // The report of unclaimed .part files comes before idle, names the stray file and not the
    // partial files of transfers running meanwhile.
    void orphanReportNamesStrayFilesOnlyAndComesBeforeIdle()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("stray.iso.part")), "left by someone");
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setDefaultDirectory(dir.path());
        QStringList reported;
        bool idleBeforeReport = false;
        connect(&engine, &DownloadEngine::orphanedPartFiles, this,
                [&reported](const QStringList &paths) { reported += paths; });
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        connect(&engine, &DownloadEngine::idle, this,
                [&] { idleBeforeReport = idleBeforeReport || reported.isEmpty(); });
        engine.addUrls({m_server->url(QStringLiteral("/file/200000/live.bin?rate=400000"))});
        engine.resumeRestored();
        QVERIFY(idle.wait(10000));
        QVERIFY(!idleBeforeReport);
        QCOMPARE(reported, QStringList{dir.filePath(QStringLiteral("stray.iso.part"))});
    }
};

QTEST_GUILESS_MAIN(TestPartFiles)
#include "tst_partfiles.moc"
