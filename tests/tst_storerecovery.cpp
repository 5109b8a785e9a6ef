// The task database when it is not what this version wrote: an older one gains the new
// columns; a damaged one is kept aside and what can be read comes back; a file that is no
// database is set aside; one that cannot be opened is an error and stays.
#include "services/engine/taskregistry.h"
#include "services/storage/taskdatabase.h"
#include "services/storage/taskstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The tasks table as the first version created it, without the columns added since.
static const char FirstVersionTasks[] =
    "CREATE TABLE tasks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, directory TEXT NOT NULL,"
    " file_name TEXT, state INTEGER NOT NULL, bytes_done INTEGER, bytes_total INTEGER, etag BLOB,"
    " last_modified BLOB, attempts INTEGER, error_kind INTEGER, http_status INTEGER,"
    " network_error INTEGER, error_message TEXT, error_detail TEXT, added TEXT, finished TEXT,"
    " kind INTEGER, mirrors TEXT, requested_name TEXT, checksum TEXT, extract INTEGER,"
    " source_path TEXT, result TEXT)";

class TestStoreRecovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A database written by a version without segment maps opens, keeps its tasks and stores
    // maps from then on.
    void databaseOfAnEarlierVersionGainsTheNewColumns()
    {
        QTemporaryDir state;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(state.filePath(QStringLiteral("tasks.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QString::fromLatin1(FirstVersionTasks)));
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO tasks (id, url, directory, file_name, state, "
                                      "bytes_done, bytes_total) VALUES (7, 'http://h/old.bin', "
                                      "'/dl', 'old.bin', 5, 10, 100)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            QCOMPARE(model.size(), 1);
            const Task *t = model.task(7);
            QVERIFY(t);
            QCOMPARE(t->fileName, QStringLiteral("old.bin"));
            QCOMPARE(t->state, TaskState::Paused);
            QCOMPARE(t->segments, QString());
            model.setSegments(7, QStringLiteral("fetchdeck-segments 1 100 0-10"));
            store.sync();
        }
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(model.task(7)->segments, QStringLiteral("fetchdeck-segments 1 100 0-10"));
    }

    // A database a newer Fetchdeck wrote (after a downgrade, or two versions on one state
    // folder) was opened without a word and marked as this version's: rows of a column this
    // version does not know were refused or wiped, and the tasks added meanwhile were gone
    // after a restart. It is refused, and left as it was.
    void aDatabaseOfANewerVersionIsRefusedAndLeftAsItWas()
    {
        QTemporaryDir state;
        const QString path = state.filePath(QStringLiteral("tasks.sqlite"));
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            model.addTask(QUrl(QStringLiteral("http://h/kept.bin")), QStringLiteral("/dl"));
            store.sync();
        }
        const auto userVersion = [&path] {
            int version = -1;
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v"));
                db.setDatabaseName(path);
                if (db.open()) {
                    QSqlQuery q(db);
                    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                        version = q.value(0).toInt();
                }
            }
            QSqlDatabase::removeDatabase(QStringLiteral("v"));
            return version;
        };
        const int ours = userVersion();
        QVERIFY(ours > 0);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(ours + 1)));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));

        TaskRegistry model;
        TaskStore store(&model);
        const QString error = store.open(state.path());
        QVERIFY2(error.contains(QStringLiteral("newer version of Fetchdeck")), qPrintable(error));
        QCOMPARE(model.size(), 0);
        QCOMPARE(store.recoveryNote(), QString());
        QCOMPARE(userVersion(), ours + 1);
        QVERIFY(QDir(state.path()).entryList({QStringLiteral("*damaged*")}).isEmpty());
    }

    // Rows no Fetchdeck writes (edited by hand or by another program): a file name that is not
    // a name (a path out of the task's folder) is dropped, as if none had been chosen yet, and a
    // position at the end of the number range does not overflow the queue's order.
    void rowsWithValuesNoFetchdeckWritesAreMadeHarmless()
    {
        QTemporaryDir state;
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            for (const char *name : {"a.bin", "b.bin", "c.bin", "d.bin"})
                model.addTask(QUrl(QStringLiteral("http://h/") + QLatin1String(name)),
                              QStringLiteral("/dl"));
            store.sync();
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("edit"));
            db.setDatabaseName(state.filePath(QStringLiteral("tasks.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET file_name = '../outside/evil.bin', "
                                          "requested_name = '../../x' WHERE id = 1")));
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET file_name = '/etc/x' WHERE id = 2")));
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET file_name = '..' WHERE id = 3")));
            QVERIFY(q.exec(
                QStringLiteral("UPDATE tasks SET position = 9223372036854775807 WHERE id = 4")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("edit"));
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(model.size(), 4);
        for (TaskId id : {1, 2, 3})
            QCOMPARE(model.task(id)->fileName, QString());
        QVERIFY(!model.task(1)->extra().requestedName.contains(QLatin1Char('/')));
        QCOMPARE(model.ids().constLast(), TaskId(4)); // last in the queue, as stored
        const TaskId added = model.addTask(QUrl(QStringLiteral("http://h/e.bin")), {});
        QCOMPARE(model.ids().constLast(), added);
    }

    // Pages overwritten in the middle of the file: the damaged file is kept aside, the tasks that
    // can still be read come back, the user is told, and the new database works.
    // Also one written by the first version, without the columns added since (NULL stands in
    // for them).
    void aDamagedDatabaseIsKeptAsideAndWhatCanBeReadComesBack_data()
    {
        QTest::addColumn<bool>("firstVersion");
        QTest::addColumn<int>("idStep");
        QTest::newRow("this version") << false << 1;
        QTest::newRow("the first version") << true << 1;
        // Ids far apart (many removed), so that a damaged page spans thousands of them.
        QTest::newRow("ids far apart") << false << 1000;
    }
    void aDamagedDatabaseIsKeptAsideAndWhatCanBeReadComesBack()
    {
        QFETCH(bool, firstVersion);
        QFETCH(int, idStep);
        QTemporaryDir state;
        const QString db = state.filePath(QStringLiteral("tasks.sqlite"));
        QList<QUrl> urls;
        for (int i = 0; i < 400; ++i)
            urls.append(QUrl(
                QStringLiteral("http://h/%1/%2.bin").arg(QString(200, QLatin1Char('p'))).arg(i)));
        if (firstVersion) {
            {
                QSqlDatabase old =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
                old.setDatabaseName(db);
                QVERIFY(old.open());
                QSqlQuery q(old);
                QVERIFY(q.exec(QString::fromLatin1(FirstVersionTasks)));
                QVERIFY(q.exec(QStringLiteral("CREATE TABLE task_log (task_id INTEGER NOT NULL, "
                                              "at TEXT NOT NULL, text TEXT NOT NULL)")));
                for (int i = 0; i < urls.size(); ++i)
                    QVERIFY(q.exec(QStringLiteral("INSERT INTO tasks (id, url, directory, state) "
                                                  "VALUES (%1, '%2', '/dl', 0)")
                                       .arg(i + 1)
                                       .arg(urls[i].toString())));
                QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            }
            QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        } else {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            model.addTasks(urls, QStringLiteral("/dl"));
            store.sync();
        }
        if (idStep != 1) {
            {
                QSqlDatabase apart =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("apart"));
                apart.setDatabaseName(db);
                QVERIFY(apart.open());
                QSqlQuery q(apart);
                QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET id = id * %1").arg(idStep)));
                QVERIFY(q.exec(QStringLiteral("VACUUM")));
            }
            QSqlDatabase::removeDatabase(QStringLiteral("apart"));
        }
        {
            QFile file(db);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.size() > 20 * 4096);
            file.seek(10 * 4096); // somewhere in the task rows
            file.write(QByteArray(3 * 4096, '\xa5'));
        }
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        QVERIFY2(store.recoveryNote().startsWith(QStringLiteral("The task database was damaged")),
                 qPrintable(store.recoveryNote()));
        QVERIFY(store.recoveredTasks() > 0 && store.recoveredTasks() < 400);
        QCOMPARE(model.size(), store.recoveredTasks());
        QStringList aside =
            QDir(state.path()).entryList({QStringLiteral("tasks.sqlite.damaged-*")});
        aside.removeIf([](const QString &name) {
            return name.endsWith(QLatin1String("-wal")) || name.endsWith(QLatin1String("-shm"));
        });
        QCOMPARE(aside.size(), 1); // kept, with its journal files beside it
        // Every task whose row can still be read comes back, not only those before the first
        // damaged one (the reviewer's page overwrite: 63 back of 280 readable one by one).
        int readable = 0;
        {
            QSqlDatabase kept =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("aside"));
            kept.setDatabaseName(state.filePath(aside.constFirst()));
            kept.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(kept.open());
            QSqlQuery q(kept);
            for (int i = 1; i <= urls.size(); ++i) {
                if (q.exec(QStringLiteral("SELECT * FROM tasks WHERE id = %1").arg(i * idStep)) &&
                    q.next() && !q.lastError().isValid())
                    ++readable;
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("aside"));
        qInfo("%d tasks back, %d rows readable one by one", store.recoveredTasks(), readable);
        QVERIFY2(store.recoveredTasks() >= readable,
                 qPrintable(QStringLiteral("%1 back, %2 readable one by one")
                                .arg(store.recoveredTasks())
                                .arg(readable)));
        QString problem;
        QCOMPARE(TaskDatabase::check(db, &problem), TaskDatabase::Health::Sound);
        model.addTask(QUrl(QStringLiteral("http://h/new.bin")), QStringLiteral("/dl"));
        store.sync();
        TaskRegistry again;
        TaskStore reopened(&again);
        QCOMPARE(reopened.open(state.path()), QString());
        QCOMPARE(reopened.recoveryNote(), QString());
        QCOMPARE(again.size(), store.recoveredTasks() + 1);
    }

    void aFileThatIsNoDatabaseAtAllIsSetAside()
    {
        QTemporaryDir state;
        QFile file(state.filePath(QStringLiteral("tasks.sqlite")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(10000, 'x'));
        file.close();
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        QVERIFY(!store.recoveryNote().isEmpty());
        QCOMPARE(store.recoveredTasks(), 0);
        QCOMPARE(model.size(), 0);
    }

    // Only damage is set aside: a database that cannot be opened for another reason (here a
    // folder in its place; a root-owned file, a lock) is an error, and stays where it is.
    void aDatabaseThatCannotBeOpenedIsNotMistakenForADamagedOne()
    {
        QTemporaryDir state;
        QVERIFY(QDir(state.path()).mkdir(QStringLiteral("tasks.sqlite")));
        TaskRegistry model;
        TaskStore store(&model);
        const QString error = store.open(state.path());
        QVERIFY2(error.startsWith(QStringLiteral("cannot open the task database")),
                 qPrintable(error));
        QCOMPARE(store.recoveryNote(), QString());
        QVERIFY(QFileInfo(state.filePath(QStringLiteral("tasks.sqlite"))).isDir());
        QVERIFY(QDir(state.path()).entryList({QStringLiteral("*damaged*")}).isEmpty());
    }

    void unwritableStateFolderIsAClearError()
    {
        TaskRegistry model;
        TaskStore store(&model);
        const QString error = store.open(QStringLiteral("/proc/fetchdeck-cannot-exist"));
        QVERIFY(error.startsWith(QStringLiteral("cannot create the state folder")));
    }
};

QTEST_GUILESS_MAIN(TestStoreRecovery)
#include "tst_storerecovery.moc"
