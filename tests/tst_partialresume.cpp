// A partial file through what users and servers do to it: pause keeps it and resume fetches only
// the rest, Cancel keeps it, Remove of a failed task deletes it, a rapid pause and resume never
// has two writers, and a server that ignores Range, answers 416 for a complete file, or changed
// size is met without splicing two files together.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// Another program's file takes the place of `path`: written beside it, then renamed over it.
static bool replaceByStranger(const QString &path, const QByteArray &bytes)
{
    const QString stranger = path + QStringLiteral(".stranger");
    QFile f(stranger);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return false;
    f.close();
    return QFile::remove(path) && QFile::rename(stranger, path);
}

class TestPartialResume : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    void serverIgnoringRangeStartsOverCleanly()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine);
        const qint64 size = 1 << 20;
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/1m/nr.bin?dropafter=300000&dropfirst=1&norange=1")),
            dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QVERIFY(logContains(model.task(id), QStringLiteral("ignored the range request")));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("nr.bin"))),
                 FixtureServer::contentSha256(size));
    }

    void completePartialFileIsVerifiedByA416()
    {
        QTemporaryDir dir;
        const qint64 size = 50000;
        TaskRegistry model;
        restore(model,
                partialTask(7, m_server->url(QStringLiteral("/file/50000/done.bin")), dir.path(),
                            QStringLiteral("done.bin"), FixtureServer::content(size)));
        DownloadEngine engine(&model);
        engine.resumeRestored();
        WAIT_FOR_STATE(model, 7, TaskState::Completed, 5000);
        QVERIFY(m_server->bytesSent() < 100); // the 416's short text, not the file again
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("done.bin")});
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("done.bin"))),
                 FixtureServer::contentSha256(size));
    }

    void pauseKeepsThePartialFileAndResumeFetchesOnlyTheRest()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setConnections(1); // a file written front to back (tst_segments: in pieces)
        const qint64 size = 2 << 20;
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/2m/p.bin?rate=1000000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->bytesDone > 300000, 5000);
        engine.pause(id);
        QCOMPARE(stateOf(model, id), TaskState::Paused);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 2000);
        const qint64 kept = QFileInfo(dir.filePath(QStringLiteral("p.bin.part"))).size();
        QVERIFY(kept > 300000);
        const qint64 sentBefore = m_server->bytesSent();
        engine.resume(id);
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("p.bin"))),
                 FixtureServer::contentSha256(size));
        // Only the rest was fetched, from where the partial file ends.
        QVERIFY2(m_server->bytesSent() - sentBefore <= size - kept + (16 << 10),
                 qPrintable(QString::number(m_server->bytesSent() - sentBefore)));
        QVERIFY(m_server->lastRequestHeaders(QStringLiteral("/file/2m/p.bin"))
                    .contains("Range: bytes=" + QByteArray::number(kept) + '-'));
    }

    void cancelWhileWaitingToRetryKeepsThePartialFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        RetryPolicy p = engine.retryPolicy();
        p.baseDelayMs = 60000; // the retry would come much later
        engine.setRetryPolicy(p);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/1m/w.bin?dropafter=200000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->isWaitingToRetry(), 5000);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("w.bin.part")});
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        engine.cancel(id);
        QCOMPARE(stateOf(model, id), TaskState::Canceled);
        QVERIFY(!engine.hasWork());
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("w.bin.part")}); // kept
        // Headless mode exits on idle: no 60 s wait for a timer that no longer applies.
        QTRY_VERIFY_WITH_TIMEOUT(idle.count() > 0, 2000);
    }

    void removingAFailedTaskDeletesItsPartialFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine, 1);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/1m/f.bin?dropafter=200000")), dir.path());
        WAIT_FOR_STATE(model, id, TaskState::Failed, 5000);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("f.bin.part")});
        engine.remove(id);
        QTRY_VERIFY_WITH_TIMEOUT(filesIn(dir.path()).isEmpty(), 2000);
    }

    // A resumed run must wait until the paused one has written and closed its .part, or two
    // writers append to one file and it completes corrupt (on a slow disk the race is wide).
    void rapidPauseResumeNeverCorruptsTheFile()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        const qint64 size = 3 << 20;
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/3m/pr.bin?rate=3000000")), dir.path());
        int mostAlive = 0; // transfers alive when one starts: the stopped one must have ended
        connect(&model, &TaskModel::stateChanged, this, [&](TaskId, TaskState state) {
            if (state == TaskState::Running)
                mostAlive = qMax(mostAlive, engine.runningCount());
        });
        for (int round = 0; round < 6; ++round) {
            const qint64 before = model.task(id)->bytesDone;
            QTRY_VERIFY_WITH_TIMEOUT(model.task(id)->bytesDone > before + 100000 ||
                                         stateOf(model, id) == TaskState::Completed,
                                     5000);
            if (stateOf(model, id) == TaskState::Completed)
                break;
            engine.pause(id);
            engine.resume(id); // same event-loop turn: the old run is still closing its file
        }
        WAIT_FOR_STATE(model, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("pr.bin"))),
                 FixtureServer::contentSha256(size));
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("pr.bin")});
        QCOMPARE(mostAlive, 1);
    }

    // No strong validator, so only the size can tell that the file changed: a different
    // Content-Range total restarts the download instead of splicing two files together.
    void aResumeOntoAResizedFileStartsOver()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        fastRetries(engine);
        Task t;
        t.url = m_server->url(QStringLiteral("/file/1m/v.bin?dropafter=300000&dropfirst=1&seed=1"));
        t.editExtra().mirrors = {m_server->url(QStringLiteral("/file/2m/v.bin?seed=2"))};
        t.directory = dir.path();
        const TaskId id = engine.addDownloads({t}).constFirst();
        WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QVERIFY(logContains(model.task(id), QStringLiteral("changed size")));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("v.bin"))),
                 FixtureServer::contentSha256(2 << 20, 2));
    }

    // Another program puts its own file under the .part's name during the download: the commit
    // refuses it, and a Retry must not resume from it either. It did: the stranger's bytes were
    // taken as the first part of the download, which completed (exit 0) with a wrong hash.
    void aPartReplacedDuringTheDownloadIsNotResumedFrom()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        engine.setConnections(1);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300k/sw.bin?rate=200000")), dir.path());
        const QString part = dir.filePath(QStringLiteral("sw.bin.part"));
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 0 && QFile::exists(part), 10000);
        const QByteArray strangers(100000, '\0');
        QVERIFY(replaceByStranger(part, strangers));
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QVERIFY2(tasks.task(id)->error.message.contains(QLatin1String("replaced")),
                 qPrintable(tasks.task(id)->error.message));
        engine.retry(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 10000);
        const QString name = tasks.task(id)->fileName;
        QVERIFY2(name != QLatin1String("sw.bin"), qPrintable(name)); // the .part's name is taken
        QCOMPARE(sha256OfFile(dir.filePath(name)), FixtureServer::contentSha256(300 * 1024));
        QFile kept(part);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), strangers); // not ours: left as it is
    }

    // The same stranger, with a checksum to verify: the mismatch deleted the .part's path, that
    // is the stranger's file.
    void aPartReplacedBeforeAChecksumMismatchIsNotDeleted()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        engine.setConnections(1);
        Task wanted;
        wanted.url = m_server->url(QStringLiteral("/file/300k/ck.bin?rate=200000"));
        wanted.directory = dir.path();
        wanted.editExtra().checksum = QStringLiteral("sha-256=") + QString(64, QLatin1Char('0'));
        const TaskId id = engine.addDownloads({wanted}).constFirst();
        const QString part = dir.filePath(QStringLiteral("ck.bin.part"));
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 0 && QFile::exists(part), 10000);
        QVERIFY(replaceByStranger(part, "precious"));
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QFile kept(part);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("precious"));
    }

    // A numbered name taken while the download runs ("n (1).bin" saved by the user) goes on to
    // the next number of the name it came from: it became "n (1) (1).bin".
    void aNumberedNameTakenMeanwhileGoesOnToTheNextNumber()
    {
        QTemporaryDir dir;
        {
            QFile first(dir.filePath(QStringLiteral("n.bin")));
            QVERIFY(first.open(QIODevice::WriteOnly));
        }
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        engine.setConnections(1);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300k/n.bin?rate=200000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(QStringLiteral("n (1).bin.part"))),
                                 10000);
        {
            QFile users(dir.filePath(QStringLiteral("n (1).bin")));
            QVERIFY(users.open(QIODevice::WriteOnly));
            users.write("the user's");
        }
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 10000);
        QCOMPARE(tasks.task(id)->fileName, QStringLiteral("n (2).bin"));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("n (2).bin"))),
                 FixtureServer::contentSha256(300 * 1024));
    }
};

QTEST_GUILESS_MAIN(TestPartialResume)
#include "tst_partialresume.moc"
