// One file over several connections: the same bytes whatever the count, servers that get ranges
// wrong never put a byte at the wrong offset, a server that wants fewer connections gets fewer,
// and a pause, a stale segment map or a damaged one never costs a wrong byte.
#include "fixturesuite.h"
#include "services/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/segmentplan.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>

constexpr qint64 MiB = 1024 * 1024;

class TestSegments : public FixtureSuite {
    Q_OBJECT
private:
    // Downloads `path` with `connections` and returns the task once it ended as `wanted`.
    const Task *download(TaskRegistry &tasks, DownloadEngine &engine, const QTemporaryDir &dir,
                         const QString &path, TaskState wanted = TaskState::Completed)
    {
        const TaskId id = engine.addUrl(m_server->url(path), dir.path());
        [&] { WAIT_FOR_STATE(tasks, id, wanted, 30000); }();
        return tasks.task(id);
    }

private Q_SLOTS:
    void theSameBytesOverAnyNumberOfConnections_data()
    {
        QTest::addColumn<int>("connections");
        QTest::newRow("1") << 1;
        QTest::newRow("4") << 4;
        QTest::newRow("16") << 16;
    }
    void theSameBytesOverAnyNumberOfConnections()
    {
        QFETCH(int, connections);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(connections);
        engine.setMinSplitSize(256 * 1024);
        const qint64 size = 8 * MiB;
        // Each connection is held to 2 MB/s, as by a server that limits connections.
        const Task *t = download(tasks, engine, dir,
                                 QStringLiteral("/file/8m/s.bin?rate=2000000&seed=3&etag=a"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("s.bin"))),
                 FixtureServer::contentSha256(size, 3));
        QCOMPARE(m_server->maxActiveRequests(), connections);
        QVERIFY2(m_server->bytesSent() <= size + connections * (64 << 10),
                 qPrintable(QString::number(m_server->bytesSent())));
        QCOMPARE(t->segments, QString()); // complete: no map left
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("s.bin")});
    }

    void smallFilesAreNotSplit()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks); // 8 connections, 1 MiB minimum split
        download(tasks, engine, dir, QStringLiteral("/file/1900k/small.bin?rate=4000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(m_server->maxActiveRequests(), 1);
        QCOMPARE(m_server->requestCount(), 1);
    }

    // Gopeed wrote such answers at the offset asked for: a file full of copies of its start.
    void aRangeFromTheWrongOffsetIsNeverWritten()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const Task *t = download(tasks, engine, dir,
                                 QStringLiteral("/file/4m/w.bin?rangefrom0=1&rate=2000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("w.bin"))),
                 FixtureServer::contentSha256(4 * MiB));
        QVERIFY(logContains(t, QStringLiteral("wrong range")));
    }

    void aServerThatIgnoresRangesGetsOneConnectionAndNoSecondCopy()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const qint64 size = 4 * MiB;
        const Task *t =
            download(tasks, engine, dir, QStringLiteral("/file/4m/n.bin?norange=1&rate=2000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("n.bin"))),
                 FixtureServer::contentSha256(size));
        QVERIFY(logContains(t, QStringLiteral("does not serve ranges")));
        QCOMPARE(t->attempts, 1);
        // The whole-file answers to the range requests were dropped at their first bytes.
        QVERIFY2(m_server->bytesSent() <= size + 8 * (64 << 10),
                 qPrintable(QString::number(m_server->bytesSent())));
    }

    void aFileThatChangedBetweenPiecesIsNotMixed()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const Task *t = download(
            tasks, engine, dir, QStringLiteral("/file/4m/c.bin?etag=v1&rangeetag=v2&rate=2000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("c.bin"))),
                 FixtureServer::contentSha256(4 * MiB));
        QVERIFY(logContains(t, QStringLiteral("changed on the server")));
    }

    // The first response runs on past its piece: once the piece is whole it ends there, even if
    // the server sends nothing more (it used to wait for the next bytes, up to the stall
    // timeout of 30 s).
    void aFinishedPieceNeverWaitsForBytesPastIt()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(2); // pieces [0, 4 MiB) and [4 MiB, 8 MiB): no body byte is in
                                  // before the split (bodydelay)
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/8m/e.bin?stallafter=4194304&bodydelay=300")),
            dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 10000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("e.bin"))),
                 FixtureServer::contentSha256(8 * MiB));
        QCOMPARE(tasks.task(id)->attempts, 1);
    }

    void droppedPiecesAreFetchedAgainAndOnlyThem()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        fastRetries(engine);
        engine.setConnections(4);
        const qint64 size = 6 * MiB;
        download(tasks, engine, dir,
                 QStringLiteral("/file/6m/d.bin?dropafter=300000&dropfirst=3&rate=2000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("d.bin"))),
                 FixtureServer::contentSha256(size));
        QVERIFY2(m_server->bytesSent() <= size + 4 * (64 << 10),
                 qPrintable(QString::number(m_server->bytesSent())));
    }

    // Servers answer floods with 429: the download goes on with the connections it has.
    void aServerThatRefusesExtraConnectionsGetsFewer()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const Task *t =
            download(tasks, engine, dir, QStringLiteral("/file/8m/r.bin?maxactive=4&rate=2000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("r.bin"))),
                 FixtureServer::contentSha256(8 * MiB));
        QVERIFY(logContains(t, QStringLiteral("refused another connection")));
        QVERIFY(logContains(t, QStringLiteral("for a minute"))); // the host's cap came down
        QCOMPARE(t->attempts, 1);                                // never a failed attempt
    }

    // The map of a download about to be split is stored to outlive a power cut before the
    // .part grows to its full size: a full-size .part without its map reads as a whole file.
    // The name, stored before the .part exists, only has to outlive a kill (it costs no sync).
    void theMapOfASplitIsStoredToOutliveAPowerCut()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        QList<std::pair<bool, Durability>> asked; // whether a map was in the task, and how
        engine.setPersistence([&tasks, &asked](TaskId id, Durability durability) {
            asked.append({!tasks.task(id)->segments.isEmpty(), durability});
            return QtFuture::makeReadyFuture(true);
        });
        download(tasks, engine, dir, QStringLiteral("/file/8m/m.bin?rate=8000000"));
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(asked.size() >= 2);
        QCOMPARE(asked.first(), std::make_pair(false, Durability::KilledProcess)); // the name
        const auto map =
            std::find_if(asked.cbegin(), asked.cend(), [](const auto &call) { return call.first; });
        QVERIFY(map != asked.cend());
        QCOMPARE(map->second, Durability::PowerCut);
    }

    // The Retry-After of a refused extra connection is the server's word on that refusal alone:
    // when the download went on without it and ends later for another reason (here every
    // connection drops), the task retries after its own backoff, not the refusal's 5 minutes.
    void aRefusalTheDownloadWentOnFromDoesNotDelayItsRetry()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        RetryPolicy policy = engine.retryPolicy();
        policy.baseDelayMs = 2000; // long enough to be seen waiting
        policy.maxDelayMs = 4000;
        engine.setRetryPolicy(policy);
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/8m/w.bin?maxactive=4&retryafter=300"
                                                       "&dropafter=300000&rate=2000000")),
                          dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->isWaitingToRetry(), 30000);
        const Task *t = tasks.task(id);
        QVERIFY(logContains(t, QStringLiteral("refused another connection")));
        const qint64 waitMs = QDateTime::currentDateTimeUtc().msecsTo(t->retryAt);
        QVERIFY2(waitMs < 10000, qPrintable(QString::number(waitMs)));
        engine.cancel(id);
    }

    // --max-per-host: one cap for a host across every task, pieces and first requests alike;
    // the tasks beyond it wait their turn and all complete.
    void thePerHostCapHoldsAcrossTasksAndPieces()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMaxPerHost(3);
        QList<QUrl> urls{m_server->url(QStringLiteral("/file/8m/big.bin?rate=4000000"))};
        for (int i = 0; i < 4; ++i)
            urls.append(m_server->url(QStringLiteral("/file/300k/s%1.bin?rate=300000").arg(i)));
        const QList<TaskId> ids = engine.addUrls(urls, dir.path());
        for (TaskId id : ids)
            WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        // Requests in progress at once (idle connections kept for reuse do not count).
        QVERIFY2(m_server->maxActiveRequests() <= 3,
                 qPrintable(QString::number(m_server->maxActiveRequests())));
        QVERIFY(m_server->maxActiveRequests() >= 2);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("big.bin"))),
                 FixtureServer::contentSha256(8 * MiB));
    }

    // A redirect to another host name: the first request and the pieces count against one
    // host, the one the URL names (they used to count against two, doubling the cap).
    void thePerHostCapCountsARedirectedDownloadOnce()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMaxPerHost(2);
        QList<QUrl> urls;
        for (int i = 0; i < 2; ++i) {
            const QUrl target =
                m_server->url(QStringLiteral("/file/8m/r%1.bin?rate=2000000").arg(i));
            QUrl url = m_server->url(QStringLiteral("/redirect"));
            url.setHost(QStringLiteral("localhost"));
            url.setQuery(QStringLiteral("to=") +
                         QString::fromLatin1(QUrl::toPercentEncoding(target.toString())));
            urls.append(url);
        }
        const QList<TaskId> ids = engine.addUrls(urls, dir.path());
        for (TaskId id : ids)
            WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QVERIFY2(m_server->maxActiveRequests() <= 2,
                 qPrintable(QString::number(m_server->maxActiveRequests())));
    }

    // aria2 input files list the same file on several servers: the pieces come from all of
    // them, and one that fails is left out while the others finish the file.
    void piecesComeFromEveryMirrorAndABadOneIsLeftOut()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        Task t;
        t.url = m_server->url(QStringLiteral("/file/8m/m.bin?rate=2000000&seed=4"));
        t.editExtra().mirrors = {
            m_server->url(QStringLiteral("/file/8m/mirror-a/m.bin?rate=2000000&seed=4")),
            m_server->url(QStringLiteral("/file/8m/mirror-b/m.bin?status=404")),
            m_server->url(QStringLiteral("/file/9m/mirror-c/m.bin?seed=4"))};
        t.directory = dir.path();
        std::vector<Task> one;
        one.push_back(t);
        const TaskId id = engine.addDownloads(std::move(one)).constFirst();
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("m.bin"))),
                 FixtureServer::contentSha256(8 * MiB, 4));
        QVERIFY(m_server->requestCount(QStringLiteral("/file/8m/mirror-a/m.bin")) > 0);
        QVERIFY(logContains(tasks.task(id), QStringLiteral("mirror-b/m.bin?status=404 left out")));
        QVERIFY(
            logContains(tasks.task(id), QStringLiteral("mirror-c/m.bin?seed=4 left out"))); // 9 MiB
        QCOMPARE(tasks.task(id)->attempts, 1);
    }

    void pauseAndResumeFetchOnlyTheMissingBytes()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(4);
        const qint64 size = 6 * MiB;
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/6m/p.bin?rate=1000000&etag=p")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 2 * MiB, 10000);
        engine.pause(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        const auto map = SegmentPlan::parse(tasks.task(id)->segments, MiB);
        QVERIFY2(map, qPrintable(tasks.task(id)->segments));
        QVERIFY(map->doneBytes() > 2 * MiB);
        QCOMPARE(map->doneBytes(), tasks.task(id)->bytesDone);
        const qint64 sentBefore = m_server->bytesSent();
        engine.resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("p.bin"))),
                 FixtureServer::contentSha256(size));
        const qint64 sentAfter = m_server->bytesSent() - sentBefore;
        QVERIFY2(
            sentAfter <= size - map->doneBytes() + 4 * (64 << 10),
            qPrintable(
                QStringLiteral("%1 sent, %2 missing").arg(sentAfter).arg(size - map->doneBytes())));
    }

    // Connections that cannot even start (curl got no socket set: no descriptor was left when
    // the engine was made) end the attempt with an error. Each one failed before its first
    // wait, and the download in pieces started the next at once, for ever: the window froze.
    void connectionsThatCannotStartEndTheAttempt()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        TaskId id = 0;
        {
            DownloadEngine engine(&tasks);
            engine.setConnections(4);
            id = engine.addUrl(m_server->url(QStringLiteral("/file/4m/n.bin?rate=1000000")),
                               dir.path());
            QTRY_VERIFY_WITH_TIMEOUT(
                !tasks.task(id)->segments.isEmpty() && tasks.task(id)->bytesDone > MiB, 10000);
            engine.pause(id);
            QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 5000);
        }
        rlimit old{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &old), 0);
        const int lowestFree = ::dup(0);
        QVERIFY(lowestFree >= 0);
        ::close(lowestFree);
        rlimit none = old;
        none.rlim_cur = rlim_t(lowestFree);
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &none), 0);
        auto engine = std::make_unique<DownloadEngine>(&tasks);
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &old), 0);
        noRetries(*engine);
        engine->setConnections(4);
        engine->resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("n.bin.part")))); // kept
    }

    // A power cut can leave the file newer than its map (never the other way round: the map is
    // stored after the sync). Bytes the map does not claim are fetched again, whatever they are.
    void bytesTheMapDoesNotClaimAreNeverTrusted()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(4);
        const qint64 size = 6 * MiB;
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/6m/o.bin?rate=1000000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 2 * MiB, 10000);
        engine.pause(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 5000);
        // An older map: only the first 100,000 bytes. Everything else in the file is garbage.
        SegmentPlan older(size, MiB);
        older.markDone({0, 100000});
        tasks.setSegments(id, SegmentPlan::serialize(size, older.doneRanges()));
        {
            QFile part(dir.filePath(QStringLiteral("o.bin.part")));
            QVERIFY(part.open(QIODevice::ReadWrite));
            QCOMPARE(part.size(), size);
            part.seek(100000);
            part.write(QByteArray(size - 100000, '\xff'));
        }
        engine.resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("o.bin"))),
                 FixtureServer::contentSha256(size));
    }

    void aMapThatDoesNotFitTheFileStartsFromZero()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(4);
        const qint64 size = 4 * MiB;
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/4m/m.bin?rate=1000000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > MiB, 10000);
        engine.pause(id);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 5000);
        // A map of another size: not this file's.
        tasks.setSegments(id, QStringLiteral("fetchdeck-segments 1 999 0-999"));
        engine.resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("m.bin"))),
                 FixtureServer::contentSha256(size));
        QVERIFY(logContains(tasks.task(id), QStringLiteral("does not match")));
    }

    // Cancel closes every connection and keeps the pieces and their map; Retry fetches only
    // what is missing.
    void cancelClosesEveryConnectionAndRetryResumesEachPiece()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const qint64 size = 16 << 20;
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/16m/x.bin?rate=500000")), dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 8, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > (1 << 20), 10000);
        engine.cancel(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Canceled, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.runningCount(), 0, 5000);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("x.bin.part")});
        QVERIFY(!tasks.task(id)->segments.isEmpty());
        const qint64 kept = tasks.task(id)->bytesDone;
        QVERIFY(kept > 0);

        m_server->resetStats();
        engine.retry(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 60000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("x.bin"))),
                 FixtureServer::contentSha256(size));
        // Only what was missing came again (a little more: pieces not yet checkpointed).
        QVERIFY2(
            m_server->bytesSent() < size - kept / 2,
            qPrintable(QStringLiteral("%1 sent, %2 kept").arg(m_server->bytesSent()).arg(kept)));
    }
};

QTEST_GUILESS_MAIN(TestSegments)
#include "tst_segments.moc"
