// One file over several connections: the same bytes whatever the count, servers that get ranges
// wrong never put a byte at the wrong offset, a server that wants fewer connections gets fewer,
// and the host's cap and the mirrors are shared out. Its map and resumes: tst_segmentresume.
#include "fixturesuite.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/segmentplan.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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

    // A piece's answer says a shorter range than asked, then sends more than it said (no length
    // to tell): the bytes past its range were written as the piece's, a corrupt file completed.
    void aPieceNeverTakesBytesPastTheRangeItsAnswerSays()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const Task *t = download(
            tasks, engine, dir,
            QStringLiteral("/file/4m/o.bin?rangemax=65536&lengthlies=1&pastrange=1&rate=2000000"));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("o.bin"))),
                 FixtureServer::contentSha256(4 * MiB));
        QVERIFY(logContains(t, QStringLiteral("more bytes than its range")));
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

    // A server that says Accept-Ranges but refuses every range request (403, 404) while its
    // plain GET serves the file: the download failed for good after a quarter of it. The
    // first answer, which brings the whole file, goes on alone.
    void aServerThatRefusesRangesGetsOneConnection_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("403") << 403;
        QTest::newRow("404") << 404;
    }
    void aServerThatRefusesRangesGetsOneConnection()
    {
        QFETCH(int, status);
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const Task *t =
            download(tasks, engine, dir,
                     QStringLiteral("/file/4m/rr.bin?rangestatus=%1&rate=4000000").arg(status));
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("rr.bin"))),
                 FixtureServer::contentSha256(4 * MiB));
        QVERIFY(logContains(t, QStringLiteral("refused a range request")));
        QCOMPARE(t->attempts, 1);
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
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("m.bin"))),
                 FixtureServer::contentSha256(8 * MiB, 4));
        QVERIFY(m_server->requestCount(QStringLiteral("/file/8m/mirror-a/m.bin")) > 0);
        QVERIFY(logContains(tasks.task(id), QStringLiteral("mirror-b/m.bin?status=404 left out")));
        QVERIFY(
            logContains(tasks.task(id), QStringLiteral("mirror-c/m.bin?seed=4 left out"))); // 9 MiB
        QCOMPARE(tasks.task(id)->attempts, 1);
    }

    // The same lie from a mirror: left out, and none of its bytes past its range written.
    void aMirrorSendingPastItsRangeIsLeftOut()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMinSplitSize(256 * 1024);
        Task t;
        t.url = m_server->url(QStringLiteral("/file/4m/p.bin?rate=2000000&seed=7"));
        t.editExtra().mirrors = {m_server->url(QStringLiteral(
            "/file/4m/mirror-f/p.bin?seed=7&rangemax=65536&lengthlies=1&pastrange=1"))};
        t.directory = dir.path();
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("p.bin"))),
                 FixtureServer::contentSha256(4 * MiB, 7));
        QVERIFY(logContains(tasks.task(id), QStringLiteral("left out of this download: it sent "
                                                           "more bytes than its range")));
    }

    // A mirror that breaks off in the middle of a piece (closes early, or stops sending) is left
    // out by name, and its piece finished from the others.
    void aMirrorThatBreaksOffMidPieceIsLeftOutByName()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        noRetries(engine);
        engine.setStallTimeout(1);
        engine.setMinSplitSize(256 * 1024);
        Task t;
        t.url = m_server->url(QStringLiteral("/file/4m/k.bin?rate=4000000&seed=6"));
        t.editExtra().mirrors = {
            m_server->url(QStringLiteral("/file/4m/mirror-d/k.bin?seed=6&dropafter=70000")),
            m_server->url(QStringLiteral("/file/4m/mirror-e/k.bin?seed=6&stallafter=70000"))};
        t.directory = dir.path();
        const TaskId id = addTask(engine, t);
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("k.bin"))),
                 FixtureServer::contentSha256(4 * MiB, 6));
        QVERIFY(logContains(tasks.task(id),
                            QStringLiteral("mirror-d/k.bin?seed=6&dropafter=70000 left out of "
                                           "this download: Connection closed by the server")));
        QVERIFY(logContains(tasks.task(id),
                            QStringLiteral("mirror-e/k.bin?seed=6&stallafter=70000 left out of "
                                           "this download: stalled")));
        QCOMPARE(tasks.task(id)->attempts, 1);
    }

    // Choosing the connections a running download already runs with changes nothing: it
    // started its attempt again (new requests, "Paused" and "Resumed" in its log).
    void choosingTheSameConnectionsAgainChangesNothing()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(2);
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/4m/same.bin?rate=2000000")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 0, 10000);
        engine.setTaskConnections(id, 2); // Settings' count, now its own
        engine.setTaskConnections(id, 0); // back to Settings'
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 20000);
        QVERIFY(!logContains(tasks.task(id), QStringLiteral("Connections changed")));
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("same.bin"))),
                 FixtureServer::contentSha256(4 << 20));
    }
};

QTEST_GUILESS_MAIN(TestSegments)
#include "tst_segments.moc"
