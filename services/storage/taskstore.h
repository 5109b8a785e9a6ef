// Keeps the task list in SQLite (WAL) in the state folder, so nothing is lost after a crash.
// Loading happens once at start; afterwards the registry's coalesced changes are written in
// batched transactions on a thread of the store's own, never on the GUI thread.
#pragma once

#include "models/task.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPromise>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <memory>
#include <qcorotask.h>
#include <set>
#include <vector>

class SecretStore;
class TaskRegistry;
struct TaskChange;
class StoreWorker;

class TaskStore final : public QObject {
    Q_OBJECT
public:
    static constexpr int BatchIntervalMs = 1000;  // progress is written at most once a second
    static constexpr int StateChangeDelayMs = 20; // a new state is written almost at once
    // A write holds at most this many tasks; the rest wait until it is done (memory stays
    // bounded when 100,000 tasks arrive at once).
    static constexpr int RowsPerWrite = 2000;

    explicit TaskStore(TaskRegistry *tasks, QObject *parent = nullptr);
    ~TaskStore() override; // writes what is pending, then closes

    // Opens (creating) `<stateDir>/tasks.sqlite` and loads its tasks into the (empty) registry:
    // Running tasks come back Queued. Returns an error message, empty on success.
    QString open(const QString &stateDir);
    QString databasePath() const { return m_path; }
    // After open(): what happened to a damaged database (kept aside, how many tasks could be
    // read from it); empty when it was sound.
    QString recoveryNote() const { return m_recoveryNote; }
    int recoveredTasks() const { return m_recovered; }

    // Where URL passwords (user:pw@host, of a task's URL and mirrors) are kept instead of the
    // database; without one they are dropped from what is stored.
    void setSecretStore(SecretStore *secrets) { m_secrets = secrets; }
    // After open(): puts the passwords of the restored tasks back into their URLs. Queued tasks
    // must not start before (a keyring may take its time).
    QCoro::Task<> restoreCredentials();

    // Writes everything pending and waits until it is on disk (tests, shutdown).
    void sync();
    // Writes the task without blocking, in one transaction with the others asked for since the
    // last such write (one at a time is on the store's thread); the future says true once it is
    // stored, false when the database could not take it (the write is tried again, but a
    // transfer must not create its .part on the strength of it). A transfer awaits this before
    // creating its .part file, so no kill -9 can orphan one. PowerCut: the write also waits
    // for the disk (it costs a sync of the database's log).
    QFuture<bool> persistNow(TaskId id, Durability durability = Durability::KilledProcess);

private:
    void onAdded(const QList<TaskId> &ids);
    void onChanged(const QList<TaskChange> &batch);
    void onRemoved(const QList<TaskId> &ids);
    void onStateChanged(TaskId id);
    void writePending();
    void writeSome(); // at most RowsPerWrite of the pending tasks, as a chunk
    enum class Write { Chunk, Persist };
    using Waiters = std::vector<std::shared_ptr<QPromise<bool>>>;
    // These tasks (and the removals), now; `waiters` learn whether they were stored.
    void writeTasks(const QList<TaskId> &ids, Write kind, Waiters waiters,
                    Durability durability = Durability::KilledProcess);
    void chunkWritten();   // the worker is done with a chunk
    void persistWritten(); // ... with a write persistNow() asked for
    // The tasks persistNow() was asked for, in one write (unless one is on the worker).
    void persistWaiting(bool evenIfBusy = false);
    void keepCredentials(Task &copy);
    static QString credentialKey(TaskId id);

    TaskRegistry *m_tasks;
    QString m_path;
    QThread m_thread;
    StoreWorker *m_worker = nullptr;
    QSet<TaskId> m_pending;
    // Added since their last write (also in m_pending), in the order added (ids grow): written
    // first, and a write persistNow() asks for takes those added before its tasks along, or
    // waits until chunks have taken them (more than RowsPerWrite): no .part exists while a
    // task added before it is not stored.
    std::set<TaskId> m_addedUnwritten;
    QList<TaskId> m_removed;
    // Per task, what its last write held: how many log entries, and its revision then.
    struct Written {
        qsizetype logEntries = 0;
        quint32 revision = 0;
    };
    QHash<TaskId, Written> m_written;
    SecretStore *m_secrets = nullptr;
    QHash<TaskId, QString> m_credentials; // the URLs with passwords last kept, per task
    QSet<TaskId> m_maybeKept; // restored tasks whose secret was not (or not yet) read back
    QTimer m_timer;
    Waiters m_persistWaiters;
    QSet<TaskId> m_persistIds; // asked for by persistNow() since the last such write
    Durability m_persistDurability = Durability::KilledProcess; // the most any of them asked
    int m_persistsInFlight = 0;
    int m_chunksInFlight = 0;
    bool m_writeWhenDone = false; // tasks wait for the chunk in flight
    QString m_recoveryNote;
    int m_recovered = 0;
};
