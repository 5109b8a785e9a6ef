// SQLite persistence of the task list: what to write and when (the rows themselves are
// written by StoreWorker, storage/storeworker.cpp).
#include "taskstore.h"

#include "services/engine/taskregistry.h"
#include "services/storage/secretstore.h"
#include "services/storage/storeworker.h"
#include "services/storage/taskdatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPromise>
#include <QSqlDatabase>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

TaskStore::TaskStore(TaskRegistry *tasks, QObject *parent) : QObject(parent), m_tasks(tasks)
{
    m_timer.setObjectName(QStringLiteral("TaskStore write")); // named in slow-event traces
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TaskStore::writePending);
    m_thread.setObjectName(QStringLiteral("fetchdeck-store"));
}

TaskStore::~TaskStore()
{
    if (!m_worker)
        return;
    sync();
    // The worker closes its connection in its own thread before the thread ends.
    StoreWorker *worker = std::exchange(m_worker, nullptr);
    QMetaObject::invokeMethod(
        worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

// A state folder with nothing in it but what Fetchdeck keeps there is ours to tighten; a folder
// the user pointed --state-dir at that holds other things (their home...) is left alone.
static bool holdsOnlyOurFiles(const QString &dir)
{
    const QStringList names =
        QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    // The database and its journals, the secrets file (and one set aside as unreadable), the
    // settings, the socket folder, and the locks of the folder's owner and of the browser host.
    for (const QString &name : names) {
        if (!name.startsWith(QLatin1String("tasks.sqlite")) &&
            !name.startsWith(QLatin1String("secrets.json")) && name != QLatin1String("run") &&
            name != QLatin1String("settings.ini") && name != QLatin1String("fetchdeck.lock") &&
            name != QLatin1String("dashboard.lock") && name != QLatin1String("native-host.lock"))
            return false;
    }
    return !names.isEmpty();
}

static void tightenToOwner(const QString &dir)
{
    const QByteArray path = QFile::encodeName(dir);
    struct stat st {};
    if (::stat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() &&
        (st.st_mode & 077) != 0)
        ::chmod(path.constData(), 0700);
}

QString TaskStore::open(const QString &stateDir)
{
    // URLs may carry passwords: the folder this creates, and the database (SQLite gives its
    // journal files the database's mode), are for their owner only.
    const bool created = !QFileInfo::exists(stateDir);
    if (!QDir().mkpath(stateDir))
        return tr("cannot create the state folder %1").arg(stateDir);
    if (created || holdsOnlyOurFiles(stateDir))
        tightenToOwner(stateDir); // also one an older version left readable by others
    m_path = QDir(stateDir).filePath(QStringLiteral("tasks.sqlite"));
    const QByteArray nativeDb = QFile::encodeName(m_path);

    // A damaged database is kept aside, what it still holds is read, and a new one takes over.
    std::vector<Task> tasks;
    bool salvaged = false;
    QString problem;
    const TaskDatabase::Health health = TaskDatabase::check(m_path, &problem);
    if (health == TaskDatabase::Health::Unopenable)
        return tr("cannot open the task database %1: %2").arg(m_path, problem);
    if (health == TaskDatabase::Health::Damaged) {
        const QString aside = TaskDatabase::moveAside(m_path);
        if (aside.isEmpty())
            return tr("the task database %1 is damaged (%2) and cannot be moved aside")
                .arg(m_path, problem);
        const QString connection = QStringLiteral("fetchdeck-salvage");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(aside);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open())
                tasks = TaskDatabase::readTasks(db);
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        salvaged = true;
        m_recovered = int(tasks.size());
        m_recoveryNote = tr("The task database was damaged (%1). It is kept as %2; %3 task(s) "
                            "could be read from it.")
                             .arg(problem, aside, QString::number(tasks.size()));
    }

    // URLs may carry passwords: the database (SQLite gives its journal files the database's
    // mode) is for its owner only.
    if (const int fd =
            ::open(nativeDb.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        fd >= 0) {
        ::fchmod(fd, 0600); // one an earlier version left readable by all, too
        ::close(fd);
    }
    {
        const QString connection = QStringLiteral("fetchdeck-load");
        const QString error = TaskDatabase::open(connection, m_path);
        if (!error.isEmpty()) {
            QSqlDatabase::removeDatabase(connection);
            return tr("cannot open the task database %1: %2").arg(m_path, error);
        }
        QSqlDatabase db = QSqlDatabase::database(connection);
        if (!salvaged)
            tasks = TaskDatabase::readTasks(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fetchdeck-load"));
    QList<TaskId> restored;
    for (const Task &t : tasks) {
        m_written.insert(t.id, {salvaged ? 0 : t.log.size(), t.revision});
        restored.append(t.id);
    }
    m_tasks->restoreTasks(std::move(tasks));

    m_worker = new StoreWorker(m_path);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    connect(m_tasks, &TaskRegistry::added, this, &TaskStore::onAdded);
    connect(m_tasks, &TaskRegistry::changed, this, &TaskStore::onChanged);
    connect(m_tasks, &TaskRegistry::removed, this, &TaskStore::onRemoved);
    connect(m_tasks, &TaskRegistry::stateChanged, this, &TaskStore::onStateChanged);
    if (salvaged) { // what was read goes into the new database at once
        for (TaskId id : std::as_const(restored))
            m_pending.insert(id);
        writePending();
    }
    return {};
}

void TaskStore::onAdded(const QList<TaskId> &ids)
{
    // A new task is what a kill must not lose (a pasted URL, a browser's download whose own
    // copy the browser canceled): written almost at once, as a new state is.
    bool local = false;
    for (TaskId id : ids) {
        const Task *t = m_tasks->task(id);
        if (!t || t->isRemote()) // a remote daemon's download: never written here
            continue;
        local = true;
        m_pending.insert(id);
        m_addedUnwritten.insert(id);
    }
    if (local && (!m_timer.isActive() || m_timer.remainingTime() > StateChangeDelayMs))
        m_timer.start(StateChangeDelayMs);
}

void TaskStore::onChanged(const QList<TaskChange> &batch)
{
    // The registry reports changes every 100 ms; a write since then (a new state, a name
    // stored before its .part) copied the whole task, and may already hold them.
    for (const TaskChange &change : batch) {
        const Task *t = m_tasks->task(change.id);
        const auto written = m_written.constFind(change.id);
        if (t && written != m_written.cend() && written->revision == t->revision)
            continue;
        m_pending.insert(change.id);
    }
    if (!m_timer.isActive())
        m_timer.start(BatchIntervalMs);
}

void TaskStore::onRemoved(const QList<TaskId> &ids)
{
    for (TaskId id : ids) {
        const bool kept = m_credentials.remove(id) + m_maybeKept.remove(id);
        if (kept && m_secrets)
            m_secrets->remove(credentialKey(id));
        m_pending.remove(id);
        m_addedUnwritten.erase(id);
        m_written.remove(id);
    }
    m_removed.append(ids);
    m_timer.start(StateChangeDelayMs);
}

void TaskStore::onStateChanged(TaskId id)
{
    // The state is what a restart acts on: write it promptly, without waiting for the batch.
    m_pending.insert(id);
    if (!m_timer.isActive() || m_timer.remainingTime() > StateChangeDelayMs)
        m_timer.start(StateChangeDelayMs);
}

// While a chunk is on the worker the next one waits (its tasks stay pending): a backlog of
// 100,000 new tasks goes in chunks, never as 100,000 copies at once.
void TaskStore::writePending()
{
    if (!m_worker)
        return;
    if (m_chunksInFlight > 0) {
        m_writeWhenDone = true;
        return;
    }
    writeSome();
}

void TaskStore::writeSome()
{
    if (m_pending.isEmpty() && m_removed.isEmpty())
        return;
    QList<TaskId> ids;
    ids.reserve(qMin(m_pending.size(), qsizetype(RowsPerWrite)));
    // New tasks first, oldest first: a write persistNow() asks for may wait for them.
    for (auto it = m_addedUnwritten.begin();
         it != m_addedUnwritten.end() && ids.size() < RowsPerWrite;) {
        ids.append(*it);
        m_pending.remove(*it);
        it = m_addedUnwritten.erase(it);
    }
    for (auto it = m_pending.begin(); it != m_pending.end() && ids.size() < RowsPerWrite;) {
        ids.append(*it);
        it = m_pending.erase(it);
    }
    m_writeWhenDone = !m_pending.isEmpty();
    ++m_chunksInFlight;
    writeTasks(ids, Write::Chunk, {});
}

void TaskStore::writeTasks(const QList<TaskId> &ids, Write kind, Waiters waiters,
                           Durability durability)
{
    std::vector<Task> upserts;
    QList<LogRow> logs;
    upserts.reserve(ids.size());
    for (TaskId id : ids) {
        m_addedUnwritten.erase(id);
        const Task *t = m_tasks->task(id);
        if (!t || t->isRemote()) // a remote daemon's download: its daemon keeps it
            continue;
        Task copy = *t;
        keepCredentials(copy); // no password, cookie or referrer goes into the database
        Written &written = m_written[id];
        for (qsizetype i = written.logEntries; i < t->log.size(); ++i)
            logs.append({id, t->log[i]});
        written.logEntries = t->log.size();
        written.revision = t->revision;
        copy.log.clear();
        upserts.push_back(std::move(copy));
    }
    QList<TaskId> removed = std::exchange(m_removed, {});
    StoreWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, kind, durability, upserts = std::move(upserts),
                                       logs = std::move(logs), removed = std::move(removed),
                                       waiters = std::move(waiters)]() mutable {
        const bool stored = worker->write(std::move(upserts), std::move(logs), std::move(removed),
                                          durability == Durability::PowerCut);
        for (const auto &promise : waiters) {
            promise->addResult(stored);
            promise->finish();
        }
        // `this` outlives the worker's writes: its destructor waits for them (sync()).
        QMetaObject::invokeMethod(
            this, kind == Write::Chunk ? &TaskStore::chunkWritten : &TaskStore::persistWritten,
            Qt::QueuedConnection);
    });
}

// Only chunks of the backlog wait for each other: the writes persistNow() asks for never hold
// the backlog up (the worker keeps every write in order).
void TaskStore::chunkWritten()
{
    if (--m_chunksInFlight == 0 && std::exchange(m_writeWhenDone, false))
        writeSome();
    persistWaiting(); // one that waited for the tasks added before its own
}

QFuture<bool> TaskStore::persistNow(TaskId id, Durability durability)
{
    auto promise = std::make_shared<QPromise<bool>>();
    promise->start();
    QFuture<bool> stored = promise->future();
    if (!m_worker) {
        promise->addResult(true); // nothing to store in: nothing to wait for
        promise->finish();
        return stored;
    }
    m_pending.remove(id);
    m_persistIds.insert(id);
    if (durability == Durability::PowerCut)
        m_persistDurability = durability;
    m_persistWaiters.push_back(std::move(promise));
    // Every task asked for in this turn of the event loop goes in one transaction.
    if (m_persistWaiters.size() == 1)
        QMetaObject::invokeMethod(
            this, [this] { persistWaiting(); }, Qt::QueuedConnection);
    return stored;
}

// One such write at a time: what is asked for meanwhile goes in the next one, so the worker's
// queue stays short however many transfers wait.
void TaskStore::persistWaiting(bool evenIfBusy)
{
    if (m_persistWaiters.empty() || (m_persistsInFlight > 0 && !evenIfBusy))
        return;
    // The tasks added before these go in the same transaction, or, when more than one write
    // holds, are written first in chunks (this write waits for them): a .part never exists
    // while a task added before it (waiting in the queue) is not stored.
    TaskId newest = 0;
    for (TaskId id : std::as_const(m_persistIds))
        newest = std::max(newest, id);
    const auto before = m_addedUnwritten.lower_bound(newest);
    qsizetype older = 0;
    for (auto it = m_addedUnwritten.begin(); it != before && older <= RowsPerWrite; ++it)
        ++older;
    if (older > RowsPerWrite) {
        writePending(); // chunkWritten() asks again
        return;
    }
    QSet<TaskId> ids = std::exchange(m_persistIds, {});
    // Those added with them (a paste, its first download starting) come along as well.
    int taken = 0; // from the oldest on: all those before the newest (older <= RowsPerWrite)
    for (auto it = m_addedUnwritten.begin(); it != m_addedUnwritten.end() && taken < RowsPerWrite;
         ++taken) {
        ids.insert(*it);
        m_pending.remove(*it);
        it = m_addedUnwritten.erase(it);
    }
    ++m_persistsInFlight;
    writeTasks(QList<TaskId>(ids.cbegin(), ids.cend()), Write::Persist,
               std::exchange(m_persistWaiters, {}),
               std::exchange(m_persistDurability, Durability::KilledProcess));
}

void TaskStore::persistWritten()
{
    --m_persistsInFlight;
    persistWaiting();
}

void TaskStore::sync()
{
    m_tasks->flush();
    m_timer.stop();
    if (m_worker) {
        while (!m_pending.isEmpty() || !m_removed.isEmpty())
            writeSome();
    }
    persistWaiting(true); // after the chunks: nothing added before its tasks is left
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [] {}, Qt::BlockingQueuedConnection);
}
