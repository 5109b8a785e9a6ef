// A finished download's commit (the sync of its bytes and folder, the rename) does not hold the
// network, nor does naming a small file whose whole response is in: the next download starts
// while the disk catches up, the engine is idle and stops only once every file is committed,
// and a stalled disk lets only a bounded number of finished downloads wait for it.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QPromise>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <utility>
#include <vector>

namespace {
int withAllBytes(const TaskRegistry &tasks, const QList<TaskId> &ids)
{
    int n = 0;
    for (TaskId id : ids)
        if (const Task *t = tasks.task(id); t && t->bytesTotal > 0 && t->bytesDone == t->bytesTotal)
            ++n;
    return n;
}
// The file holds what the fixture served for /file/<size>/...?seed=<seed>.
void expectServed(const QTemporaryDir &dir, const QString &name, qint64 size, quint32 seed)
{
    QCOMPARE(sha256OfFile(dir.filePath(name)), FixtureServer::contentSha256(size, seed));
}

// An engine whose disk commits nothing until the test resumes it (or the test ends: the
// engine waits for its commits when it goes).
struct HeldCommits {
    QTemporaryDir dir;
    TaskRegistry tasks;
    DownloadEngine engine{&tasks};
    TaskModel model{&tasks};
    HeldCommits() { engine.committer().pause(); }
    ~HeldCommits() { engine.committer().resume(); }
    HeldCommits(const HeldCommits &) = delete;
    HeldCommits &operator=(const HeldCommits &) = delete;
};
// An engine whose task store holds every write of a task's name until the test lets them
// through (storeAll(); also when the test ends, before the engine goes).
struct HeldNames {
    QTemporaryDir dir;
    TaskRegistry tasks;
    std::vector<std::pair<TaskId, std::shared_ptr<QPromise<bool>>>> asked; // in order
    bool holding = true;
    DownloadEngine engine{&tasks};
    TaskModel model{&tasks};
    HeldNames()
    {
        engine.setPersistence([this](TaskId id, Durability) {
            auto promise = std::make_shared<QPromise<bool>>();
            promise->start();
            QFuture<bool> stored = promise->future();
            if (holding) {
                asked.emplace_back(id, promise);
            } else {
                promise->addResult(true);
                promise->finish();
            }
            return stored;
        });
    }
    ~HeldNames() { storeAll(); }
    HeldNames(const HeldNames &) = delete;
    HeldNames &operator=(const HeldNames &) = delete;
    void storeAll()
    {
        holding = false;
        for (auto &[id, promise] : asked) {
            promise->addResult(true);
            promise->finish();
        }
        asked.clear();
    }
};
} // namespace

