// The task store under load: thousands of tasks added at once are written in chunks, all of
// them, with nothing else happening; a task a transfer waits for is stored without waiting for
// the whole backlog, and a stream of those never holds the backlog up.
#include "services/engine/taskregistry.h"
#include "services/taskstore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

class TestStoreWrites : public QObject {
    Q_OBJECT
private:
    // Rows in the database as another connection sees them (-1 when it cannot be read).
    static int storedRows(const QString &path, const QString &where = {})
    {
        int rows = -1;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT COUNT(*) FROM tasks ") + where) && q.next())
                    rows = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("reader"));
        return rows;
    }

    static QList<QUrl> urls(int n)
    {
        QList<QUrl> list;
        for (int i = 0; i < n; ++i)
            list.append(QUrl(QStringLiteral("http://127.0.0.1:9/f%1.bin").arg(i)));
        return list;
    }

private Q_SLOTS:
    void aBacklogOfNewTasksIsStoredWithoutAnythingElseHappening()
    {
        QTemporaryDir state;
        TaskRegistry tasks;
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        const int n = 3 * TaskStore::RowsPerWrite + 7;
        tasks.addTasks(urls(n), QStringLiteral("/dl"));
        // No sync(), no other change: each chunk written brings the next.
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(store.databasePath()), n, 15000);
    }

    void aTaskATransferWaitsForIsStoredWhileABacklogWaits()
    {
        QTemporaryDir state;
        TaskRegistry tasks;
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        const QList<TaskId> ids =
            tasks.addTasks(urls(10 * TaskStore::RowsPerWrite), QStringLiteral("/dl"));
        tasks.flush(); // the store has them all pending now
        tasks.setFileName(ids.last(), QStringLiteral("last.bin"));
        QFuture<void> stored = store.persistNow(ids.last());
        QVERIFY(QTest::qWaitFor([&] { return stored.isFinished(); }, 15000));
        QCOMPARE(
            storedRows(store.databasePath(),
                       QStringLiteral("WHERE id = %1 AND file_name = 'last.bin'").arg(ids.last())),
            1);
        store.sync();
        QCOMPARE(storedRows(store.databasePath()), int(ids.size()));
    }

    // Many small files at once: a transfer asks for its task to be stored nearly every turn of
    // the event loop. The backlog (states, logs of the others) must still be written.
    void aStreamOfPersistedTasksDoesNotHoldUpTheBacklog()
    {
        QTemporaryDir state;
        TaskRegistry tasks;
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        const QList<TaskId> ids =
            tasks.addTasks(urls(TaskStore::RowsPerWrite + 1), QStringLiteral("/dl"));
        const TaskId hot =
            tasks.addTask(QUrl(QStringLiteral("http://h/hot")), QStringLiteral("/dl"));
        tasks.flush();
        QTimer stream; // the same task persisted every turn
        connect(&stream, &QTimer::timeout, this, [&] { store.persistNow(hot); });
        stream.start(0);
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(store.databasePath()), int(ids.size()) + 1, 15000);
        stream.stop();
    }
};

QTEST_GUILESS_MAIN(TestStoreWrites)
#include "tst_storewrites.moc"
