// Tasks that wait for their host (its cap of connections is reached): a task to another host
// starts as soon as a slot is free, however many of them are queued ahead of it.
#include "fixturesuite.h"
#include "models/taskmodel.h"
#include "services/engine/downloadengine.h"
#include "services/engine/hostlimits.h"
#include "services/engine/taskregistry.h"
#include "services/engine/workqueue.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

namespace {
// A work queue whose tasks each go to a host, with HostLimits deciding who must wait: what the
// engine does, without the transfers. Tasks run until the test ends them.
struct HostQueue {
    explicit HostQueue(int limit)
        : queue([limit] { return limit; },
                [this](TaskId id, QString *waitsFor) {
                    ++calls;
                    if (!hosts.tryAcquire(hostOf.value(id))) {
                        *waitsFor = hostOf.value(id);
                        return WorkQueue::Start::Later;
                    }
                    running.append(id);
                    started.append(id);
                    return WorkQueue::Start::Started;
                })
    {
    }
    void add(TaskId id, const QString &host)
    {
        hostOf.insert(id, host);
        queue.enqueue(id);
    }
    void end(TaskId id)
    {
        running.removeOne(id);
        hosts.release(hostOf.value(id));
        queue.finished();
    }
    bool pumped() // the pump that follows what the test did
    {
        QSignalSpy spy(&queue, &WorkQueue::pumped);
        return spy.wait(5000);
    }
    HostLimits hosts;
    QHash<TaskId, QString> hostOf;
    QList<TaskId> running;
    QList<TaskId> started;
    int calls = 0;
    WorkQueue queue;
};
} // namespace

class TestHostQueue : public FixtureSuite {
    Q_OBJECT
private Q_SLOTS:
    // Before, a pump gave up after 1000 tasks that had to wait: the one behind them never
    // started while their host's one download stalled, with three slots idle.
    void aTaskToAHostWithRoomStartsBehindThousandsThatWait()
    {
        QTemporaryDir dir;
        TaskRegistry tasks;
        DownloadEngine engine(&tasks);
        TaskModel model(&tasks);
        engine.setMaxConcurrent(4);
        engine.setMaxPerHost(1);
        QList<QUrl> urls{m_server->url(QStringLiteral("/file/1000/stall.bin?stallafter=10"))};
        for (int i = 0; i < 1100; ++i)
            urls.append(m_server->url(QStringLiteral("/file/10/w%1.bin").arg(i)));
        const QList<TaskId> waiting = engine.addUrls(urls, dir.path());
        QUrl other = m_server->url(QStringLiteral("/file/10/other.bin"));
        other.setHost(QStringLiteral("localhost"));
        const TaskId last = engine.addUrl(other, dir.path());
        WAIT_FOR_STATE(model, last, TaskState::Completed, 10000);
        QCOMPARE(stateOf(model, waiting.first()), TaskState::Running);
        QCOMPARE(stateOf(model, waiting.last()), TaskState::Queued);
    }

    // The order tasks start in is the queue's, skipping those whose host is full, as a scan of
    // the whole queue at every pump would give.
    void tasksStartInQueueOrderPastFullHosts()
    {
        const QStringList names{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                QStringLiteral("d")};
        const QHash<QString, int> caps{{names[0], 1}, {names[1], 2}, {names[2], 0}, {names[3], 1}};
        HostQueue q(3);
        q.hosts.setHostCaps(caps);
        QRandomGenerator random(42);
        QList<std::pair<TaskId, QString>> queued;
        for (TaskId id = 1; id <= 300; ++id) {
            const QString host = names[random.bounded(int(names.size()))];
            q.add(id, host);
            queued.append({id, host});
        }
        // The expected order: at each pump, the first queued tasks whose host has room.
        QList<TaskId> expected;
        QList<TaskId> running;
        QHash<QString, int> inUse;
        const auto pump = [&] {
            for (auto it = queued.begin(); it != queued.end() && running.size() < 3;) {
                const int cap = caps.value(it->second);
                if (cap > 0 && inUse.value(it->second) >= cap) {
                    ++it;
                    continue;
                }
                ++inUse[it->second];
                running.append(it->first);
                expected.append(it->first);
                it = queued.erase(it);
            }
        };
        pump();
        QVERIFY(q.pumped());
        while (!running.isEmpty()) {
            QCOMPARE(q.started, expected);
            const TaskId oldest = running.takeFirst();
            --inUse[q.hostOf.value(oldest)];
            pump();
            q.end(oldest);
            QVERIFY(q.pumped());
        }
        QCOMPARE(q.started, expected);
        QCOMPARE(q.started.size(), 300);
        QVERIFY(q.queue.isEmpty());
    }

    // 100,000 tasks for a full host: each is asked once when the queue first reaches it; after
    // that a pump asks only the first of them again, and a task for another host starts.
    void aPumpAsksOnlyTheFirstOfTheTasksWaitingForAHost()
    {
        HostQueue q(4);
        q.hosts.setMaxPerHost(1);
        for (TaskId id = 1; id <= 100'000; ++id)
            q.add(id, QStringLiteral("a"));
        QVERIFY(q.pumped());
        QCOMPARE(q.started, QList<TaskId>{1});
        QCOMPARE(q.calls, 100'000);
        for (int i = 0; i < 100; ++i) {
            q.calls = 0;
            q.add(100'001 + i, QStringLiteral("other%1").arg(i));
            QVERIFY(q.pumped());
            QCOMPARE(q.started.last(), TaskId(100'001 + i));
            QCOMPARE(q.calls, 2); // the first waiting for a, then the new one
            q.end(q.started.last());
            q.calls = 0;
            QVERIFY(q.pumped());
            QCOMPARE(q.calls, 1);
        }
        q.calls = 0;
        q.end(1);
        QVERIFY(q.pumped());
        QCOMPARE(q.started.last(), TaskId(2));
        QCOMPARE(q.calls, 2); // 2 starts, 3 waits
    }
};

QTEST_GUILESS_MAIN(TestHostQueue)
#include "tst_hostqueue.moc"
