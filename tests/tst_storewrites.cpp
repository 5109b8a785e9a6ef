// The task store under load: thousands of tasks added at once are written in chunks, all of
// them, with nothing else happening; a task a transfer waits for is stored without waiting for
// the whole backlog, and a stream of those never holds the backlog up; a write the database
// refuses is reported to whoever waits for it and written later.
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
    static QList<QUrl> urls(int n)
    {
        QList<QUrl> list;
        for (int i = 0; i < n; ++i)
            list.append(QUrl(QStringLiteral("http://127.0.0.1:9/f%1.bin").arg(i)));
        return list;
    }

    // A registry and its store, opened on a state folder of its own.
    struct Store {
        QTemporaryDir state;
        TaskRegistry tasks;
        TaskStore store{&tasks};
        QString error = store.open(state.path());
        QList<TaskId> add(int n) { return tasks.addTasks(urls(n), QStringLiteral("/dl")); }
    };

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

private Q_SLOTS:
    void aBacklogOfNewTasksIsStoredWithoutAnythingElseHappening()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const int n = 3 * TaskStore::RowsPerWrite + 7;
        f.add(n);
        // No sync(), no other change: each chunk written brings the next.
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(f.store.databasePath()), n, 15000);
    }

    void aTaskATransferWaitsForIsStoredWhileABacklogWaits()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const QList<TaskId> ids = f.add(10 * TaskStore::RowsPerWrite);
        f.tasks.flush(); // the store has them all pending now
        f.tasks.setFileName(ids.last(), QStringLiteral("last.bin"));
        QFuture<bool> stored = f.store.persistNow(ids.last());
        QVERIFY(QTest::qWaitFor([&] { return stored.isFinished(); }, 15000));
        QVERIFY(stored.result());
        QCOMPARE(
            storedRows(f.store.databasePath(),
                       QStringLiteral("WHERE id = %1 AND file_name = 'last.bin'").arg(ids.last())),
            1);
        f.store.sync();
        QCOMPARE(storedRows(f.store.databasePath()), int(ids.size()));
    }

    // Many small files at once: a transfer asks for its task to be stored nearly every turn of
    // the event loop. The backlog (states, logs of the others) must still be written.
    void aStreamOfPersistedTasksDoesNotHoldUpTheBacklog()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const QList<TaskId> ids = f.add(TaskStore::RowsPerWrite + 1);
        const TaskId hot =
            f.tasks.addTask(QUrl(QStringLiteral("http://h/hot")), QStringLiteral("/dl"));
        f.tasks.flush();
        QTimer stream; // the same task persisted every turn
        connect(&stream, &QTimer::timeout, this, [&] { f.store.persistNow(hot); });
        stream.start(0);
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(f.store.databasePath()), int(ids.size()) + 1, 15000);
        stream.stop();
    }

    // The database cannot take a write (another program holds it locked past the store's
    // 5 s wait; a full disk is the same to SQLite): a transfer waiting to create its .part is
    // told so, and what was not stored is written once the database takes writes again.
    void aWriteTheDatabaseRefusesIsReportedAndWrittenLater()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const TaskId id = f.add(1).constFirst();
        f.store.sync();
        QSqlDatabase blocker =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
        blocker.setDatabaseName(f.store.databasePath());
        QVERIFY(blocker.open());
        QSqlQuery lock(blocker);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        f.tasks.setFileName(id, QStringLiteral("named.bin"));
        QFuture<bool> stored = f.store.persistNow(id);
        QVERIFY(QTest::qWaitFor([&] { return stored.isFinished(); }, 30000));
        QCOMPARE(stored.result(), false);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        lock = QSqlQuery();
        blocker.close();
        blocker = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
        QTRY_COMPARE_WITH_TIMEOUT(
            storedRows(f.store.databasePath(), QStringLiteral("WHERE file_name = 'named.bin'")), 1,
            15000);
    }
};

QTEST_GUILESS_MAIN(TestStoreWrites)
#include "tst_storewrites.moc"
