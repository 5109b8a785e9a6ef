// The task database: what a restart sees is what was there, running tasks come back queued
// (a database of another version or a damaged one: tst_storerecovery).
#include "services/engine/downloadengine.h"
#include "services/engine/taskregistry.h"
#include "services/storage/taskstore.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestTaskStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void queueOrderSurvivesARestart()
    {
        QTemporaryDir state;
        QList<TaskId> ids;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            QCOMPARE(store.open(state.path()), QString());
            for (const char *name : {"a", "b", "c", "d", "e"})
                ids.append(tasks.addTask(QUrl(QStringLiteral("http://h/") + QLatin1String(name)),
                                         QStringLiteral("/dl")));
            tasks.moveTasks({ids[3]}, TaskRegistry::Move::Top);          // d a b c e
            tasks.moveTasks({ids[0], ids[1]}, TaskRegistry::Move::Down); // d c a b e
            tasks.moveTasks({ids[4]}, TaskRegistry::Move::Up);           // d c a e b
            tasks.moveTasks({ids[2]}, TaskRegistry::Move::Bottom);       // d a e b c
            QCOMPARE(tasks.ids(), (QList<TaskId>{ids[3], ids[0], ids[4], ids[1], ids[2]}));
            store.sync();
        }
        TaskRegistry tasks;
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(tasks.ids(), (QList<TaskId>{ids[3], ids[0], ids[4], ids[1], ids[2]}));
        const TaskId f = tasks.addTask(QUrl(QStringLiteral("http://h/f")), QStringLiteral("/dl"));
        QCOMPARE(tasks.ids().constLast(), f);
        tasks.moveTasks({f}, TaskRegistry::Move::Top);
        QCOMPARE(tasks.ids().constFirst(), f);
    }

    // A download's own speed limit and connections (Tasks > Speed Limit, Connections) are
    // there again after a restart.
    void ownSpeedLimitAndConnectionsSurviveARestart()
    {
        QTemporaryDir state;
        TaskId id = 0;
        {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            QCOMPARE(store.open(state.path()), QString());
            DownloadEngine engine(&tasks);
            engine.setMaxConcurrent(1);
            id = tasks.addTask(QUrl(QStringLiteral("http://127.0.0.1:9/x.iso")),
                               QStringLiteral("/dl"));
            tasks.setState(id, TaskState::Paused);
            engine.setTaskLimitRate(id, 300 * 1024);
            engine.setTaskConnections(id, 3);
            store.sync();
        }
        TaskRegistry tasks;
        TaskStore store(&tasks);
        QCOMPARE(store.open(state.path()), QString());
        DownloadEngine engine(&tasks);
        engine.resumeRestored();
        QCOMPARE(engine.taskLimitRate(id), 300 * 1024);
        QCOMPARE(engine.taskConnections(id), 3);
        engine.setTaskConnections(id, 0); // back to Settings: stored too
        QCOMPARE(tasks.task(id)->ownConnections, 0);
    }

    // A state folder an older version left readable by others is tightened to its owner;
    // a folder that holds other things (someone's --state-dir ~) is left as it is.
    void anOldStateFolderIsTightenedButNotSomeoneElsesFolder()
    {
        QTemporaryDir parent;
        const QString ours = parent.filePath(QStringLiteral("state"));
        const QString mixed = parent.filePath(QStringLiteral("home"));
        for (const QString &dir : {ours, mixed}) {
            QVERIFY(QDir().mkpath(dir));
            {
                TaskRegistry tasks;
                TaskStore store(&tasks);
                QCOMPARE(store.open(dir), QString());
            }
            QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                   QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                                   QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                   QFileDevice::ExeOther));
        }
        // What Fetchdeck itself keeps beside the database (before the store opens it, the
        // state folder's lock is already there): still only ours.
        for (const char *name :
             {"fetchdeck.lock", "dashboard.lock", "native-host.lock", "secrets.json"})
            writeFile(QDir(ours).filePath(QLatin1String(name)), {});
        writeFile(QDir(mixed).filePath(QStringLiteral("notes.txt")), {});
        for (const QString &dir : {ours, mixed}) {
            TaskRegistry tasks;
            TaskStore store(&tasks);
            QCOMPARE(store.open(dir), QString());
        }
        const auto others = QFileDevice::ReadOther | QFileDevice::ReadGroup;
        QCOMPARE(QFileInfo(ours).permissions() & others, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(mixed).permissions() & others, others);
    }

    void restartShowsEveryTaskAsItWas()
    {
        QTemporaryDir state;
        QList<TaskId> ids;
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            ids = model.addTasks(
                {QUrl(QStringLiteral("http://h/a.bin")), QUrl(QStringLiteral("http://h/b.bin")),
                 QUrl(QStringLiteral("http://h/c.bin")), QUrl(QStringLiteral("http://h/d.bin"))},
                QStringLiteral("/dl"));
            model.setState(ids[0], TaskState::Running);
            model.setFileName(ids[0], QStringLiteral("a.bin"));
            model.setProgress(ids[0], 1234, 5000);
            model.setValidators(ids[0], "\"etag\"", "Sat, 01 Jan 2022 00:00:00 GMT");
            model.setResponseStatus(ids[0], 206);
            model.setSegments(ids[0], QStringLiteral("fetchdeck-segments 1 5000 0-1234"));
            model.appendLog(ids[0], QStringLiteral("first line"));
            model.appendLog(ids[0], QStringLiteral("second line"));
            TaskError e;
            e.kind = TaskError::Kind::Http;
            e.httpStatus = 404;
            e.message = QStringLiteral("HTTP 404 Not Found");
            e.detail = QStringLiteral("http://h/b.bin");
            for (int attempt = 0; attempt < 3; ++attempt)
                model.beginAttempt(ids[1]);
            model.setState(ids[1], TaskState::Failed, e);
            model.setState(ids[2], TaskState::Paused);
            model.setState(ids[3], TaskState::Completed);
            store.sync();
        }
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(model.size(), 4);
        const Task *a = model.task(ids[0]);
        QVERIFY(a);
        QCOMPARE(a->state, TaskState::Queued); // it was interrupted: it resumes
        QCOMPARE(a->fileName, QStringLiteral("a.bin"));
        QCOMPARE(a->bytesDone, 1234);
        QCOMPARE(a->bytesTotal, 5000);
        QCOMPARE(a->etag, QByteArray("\"etag\""));
        QCOMPARE(a->responseStatus, 206);
        QCOMPARE(a->segments, QStringLiteral("fetchdeck-segments 1 5000 0-1234"));
        QCOMPARE(a->log.size(), 2);
        QCOMPARE(a->log[1].text, QStringLiteral("second line"));
        const Task *b = model.task(ids[1]);
        QCOMPARE(b->state, TaskState::Failed);
        QCOMPARE(b->error.httpStatus, 404);
        QCOMPARE(b->error.message, QStringLiteral("HTTP 404 Not Found"));
        QCOMPARE(b->attempts, 3);
        QCOMPARE(model.task(ids[2])->state, TaskState::Paused);
        QCOMPARE(model.task(ids[3])->state, TaskState::Completed);
        // New tasks never reuse an id.
        const TaskId next =
            model.addTask(QUrl(QStringLiteral("http://h/e.bin")), QStringLiteral("/dl"));
        QVERIFY(next > ids[3]);
    }

    void removedTasksStayRemovedAndLogsAreNotDuplicated()
    {
        QTemporaryDir state;
        TaskId kept = 0;
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            const QList<TaskId> ids = model.addTasks(
                {QUrl(QStringLiteral("http://h/1")), QUrl(QStringLiteral("http://h/2"))},
                QStringLiteral("/dl"));
            kept = ids[1];
            model.appendLog(kept, QStringLiteral("one"));
            store.sync();
            model.appendLog(kept, QStringLiteral("two"));
            model.removeTasks({ids[0]});
            store.sync();
        }
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state.path()), QString());
            QCOMPARE(model.size(), 1);
            QCOMPARE(model.task(kept)->log.size(), 2);
            model.appendLog(kept, QStringLiteral("three"));
            store.sync();
        }
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        QCOMPARE(model.task(kept)->log.size(), 3);
    }

    void databaseUsesWriteAheadLogging()
    {
        QTemporaryDir state;
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state.path()), QString());
        model.addTask(QUrl(QStringLiteral("http://h/x")), QStringLiteral("/dl"));
        store.sync();
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(store.databasePath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM tasks")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    // URLs may carry passwords (user:pw@host): the database is for its owner's eyes only, and a
    // state folder the store creates too.
    void theDatabaseIsReadableByItsOwnerOnly()
    {
        QTemporaryDir parent;
        const QString state = parent.filePath(QStringLiteral("state"));
        {
            TaskRegistry model;
            TaskStore store(&model);
            QCOMPARE(store.open(state), QString());
            model.addTask(QUrl(QStringLiteral("http://user:secret@h/x")), QStringLiteral("/dl"));
            store.sync();
            QCOMPARE(int(QFileInfo(state).permissions() & 0x0077), 0); // nothing for group, others
            for (const QString &name : QDir(state).entryList(QDir::Files)) {
                const QFileInfo file(QDir(state).filePath(name));
                QVERIFY2(
                    !(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                            QFileDevice::WriteGroup | QFileDevice::WriteOther)),
                    qPrintable(name));
            }
        }
        // A database an earlier version left readable by all is closed up when opened.
        const QString db = QDir(state).filePath(QStringLiteral("tasks.sqlite"));
        QVERIFY(QFile::setPermissions(db, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ReadGroup | QFileDevice::ReadOther));
        TaskRegistry model;
        TaskStore store(&model);
        QCOMPARE(store.open(state), QString());
        QVERIFY(!(QFileInfo(db).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
    }
};

QTEST_GUILESS_MAIN(TestTaskStore)
#include "tst_taskstore.moc"