class TestEngineCommits : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    void theNextDownloadRunsWhileAFileIsCommitted()
    {
        HeldCommits held;
        auto &[dir, tasks, engine, model] = held;
        engine.setMaxConcurrent(1);
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/a.bin?seed=1")), dir.path());
        const TaskId b =
            engine.addUrl(m_server->url(QStringLiteral("/file/2000/b.bin?seed=2")), dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(withAllBytes(tasks, {a, b}), 2, 5000);
        // Neither is complete before its bytes and name are on disk.
        QCOMPARE(tasks.task(a)->state, TaskState::Running);
        QCOMPARE(tasks.task(b)->state, TaskState::Running);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a.bin"))));
        QCOMPARE(idle.count(), 0);
        engine.committer().resume();
        WAIT_FOR_STATE(model, a, TaskState::Completed, 10000);
        WAIT_FOR_STATE(model, b, TaskState::Completed, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, 5000);
        expectServed(dir, QStringLiteral("a.bin"), 1000, 1);
        expectServed(dir, QStringLiteral("b.bin"), 2000, 2);
    }

    // A small file's whole response is in before its name is chosen and stored: the next
    // download starts while the task store is still writing the first one's name. Not under a
    // speed limit, which meters the bytes as they are written, after the naming: the download
    // keeps its slot meanwhile, and the next one waits.
    void aSmallFileGivesUpItsSlotWhileItIsNamed_data()
    {
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("givenUp");
        QTest::newRow("no speed limit") << qint64(0) << true;
        QTest::newRow("a speed limit") << qint64(50 * 1024 * 1024) << false;
    }
    void aSmallFileGivesUpItsSlotWhileItIsNamed()
    {
        QFETCH(qint64, limit);
        QFETCH(bool, givenUp);
        HeldNames held;
        auto &[dir, tasks, asked, holding, engine, model] = held;
        engine.setMaxConcurrent(1);
        engine.setLimitRate(limit);
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/n1.bin?seed=1")), dir.path());
        const TaskId b =
            engine.addUrl(m_server->url(QStringLiteral("/file/2000/n2.bin?seed=2")), dir.path());
        if (givenUp) {
            QTRY_COMPARE_WITH_TIMEOUT(asked.size(), std::size_t(2), 5000);
            // Both wait to be stored, in either order (the names are looked up side by side).
            QCOMPARE((QSet<TaskId>{asked[0].first, asked[1].first}), (QSet<TaskId>{a, b}));
        } else {
            QTRY_COMPARE_WITH_TIMEOUT(asked.size(), std::size_t(1), 5000);
            QCOMPARE(asked[0].first, a);
            QCOMPARE(tasks.task(b)->state, TaskState::Queued);
            QCOMPARE(engine.runningCount(), 1);
        }
        // Nothing is created before its name is stored.
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("n1.bin.part"))));
        QCOMPARE(tasks.task(a)->state, TaskState::Running);
        held.storeAll();
        WAIT_FOR_STATE(model, a, TaskState::Completed, 10000);
        WAIT_FOR_STATE(model, b, TaskState::Completed, 10000);
        expectServed(dir, QStringLiteral("n1.bin"), 1000, 1);
        expectServed(dir, QStringLiteral("n2.bin"), 2000, 2);
    }

    // A whole response whose headers say the file is larger (a 206 of "bytes 0-4194303/4194304"
    // with a Content-Length of 5) contradicts itself. It was split across connections, keeping
    // its slot; now it fails at once with the reason, is asked for once, and the next
    // download goes on.
    void aWholeResponseThatContradictsItselfFailsAtOnce()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine{&tasks};
        TaskModel model{&tasks};
        engine.setMaxConcurrent(1);
        const QString hostile = QStringLiteral("/hostile/shortwholerange");
        const TaskId a = engine.addUrl(m_server->url(hostile), dir.path());
        const TaskId b =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/k.bin?seed=4")), dir.path());
        WAIT_FOR_STATE(model, a, TaskState::Failed, 10000);
        QVERIFY2(model.task(a)->error.message.startsWith(
                     QStringLiteral("the server's answer does not add up")),
                 qPrintable(model.task(a)->error.message));
        QCOMPARE(m_server->requestCount(hostile), 1);
        WAIT_FOR_STATE(model, b, TaskState::Completed, 10000);
    }

    // The host's cap counts connections: a download that is only committing holds none.
    void aHostsCapIsFreeWhileAFileIsCommitted()
    {
        HeldCommits held;
        auto &[dir, tasks, engine, model] = held;
        engine.setMaxConcurrent(4);
        engine.setMaxPerHost(1);
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/h1.bin?seed=1")), dir.path());
        const TaskId b =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/h2.bin?seed=2")), dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(withAllBytes(tasks, {a, b}), 2, 5000);
        engine.committer().resume();
        WAIT_FOR_STATE(model, a, TaskState::Completed, 10000);
        WAIT_FOR_STATE(model, b, TaskState::Completed, 10000);
    }

    // A task paused and resumed while its file is committed is queued again: the engine is not
    // idle before the commit has settled it (headless mode exits on idle).
    void idleWaitsForATaskQueuedDuringItsCommit()
    {
        HeldCommits held;
        auto &[dir, tasks, engine, model] = held;
        engine.setMaxConcurrent(1);
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/p.bin?seed=5")), dir.path());
        QList<bool> workAtIdle;
        connect(&engine, &DownloadEngine::idle, this, [&] { workAtIdle.append(engine.hasWork()); });
        QTRY_COMPARE_WITH_TIMEOUT(withAllBytes(tasks, {a}), 1, 5000);
        engine.pause(a);
        engine.resume(a);
        engine.committer().resume();
        WAIT_FOR_STATE(model, a, TaskState::Completed, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!workAtIdle.isEmpty(), 5000);
        QVERIFY2(!workAtIdle.contains(true), "idle() while a task was queued");
        expectServed(dir, QStringLiteral("p.bin"), 1000, 5);
    }

    // Paused (or paused and resumed) while its file is committed: the file ends whole under its
    // name, so the task is Completed, not left Paused or fetched again.
    void aTaskPausedDuringItsCommitIsCompleted_data()
    {
        QTest::addColumn<bool>("resumed");
        QTest::newRow("paused") << false;
        QTest::newRow("paused and resumed") << true;
    }
    void aTaskPausedDuringItsCommitIsCompleted()
    {
        QFETCH(bool, resumed);
        HeldCommits held;
        auto &[dir, tasks, engine, model] = held;
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/c.bin?seed=6")), dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(withAllBytes(tasks, {a}), 1, 5000);
        engine.pause(a);
        QCOMPARE(tasks.task(a)->state, TaskState::Paused);
        if (resumed)
            engine.resume(a);
        QSignalSpy idle(&engine, &DownloadEngine::idle);
        engine.committer().resume();
        QTRY_VERIFY_WITH_TIMEOUT(idle.count() > 0, 10000);
        QCOMPARE(tasks.task(a)->state, TaskState::Completed);
        QCOMPARE(tasks.task(a)->fileName, QStringLiteral("c.bin"));
        QCOMPARE(m_server->requestCount(QStringLiteral("/file/1000/c.bin")), 1);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("c.bin")});
    }

    // So many of them, and so many of their bytes (each counted up to a limit): a hung disk
    // cannot collect finished downloads, or their memory, without bound.
    void aStalledDiskHoldsBackOnlySoManyFinishedDownloads_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<int>("waiting");
        QTest::newRow("small files: so many") << qint64(100) << DownloadEngine::MaxCommitting;
        constexpr qint64 Larger = 900 * 1024;
        QTest::newRow("larger files: so many bytes")
            << Larger << int(DownloadEngine::MaxCommittingBytes / Larger);
    }
    void aStalledDiskHoldsBackOnlySoManyFinishedDownloads()
    {
        QFETCH(qint64, bytes);
        QFETCH(int, waiting);
        HeldCommits held;
        auto &[dir, tasks, engine, model] = held;
        engine.setMaxConcurrent(1);
        QList<TaskId> ids;
        const int bound = waiting + 1; // those waiting, and one in its slot
        for (int i = 0; i < bound + 5; ++i)
            ids.append(engine.addUrl(
                m_server->url(QStringLiteral("/file/%1/f%2.bin?seed=%2").arg(bytes).arg(i)),
                dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(withAllBytes(tasks, ids), bound, 10000);
        // The last one to finish kept its slot: nothing else could start.
        for (qsizetype i = bound; i < ids.size(); ++i)
            QCOMPARE(tasks.task(ids[i])->state, TaskState::Queued);
        QCOMPARE(engine.runningCount(), bound);
        engine.committer().resume();
        for (TaskId id : std::as_const(ids))
            WAIT_FOR_STATE(model, id, TaskState::Completed, 10000);
        QCOMPARE(filesIn(dir.path()).size(), ids.size());
    }

    // Shutting down waits for files still being committed.
    void shutdownWaitsForTheCommits()
    {
        HeldCommits held;
        auto &[dir, tasks, engine, model] = held;
        QSignalSpy stopped(&engine, &DownloadEngine::stopped);
        const TaskId a =
            engine.addUrl(m_server->url(QStringLiteral("/file/1000/s.bin?seed=3")), dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(withAllBytes(tasks, {a}), 1, 5000);
        engine.stopAll();
        QCoreApplication::processEvents();
        QCOMPARE(stopped.count(), 0);
        engine.committer().resume();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 5000);
        QCOMPARE(tasks.task(a)->state, TaskState::Completed);
    }

    // A file saved under a download's name while it runs is left alone: the download takes the
    // next free name, and its log says why it is not under the name it showed.
    void aNameTakenWhileTheDownloadRanIsLeftAloneAndSaid()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/300000/taken.bin?rate=300000&seed=4")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 0, 5000);
        writeFile(dir.filePath(QStringLiteral("taken.bin")), "the user's own");
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 15000);
        QCOMPARE(tasks.task(id)->fileName, QStringLiteral("taken (1).bin"));
        expectServed(dir, QStringLiteral("taken (1).bin"), 300000, 4);
        QFile own(dir.filePath(QStringLiteral("taken.bin")));
        QVERIFY(own.open(QIODevice::ReadOnly));
        QCOMPARE(own.readAll(), QByteArray("the user's own"));
        QVERIFY(logContains(tasks.task(id),
                            QStringLiteral("taken.bin appeared in the folder during the download: "
                                           "saved as taken (1).bin")));
    }
};

QTEST_GUILESS_MAIN(TestEngineCommits)
#include "tst_enginecommits.moc"
