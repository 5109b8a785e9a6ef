// The task store under load: thousands of tasks added at once are written in chunks, all of
// them, with nothing else happening; a task a transfer waits for is stored without waiting for
// the whole backlog, and a stream of those never holds the backlog up; a write the database
// refuses is reported to whoever waits for it and written later; texts and times come back
// exactly as they were.
#include "services/engine/taskregistry.h"
#include "services/storage/isotime.h"
#include "services/storage/taskstore.h"
#include "walsyncs.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <ctime>
#include <optional>

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
    void initTestCase() { WalSyncs::install(); }

    // A write that must outlive a power cut (the map of a download about to be split) is
    // reported stored only once the database's log is on the disk; the others do not wait
    // for it.
    void aWriteThatMustOutliveAPowerCutIsOnTheDiskWhenReported()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const TaskId id = f.add(1).constFirst();
        f.tasks.setFileName(id, QStringLiteral("split.bin"));
        QFuture<bool> stored = f.store.persistNow(id);
        QVERIFY(QTest::qWaitFor([&] { return stored.isFinished(); }, 15000));
        QVERIFY(stored.result());
        const int before = WalSyncs::count();
        f.tasks.setSegments(id, QStringLiteral("1000:0-100"));
        QFuture<bool> synced = f.store.persistNow(id, Durability::PowerCut);
        QVERIFY(QTest::qWaitFor([&] { return synced.isFinished(); }, 15000));
        QVERIFY(synced.result());
        QVERIFY(WalSyncs::count() > before);
    }

    void aBacklogOfNewTasksIsStoredWithoutAnythingElseHappening()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const int n = 3 * TaskStore::RowsPerWrite + 7;
        f.add(n);
        // No sync(), no other change: each chunk written brings the next.
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(f.store.databasePath()), n, 15000);
    }

    // The registry reports changes every 100 ms, and a write in between (a new state) copies
    // the whole task: a change made after that write is still stored, and so is the state.
    void aChangeRightAfterAPromptWriteIsStoredToo()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const TaskId id = f.add(1).constFirst();
        f.tasks.flush();
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(f.store.databasePath()), 1, 5000);
        f.tasks.setFileName(id, QStringLiteral("early.bin"));
        f.tasks.setState(id, TaskState::Completed); // written at once, with early.bin
        const QString completed = QStringLiteral("WHERE state = %1").arg(int(TaskState::Completed));
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(f.store.databasePath(), completed), 1, 5000);
        f.tasks.setFileName(id, QStringLiteral("late.bin"));
        f.tasks.flush(); // reports both names in one batch, after the write held the first
        QTRY_COMPARE_WITH_TIMEOUT(
            storedRows(f.store.databasePath(), QStringLiteral("WHERE file_name = 'late.bin'")), 1,
            2 * TaskStore::BatchIntervalMs + 5000);
        QCOMPARE(storedRows(f.store.databasePath(), completed), 1);
    }

    // A backlog of changes (progress of thousands of tasks) does not hold up the write a
    // transfer waits for: it goes ahead of them.
    void aTaskATransferWaitsForIsStoredWhileABacklogWaits()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const QList<TaskId> ids = f.add(10 * TaskStore::RowsPerWrite);
        f.store.sync();
        for (TaskId id : ids)
            f.tasks.setProgress(id, 7, 100);
        f.tasks.flush(); // the store has them all pending now
        f.tasks.setFileName(ids.last(), QStringLiteral("last.bin"));
        QFuture<bool> stored = f.store.persistNow(ids.last());
        QVERIFY(QTest::qWaitFor([&] { return stored.isFinished(); }, 15000));
        QVERIFY(stored.result());
        QCOMPARE(
            storedRows(f.store.databasePath(),
                       QStringLiteral("WHERE id = %1 AND file_name = 'last.bin'").arg(ids.last())),
            1);
        QVERIFY(storedRows(f.store.databasePath(), QStringLiteral("WHERE bytes_done = 7")) <
                int(ids.size()));
        f.store.sync();
        QCOMPARE(storedRows(f.store.databasePath(), QStringLiteral("WHERE bytes_done = 7")),
                 int(ids.size()));
    }

    // A transfer creates its .part once its task is stored; the tasks added with it wait in the
    // queue. They were written with the next batch, up to a second later: a kill -9 as the
    // first .part appeared lost 58 of 60 pasted or captured downloads. They go in the same
    // write now (and within StateChangeDelayMs when nothing starts).
    void tasksAddedWithATransferAreStoredBeforeItsPartFile()
    {
        Store f;
        QCOMPARE(f.error, QString());
        const QList<TaskId> ids = f.add(60);
        f.tasks.setFileName(ids.first(), QStringLiteral("first.bin"));
        QFuture<bool> stored = f.store.persistNow(ids.first());
        QVERIFY(QTest::qWaitFor([&] { return stored.isFinished(); }, 15000));
        QVERIFY(stored.result());
        QCOMPARE(storedRows(f.store.databasePath()), int(ids.size()));

        // More than one write takes: the download added last (its host free while thousands
        // before it wait for theirs) is stored only after all of them.
        const QList<TaskId> many = f.add(3 * TaskStore::RowsPerWrite + 5);
        f.tasks.setFileName(many.last(), QStringLiteral("last.bin"));
        QFuture<bool> last = f.store.persistNow(many.last());
        QVERIFY(QTest::qWaitFor([&] { return last.isFinished(); }, 15000));
        QVERIFY(last.result());
        QCOMPARE(storedRows(f.store.databasePath()), int(ids.size() + many.size()));

        const QList<TaskId> later = f.add(3); // nothing starts: written promptly all the same
        QTRY_COMPARE_WITH_TIMEOUT(storedRows(f.store.databasePath()),
                                  int(ids.size() + many.size() + later.size()),
                                  TaskStore::BatchIntervalMs / 2);
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

    // Rows are bound as UTF-8 text and times formatted without QDateTime::toString(): what
    // comes back after a restart is what was there, and the times are stored in the text
    // earlier versions wrote and read.
    void textsAndTimesComeBackAsTheyWere()
    {
        const QString name = QStringLiteral("na\u00efve \u65e5\u672c \U0001F389.bin");
        const QString message = QStringLiteral("Ung\u00fcltige Antwort \u2014 \u00e9chec");
        QTemporaryDir state;
        TaskId id = 0;
        Task before;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            QCOMPARE(store.open(state.path()), QString());
            id = tasks.addTask(QUrl(QStringLiteral("http://h/caf%C3%A9.bin")),
                               QStringLiteral("/dl/\u00fc"));
            tasks.setFileName(id, name);
            tasks.appendLog(id, message);
            TaskError error;
            error.kind = TaskError::Kind::Http;
            error.message = message;
            tasks.setState(id, TaskState::Failed, error);
            store.sync();
            before = *tasks.task(id);
            QVERIFY(before.added.isValid() && before.finished.isValid());
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(store.databasePath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT added, finished, (SELECT at FROM task_log)"
                                          " FROM tasks")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), before.added.toString(Qt::ISODateWithMs));
            QCOMPARE(q.value(1).toString(), before.finished.toString(Qt::ISODateWithMs));
            QCOMPARE(q.value(2).toString(), before.log[0].when.toString(Qt::ISODateWithMs));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        TaskRegistry tasks;
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        const Task *after = tasks.task(id);
        QVERIFY(after);
        QCOMPARE(after->url, before.url);
        QCOMPARE(after->directory, before.directory);
        QCOMPARE(after->fileName, name);
        QCOMPARE(after->error.message, message);
        QCOMPARE(after->added, before.added);
        QCOMPARE(after->finished, before.finished);
        QCOMPARE(after->log.size(), 1);
        QCOMPARE(after->log[0].text, message);
        QCOMPARE(after->log[0].when, before.log[0].when);
    }

    // The store's own formatting says what QDateTime::toString(Qt::ISODateWithMs) says, for
    // local times (in zones with summer time, and with offsets of half and quarter hours) and
    // UTC across the years; anything else is left to QDateTime.
    void timesAreWrittenAsQtWritesThem_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<int>("januaryOffset"); // seconds from UTC on 2026-01-15
        QTest::addColumn<bool>("summerTime");   // in Europe's way: 2026-03-29 02:30 is skipped
        QTest::newRow("UTC") << QByteArray("UTC") << 0 << false;
        QTest::newRow("Berlin") << QByteArray("Europe/Berlin") << 3600 << true;
        QTest::newRow("St. John's") << QByteArray("America/St_Johns") << -12600 << false;
        QTest::newRow("Lord Howe Island") << QByteArray("Australia/Lord_Howe") << 39600 << false;
    }
    void timesAreWrittenAsQtWritesThem()
    {
        QFETCH(QByteArray, zone);
        QFETCH(int, januaryOffset);
        QFETCH(bool, summerTime);
        const std::optional<QByteArray> zoneBefore =
            qEnvironmentVariableIsSet("TZ") ? std::optional(qgetenv("TZ")) : std::nullopt;
        const auto restore = qScopeGuard([&zoneBefore] {
            if (zoneBefore)
                qputenv("TZ", *zoneBefore);
            else
                qunsetenv("TZ");
            tzset();
        });
        qputenv("TZ", zone);
        tzset();
        // Skipped by a clock moved forward: invalid, and left to QDateTime.
        const QDateTime skipped(QDate(2026, 3, 29), QTime(2, 30));
        QCOMPARE(skipped.isValid(), !summerTime);
        // The zone is in effect (a zone missing from the system would be UTC).
        QCOMPARE(QDateTime(QDate(2026, 1, 15), QTime(12, 0)).offsetFromUtc(), januaryOffset);
        char text[IsoTime::MaxBytes];
        const auto same = [&text](const QDateTime &when) {
            const int length = IsoTime::format(when, text);
            return length >= 0 &&
                   QString::fromLatin1(text, length) == when.toString(Qt::ISODateWithMs);
        };
        QVERIFY(same(QDateTime::currentDateTime()));
        QVERIFY(same(QDateTime::currentDateTimeUtc()));
        QVERIFY(same(QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC)));
        QVERIFY(same(QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999))));
        QVERIFY(same(QDateTime(QDate(2026, 10, 25), QTime(2, 30, 0, 5)))); // twice in Europe
        QRandomGenerator random(12);
        for (int i = 0; i < 5000; ++i) {
            const qint64 ms = random.bounded(qint64(0), qint64(7'000'000'000'000));
            const QDateTime when = QDateTime::fromMSecsSinceEpoch(ms);
            QVERIFY2(same(when), qPrintable(when.toString(Qt::ISODateWithMs)));
            QVERIFY2(same(when.toUTC()), qPrintable(when.toUTC().toString(Qt::ISODateWithMs)));
        }
        QCOMPARE(IsoTime::format(QDateTime(), text), -1);
        if (skipped.isValid())
            QVERIFY(same(skipped));
        else
            QCOMPARE(IsoTime::format(skipped, text), -1);
        QCOMPARE(IsoTime::format(QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::OffsetFromUTC, 3600),
                                 text),
                 -1);
        QCOMPARE(IsoTime::format(QDateTime(QDate(10000, 1, 1), QTime(0, 0)), text), -1);
        QCOMPARE(IsoTime::format(QDateTime(QDate(-44, 3, 15), QTime(12, 0)), text), -1);
    }
};

QTEST_GUILESS_MAIN(TestStoreWrites)
#include "tst_storewrites.moc"
