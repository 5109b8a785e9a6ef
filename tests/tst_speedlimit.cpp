// Speed limits on real transfers: the global limit holds for a download over several
// connections, two downloads share it, a task's own limit, and a change applies at once.
// Times are only bounded from below where a limit makes them so (a loaded machine can only be
// slower), and loosely from above.
#include "fixturesuite.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

constexpr qint64 MiB = 1024 * 1024;

class TestSpeedLimit : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    void theGlobalLimitHoldsOverSeveralConnections()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setLimitRate(MiB);
        QElapsedTimer clock;
        clock.start();
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/3m/g.bin?etag=g")), dir.path());
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 15000);
        const qint64 ms = clock.elapsed();
        QVERIFY2(ms >= 2600, qPrintable(QString::number(ms))); // 3 MiB at 1 MiB/s, less a burst
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("g.bin"))),
                 FixtureServer::contentSha256(3 * MiB));
        QVERIFY(m_server->requestCount() > 1); // it still came in pieces
    }

    void twoDownloadsShareTheLimit()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setConnections(1);
        engine.setLimitRate(MiB);
        const TaskId a = engine.addUrl(m_server->url(QStringLiteral("/file/8m/a.bin")), dir.path());
        const TaskId b = engine.addUrl(m_server->url(QStringLiteral("/file/8m/b.bin")), dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(a)->bytesDone + tasks.task(b)->bytesDone > 2 * MiB,
                                 10000);
        const double ratio =
            double(tasks.task(a)->bytesDone) / double(qMax<qint64>(1, tasks.task(b)->bytesDone));
        QVERIFY2(ratio > 0.6 && ratio < 1.67, qPrintable(QString::number(ratio)));
        engine.cancel(QList<TaskId>{a, b});
    }

    void aTaskLimitAndAChangeThatAppliesAtOnce()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        const TaskId id =
            engine.addUrl(m_server->url(QStringLiteral("/file/4m/t.bin")), dir.path());
        engine.setTaskLimitRate(id, 256 * 1024);
        QCOMPARE(engine.taskLimitRate(id), 256 * 1024);
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone > 64 * 1024, 5000);
        QElapsedTimer clock;
        clock.start();
        const qint64 from = tasks.task(id)->bytesDone;
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(id)->bytesDone >= from + 256 * 1024, 5000);
        // 256 KiB at 256 KiB/s: about a second (a tenth of a second's burst allowed).
        QVERIFY2(clock.elapsed() >= 750, qPrintable(QString::number(clock.elapsed())));
        engine.setTaskLimitRate(id, 0); // lifted: the rest comes at once
        WAIT_FOR_STATE(tasks, id, TaskState::Completed, 5000);
        QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("t.bin"))),
                 FixtureServer::contentSha256(4 * MiB));
    }
};

QTEST_GUILESS_MAIN(TestSpeedLimit)
#include "tst_speedlimit.moc"
