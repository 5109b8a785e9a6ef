// Start Now, which starts a download beyond the limit of downloads at once, holds through what
// starts its attempt again: other connections for it, and a pause followed at once by Start
// Now. Either put it back in the queue, behind the limit, where it stayed.
#include "fixturesuite.h"
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

class TestStartNow : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    void aDownloadStartedNowGoesOnRunningThroughARestart()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMaxConcurrent(1);
        engine.setConnections(2);
        const TaskId first = engine.addUrl(
            m_server->url(QStringLiteral("/file/16m/first.bin?rate=200000")), dir.path());
        const TaskId now = engine.addUrl(
            m_server->url(QStringLiteral("/file/4m/now.bin?rate=500000")), dir.path());
        WAIT_FOR_STATE(tasks, first, TaskState::Running, 10000);
        QCOMPARE(stateOf(tasks, now), TaskState::Queued);
        engine.startNow(QList<TaskId>{now});
        WAIT_FOR_STATE(tasks, now, TaskState::Running, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(now)->bytesDone > 0, 10000);

        engine.setTaskConnections(now, 4); // its attempt starts again
        QTRY_VERIFY_WITH_TIMEOUT(logContains(tasks.task(now), QStringLiteral("Connections")), 5000);
        const qint64 before = m_server->requestCount(QStringLiteral("/file/4m/now.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_server->requestCount(QStringLiteral("/file/4m/now.bin")) > before, 10000);
        QCOMPARE(stateOf(tasks, now), TaskState::Running);

        engine.pause(now);
        engine.startNow(QList<TaskId>{now});
        const qint64 again = m_server->requestCount(QStringLiteral("/file/4m/now.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount(QStringLiteral("/file/4m/now.bin")) > again,
                                 10000);
        QCOMPARE(stateOf(tasks, now), TaskState::Running);
        QCOMPARE(stateOf(tasks, first), TaskState::Running);
        engine.cancel(QList<TaskId>{first, now});
    }

    // Start Now while the old run still closes its .part, then Pause and a plain Resume: the
    // last word is the Resume, so the download waits for a free slot. The Start Now was kept
    // and started it beyond the limit once the old run had closed.
    void aPlainResumeAfterStartNowWaitsItsTurn()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        engine.setMaxConcurrent(1);
        const TaskId first = engine.addUrl(
            m_server->url(QStringLiteral("/file/2m/turn1.bin?rate=1000000")), dir.path());
        const TaskId later = engine.addUrl(
            m_server->url(QStringLiteral("/file/1m/turn2.bin?rate=1000000")), dir.path());
        WAIT_FOR_STATE(tasks, first, TaskState::Running, 10000);
        engine.startNow(QList<TaskId>{later});
        QTRY_VERIFY_WITH_TIMEOUT(tasks.task(later)->bytesDone > 0, 10000);
        bool beyondTheLimit = false;
        connect(&tasks, &TaskRegistry::stateChanged, this, [&](TaskId id, TaskState state) {
            // The first still downloading (not its save, which hands its slot on).
            if (id == later && state == TaskState::Running)
                beyondTheLimit |= tasks.task(first)->bytesDone < (2 << 20);
        });
        engine.pause(later); // its run closes its .part from here on
        engine.startNow(QList<TaskId>{later});
        engine.pause(later);
        engine.resume(QList<TaskId>{later});
        WAIT_FOR_STATE(tasks, later, TaskState::Completed, 20000);
        QVERIFY(!beyondTheLimit);
        QCOMPARE(stateOf(tasks, first), TaskState::Completed);
    }
};

QTEST_GUILESS_MAIN(TestStartNow)
#include "tst_startnow.moc"
