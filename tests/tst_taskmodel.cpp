// The task model over the registry: rows, counts, display text, and coalesced repaints of
// only what changed.
#include "models/format.h"
#include "models/taskmodel.h"
#include "models/taskstatus.h"
#include "services/engine/taskregistry.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

class TestTaskModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // One duration format everywhere: ETA, retry countdowns, the log.
    void durationsReadTheSameWay()
    {
        QCOMPARE(Format::duration(45), QStringLiteral("45 s"));
        QCOMPARE(Format::duration(141), QStringLiteral("2 min 21 s"));
        QCOMPARE(Format::duration(3900), QStringLiteral("1 h 05 min"));
        QCOMPARE(Format::duration(-1), QStringLiteral("—"));
        Task t;
        t.state = TaskState::Running;
        t.bytesTotal = 1000;
        t.bytesDone = 999;
        t.speed = 1e6;
        QCOMPARE(t.etaSeconds(), 1); // bytes to come: never "0 s"
        t.speed = 0;
        QCOMPARE(t.etaSeconds(), -1); // unknown: "—"
    }

    // A task waiting to retry: countdown, the attempt due and the reason, counted as waiting. The
    // reason came first, and a long one ("HTTP 503 Service Unavailable") left no room for the
    // countdown in the State column.
    void aRetryReadsAsCountdownAttemptAndReason()
    {
        const QDateTime now = QDateTime::currentDateTime();
        Task t;
        t.state = TaskState::Queued;
        t.error.kind = TaskError::Kind::Network;
        t.error.message = QStringLiteral("Connection refused");
        t.retryAt = now.addMSecs(3500);
        t.retryAttempt = 2;
        t.retryMax = 5;
        QCOMPARE(TaskStatus::text(t, now),
                 QStringLiteral("Retrying in 4 s (attempt 2 of 5): Connection refused"));
        QCOMPARE(TaskStatus::retryPlanned(t.error.message, 3500, 2, 5), TaskStatus::text(t, now));

        TaskRegistry tasks;
        const TaskId id = tasks.addTask(QUrl(QStringLiteral("http://h/x")), QStringLiteral("/d"));
        tasks.setRetry(id, now.addSecs(10), 2, 5);
        QCOMPARE(tasks.waitingCount(), 1);
        tasks.setState(id, TaskState::Running);
        QCOMPARE(tasks.waitingCount(), 0);
        tasks.setState(id, TaskState::Queued);
        tasks.setRetry(id, now.addSecs(10), 3, 5);
        tasks.removeTasks({id});
        QCOMPARE(tasks.waitingCount(), 0);
    }

    // A size the server did not give: the Size column shows what has come so far, and the
    // whole size once complete.
    void anUnknownSizeShowsTheBytesSoFar()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        const TaskId id = tasks.addTask(QUrl(QStringLiteral("http://h/x")), QStringLiteral("/d"));
        tasks.setState(id, TaskState::Running);
        tasks.setProgress(id, 3 << 20, -1);
        tasks.flush();
        const QModelIndex size = model.index(0, TaskModel::SizeColumn);
        QCOMPARE(size.data().toString(), QStringLiteral("%1 so far").arg(Format::bytes(3 << 20)));
        tasks.setState(id, TaskState::Completed);
        tasks.flush();
        QCOMPARE(size.data().toString(), Format::bytes(3 << 20));
    }

    void aCanceledDownloadSaysWhatItKept()
    {
        Task t;
        t.state = TaskState::Canceled;
        QCOMPARE(TaskStatus::text(t), QStringLiteral("Canceled"));
        t.fileName = QStringLiteral("big.bin");
        t.bytesDone = 3 << 20;
        QCOMPARE(TaskStatus::text(t),
                 QStringLiteral("Canceled, %1 kept").arg(Format::bytes(3 << 20)));
    }

    void addAndRemoveKeepRowLookupConsistent()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        QList<QUrl> urls;
        for (int i = 0; i < 10; ++i)
            urls.append(QUrl(QStringLiteral("http://h/f%1.bin").arg(i)));
        const QList<TaskId> ids = tasks.addTasks(urls, QStringLiteral("/tmp"));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.countIn(TaskState::Queued), 10);
        tasks.removeTasks({ids[1], ids[2], ids[7]});
        QCOMPARE(model.rowCount(), 7);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOf(model.idAt(row)), row);
        QCOMPARE(model.task(ids[2]), nullptr);
        QCOMPARE(model.index(2, TaskModel::NameColumn).data().toString(), QStringLiteral("f4.bin"));
    }

    void stateCountsAndDisplayFollowChanges()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        const TaskId id =
            tasks.addTask(QUrl(QStringLiteral("http://h/x.iso")), QStringLiteral("/tmp"));
        QSignalSpy states(&model, &TaskModel::stateChanged);
        tasks.setState(id, TaskState::Running);
        tasks.setProgress(id, 512, 1024);
        TaskError e;
        e.kind = TaskError::Kind::Http;
        e.httpStatus = 404;
        e.message = QStringLiteral("HTTP 404 Not Found");
        tasks.setState(id, TaskState::Failed, e);
        tasks.flush();
        QCOMPARE(states.count(), 2);
        QCOMPARE(model.countIn(TaskState::Failed), 1);
        QCOMPARE(model.countIn(TaskState::Queued), 0);
        const QModelIndex state = model.index(0, TaskModel::StateColumn);
        QCOMPARE(state.data().toString(), QStringLiteral("Failed: HTTP 404 Not Found"));
        QCOMPARE(model.index(0, TaskModel::ProgressColumn).data(TaskModel::RawValueRole).toDouble(),
                 0.5);
        QCOMPARE(model.index(0, TaskModel::SizeColumn).data(TaskModel::RawValueRole).toLongLong(),
                 1024);
    }

    // 100,000 downloads refused the same way hold the words once: equal error texts and log
    // lines share one copy, and the detail leaves out the task's own URL (its row and the details
    // panel show it) but keeps another one (a mirror's, a redirect's).
    void equalErrorsAndLogLinesAreHeldOnce()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        const QString dir = QStringLiteral("/tmp");
        QList<TaskId> ids;
        for (int i = 0; i < 3; ++i) {
            const QUrl url(QStringLiteral("http://h:1/f%1.bin").arg(i));
            const TaskId id = tasks.addTask(url, dir);
            ids << id;
            const QString why = QStringLiteral("Connection") + QStringLiteral(" refused");
            TaskError e;
            e.kind = TaskError::Kind::Network;
            e.message = why; // a copy of its own each time, as curl's words are
            const QUrl failing = i == 2 ? QUrl(QStringLiteral("http://mirror/f.bin")) : url;
            e.detail =
                failing.toDisplayString() + QStringLiteral("\nFailed to connect to h port 1");
            tasks.appendLog(id, QStringLiteral("Failed: ") + why);
            tasks.setState(id, TaskState::Failed, e);
        }
        const Task *a = tasks.task(ids[0]);
        const Task *b = tasks.task(ids[1]);
        const Task *c = tasks.task(ids[2]);
        QCOMPARE(a->error.detail, QStringLiteral("Failed to connect to h port 1"));
        QCOMPARE(c->error.detail,
                 QStringLiteral("http://mirror/f.bin\nFailed to connect to h port 1"));
        QCOMPARE(a->error.message.constData(), b->error.message.constData());
        QCOMPARE(a->error.detail.constData(), b->error.detail.constData());
        QCOMPARE(a->log.constLast().text, QStringLiteral("Failed: Connection refused"));
        QCOMPARE(a->log.constLast().text.constData(), b->log.constLast().text.constData());
        QCOMPARE(a->log.constLast().text.constData(), c->log.constLast().text.constData());
        // The row's tooltip: the state, then what the message leaves out.
        QCOMPARE(model.index(0, TaskModel::StateColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Failed: Connection refused\nFailed to connect to h port 1"));
    }

    // A task's rarely set fields stay shared with the copies the store holds while other fields
    // change: progress ticks copy nothing.
    void progressLeavesASharedExtraShared()
    {
        TaskRegistry tasks;
        Task t;
        t.url = QUrl(QStringLiteral("http://h/a.iso"));
        t.editExtra().mirrors = {QUrl(QStringLiteral("http://mirror/a.iso"))};
        std::vector<Task> one;
        one.push_back(std::move(t));
        const TaskId id = tasks.insertTasks(std::move(one)).constFirst();
        const Task snapshot = *tasks.task(id); // as the store's copy
        tasks.setProgress(id, 10, 100);
        tasks.setProgress(id, 20, 100);
        QCOMPARE(&tasks.task(id)->extra(), &snapshot.extra());
        QCOMPARE(tasks.task(id)->bytesDone, 20);
    }

    // Thousands of progress updates a second must reach the views as ~10 batches a second.
    void progressIsCoalescedToAFewBatchesPerSecond()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        QList<QUrl> urls;
        for (int i = 0; i < 50; ++i)
            urls.append(QUrl(QStringLiteral("http://h/%1").arg(i)));
        const QList<TaskId> ids = tasks.addTasks(urls, QStringLiteral("/tmp"));
        for (TaskId id : ids)
            tasks.setState(id, TaskState::Running);
        tasks.flush();
        QSignalSpy batches(&model, &TaskModel::statsChanged); // once per batch
        QSignalSpy repaints(&model, &TaskModel::dataChanged);
        QElapsedTimer clock;
        clock.start();
        qint64 updates = 0;
        qint64 bytes = 0;
        while (clock.elapsed() < 1000) {
            bytes += 1500;
            for (TaskId id : ids)
                tasks.setProgress(id, bytes, 1 << 30);
            updates += ids.size();
            QCoreApplication::processEvents();
        }
        QVERIFY2(updates > 10000, qPrintable(QString::number(updates)));
        QVERIFY2(batches.count() >= 5 && batches.count() <= 13,
                 qPrintable(QString::number(batches.count())));
        // One repaint per batch for the shown columns (all rows adjacent), one for Downloaded.
        QVERIFY2(repaints.count() <= 2 * batches.count(),
                 qPrintable(QString::number(repaints.count())));
    }

    // A progress change repaints that row's progress columns, not every row.
    void onlyChangedRowsAndColumnsAreRepainted()
    {
        TaskRegistry tasks;
        TaskModel model(&tasks);
        const QList<TaskId> ids =
            tasks.addTasks({QUrl(QStringLiteral("http://h/a")), QUrl(QStringLiteral("http://h/b")),
                            QUrl(QStringLiteral("http://h/c"))},
                           QStringLiteral("/tmp"));
        tasks.flush();
        QSignalSpy repaints(&model, &TaskModel::dataChanged);
        tasks.setProgress(ids[1], 10, 100);
        tasks.flush();
        QCOMPARE(repaints.count(), 2); // the shown columns, and the optional Downloaded
        const QModelIndex from = repaints[0][0].value<QModelIndex>();
        const QModelIndex to = repaints[0][1].value<QModelIndex>();
        QCOMPARE(from.row(), 1);
        QCOMPARE(to.row(), 1);
        QCOMPARE(from.column(), int(TaskModel::SizeColumn));
        QCOMPARE(to.column(), int(TaskModel::EtaColumn));
        QCOMPARE(repaints[1][0].value<QModelIndex>(), model.index(1, TaskModel::DownloadedColumn));
        QCOMPARE(repaints[1][1].value<QModelIndex>(), model.index(1, TaskModel::DownloadedColumn));
        repaints.clear();
        tasks.setFileName(ids[2], QStringLiteral("c.iso"));
        tasks.flush();
        QCOMPARE(repaints.count(), 2); // Name, and the optional Host
        QCOMPARE(repaints[0][0].value<QModelIndex>(), model.index(2, TaskModel::NameColumn));
        QCOMPARE(repaints[0][1].value<QModelIndex>(), model.index(2, TaskModel::NameColumn));
        QCOMPARE(model.index(2, TaskModel::NameColumn).data().toString(), QStringLiteral("c.iso"));
    }

    // On an injected clock: 1 MB/s for a second reads as about 1 MB/s, and falls to zero
    // within the averaging window once no byte comes.
    void speedIsAMovingAverageAndDecaysWhenStalled()
    {
        TaskRegistry tasks;
        qint64 now = 0;
        tasks.setClock([&now] { return now; });
        TaskModel model(&tasks);
        const TaskId id = tasks.addTask(QUrl(QStringLiteral("http://h/x")), QStringLiteral("/tmp"));
        tasks.setState(id, TaskState::Running);
        for (int step = 1; step <= 10; ++step) {
            now += 100;
            tasks.setProgress(id, step * 100'000, 100'000'000);
            tasks.flush();
        }
        const double speed = model.task(id)->speed;
        QVERIFY2(speed > 900'000 && speed < 1'100'000, qPrintable(QString::number(speed)));
        QVERIFY(model.task(id)->etaSeconds() > 0);
        QCOMPARE(model.index(0, TaskModel::SpeedColumn).data(TaskModel::RawValueRole).toDouble(),
                 speed);
        now += 10'000; // no more bytes for longer than the window
        tasks.flush();
        QVERIFY2(model.task(id)->speed < 1.0, qPrintable(QString::number(model.task(id)->speed)));
    }
};

QTEST_GUILESS_MAIN(TestTaskModel)
#include "tst_taskmodel.moc"
