// A download in pieces keeps a map of the pieces on disk: stored to outlive a power cut before
// the file grows, so a pause, a cancel or a kill resumes each piece and fetches only what is
// missing; a stale map or one of another file never costs a wrong byte; connections that cannot
// start end the attempt. The pieces themselves: tst_segments.
#include "fixturesuite.h"
#include "nodescriptors.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/http/segmentplan.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

constexpr qint64 MiB = 1024 * 1024;

// Pauses a running download once more than `done` bytes came, and waits until it stopped.
static bool pauseAfter(DownloadEngine &engine, TaskRegistry &tasks, TaskId id, qint64 done)
{
    if (!QTest::qWaitFor([&] { return tasks.task(id)->bytesDone > done; }, 10000))
        return false;
    engine.pause(id);
    return QTest::qWaitFor([&] { return engine.runningCount() == 0; }, 5000);
}

class TestSegmentResume : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
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
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/8m/m.bin?rate=8000000")), dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 30000);
        QVERIFY(asked.size() >= 2);
        QCOMPARE(asked.first(), std::make_pair(false, Durability::KilledProcess)); // the name
        const auto map =
            std::find_if(asked.cbegin(), asked.cend(), [](const auto &call) { return call.first; });
        QVERIFY(map != asked.cend());
        QCOMPARE(map->second, Durability::PowerCut);
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
        QVERIFY(pauseAfter(engine, tasks, id, 2 * MiB));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        const auto map = SegmentPlan::parse(tasks.task(id)->segments, MiB);
        QVERIFY2(map, qPrintable(tasks.task(id)->segments));
        QVERIFY(map->doneBytes() > 2 * MiB);
        QCOMPARE(map->doneBytes(), tasks.task(id)->bytesDone);
        const qint64 sentBefore = m_server->bytesSent();
        engine.resume(id);
        // The pieces' answers are the attempt's: the details said "HTTP status: —" throughout.
        QTRY_COMPARE_WITH_TIMEOUT(tasks.task(id)->responseStatus, 206, 10000);
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
        // No descriptor of the paused download may be freed while none is free on purpose.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 5000);
        std::unique_ptr<DownloadEngine> engine;
        {
            const NoFreeDescriptor none;
            QVERIFY(none.isActive());
            engine = std::make_unique<DownloadEngine>(&tasks);
        }
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
        QVERIFY(pauseAfter(engine, tasks, id, 2 * MiB));
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

    // A resumed split download whose server now refuses (a link that expired, a file moved):
    // the task fails and keeps its pieces and their map for a retry or a new address. A round
    // of this work made it start over, truncating the .part before the refusal came.
    void aRefusedResumeKeepsThePieces()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(4);
        fastRetries(engine, 1);
        const qint64 size = 6 * MiB;
        const TaskId id = engine.addUrl(
            m_server->url(QStringLiteral("/file/6m/gone.bin?rate=1000000")), dir.path());
        QVERIFY(pauseAfter(engine, tasks, id, 2 * MiB));
        const QString map = tasks.task(id)->segments;
        QVERIFY(!map.isEmpty());
        m_server->setBroken(QStringLiteral("/file/6m/gone.bin"), 403);
        auto unbreak =
            qScopeGuard([this] { m_server->setBroken(QStringLiteral("/file/6m/gone.bin"), 0); });
        engine.resume(id);
        WAIT_FOR_STATE(tasks, id, TaskState::Failed, 10000);
        QCOMPARE(tasks.task(id)->error.httpStatus, 403);
        QCOMPARE(tasks.task(id)->segments, map);
        QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("gone.bin.part"))).size(), size);
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
        QVERIFY(pauseAfter(engine, tasks, id, MiB));
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

QTEST_GUILESS_MAIN(TestSegmentResume)
#include "tst_segmentresume.moc"
