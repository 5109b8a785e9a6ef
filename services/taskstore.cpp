// SQLite persistence of the task list.
#include "taskstore.h"

#include "engine/taskregistry.h"
#include "storage/secretstore.h"
#include "storage/sqlitestatement.h"
#include "storage/taskdatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPromise>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int SchemaVersion = 5; // 2: segments; 3: position; 4: own options; 5: browser context

const char *const Schema[] = {
    "CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, directory TEXT "
    "NOT NULL,"
    " file_name TEXT, state INTEGER NOT NULL, bytes_done INTEGER, bytes_total INTEGER, etag BLOB,"
    " last_modified BLOB, attempts INTEGER, error_kind INTEGER, http_status INTEGER, network_error "
    "INTEGER,"
    " error_message TEXT, error_detail TEXT, added TEXT, finished TEXT, kind INTEGER, mirrors TEXT,"
    " requested_name TEXT, checksum TEXT, extract INTEGER, source_path TEXT, result TEXT,"
    " segments TEXT, position INTEGER, own_limit_rate INTEGER, own_connections INTEGER,"
    " browser_context INTEGER)",
    "CREATE TABLE IF NOT EXISTS task_log (task_id INTEGER NOT NULL, at TEXT NOT NULL, text TEXT "
    "NOT NULL)",
    "CREATE INDEX IF NOT EXISTS task_log_by_task ON task_log (task_id)",
};

QString sqlError(const QSqlError &e)
{
    return e.text().isEmpty() ? QStringLiteral("database error") : e.text();
}

// Opens a connection of the calling thread; WAL keeps writers from blocking a crash-safe read.
QString openDatabase(const QString &connection, const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    if (!db.open())
        return sqlError(db.lastError());
    QSqlQuery q(db);
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return sqlError(q.lastError());
    }
    for (const char *statement : Schema) {
        if (!q.exec(QString::fromLatin1(statement)))
            return sqlError(q.lastError());
    }
    // Columns added since version 1, for databases created before them.
    QStringList columns;
    q.exec(QStringLiteral("PRAGMA table_info(tasks)"));
    while (q.next())
        columns.append(q.value(1).toString());
    for (const char *column : {"segments TEXT", "position INTEGER", "own_limit_rate INTEGER",
                               "own_connections INTEGER", "browser_context INTEGER"}) {
        const QString definition = QString::fromLatin1(column);
        if (!columns.contains(definition.section(QLatin1Char(' '), 0, 0)) &&
            !q.exec(QStringLiteral("ALTER TABLE tasks ADD COLUMN ") + definition))
            return sqlError(q.lastError());
    }
    q.exec(QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion));
    return {};
}

QString joinUrls(const QList<QUrl> &urls)
{
    QStringList parts;
    for (const QUrl &url : urls)
        parts.append(url.toString(QUrl::FullyEncoded));
    return parts.join(QLatin1Char('\n'));
}

struct LogRow {
    TaskId id;
    TaskLogEntry entry;
};

} // namespace

// Lives on the store's thread; owns that thread's database connection: SQLite's own (the
// schema is made through QtSql first), so rows are bound without QSqlQuery's cost per value and
// no handle is borrowed from Qt's driver.
class StoreWorker final : public QObject {
public:
    explicit StoreWorker(QString path) : m_path(std::move(path)) {}
    ~StoreWorker() override { closeConnection(); }

    // Writes the batch after any earlier one that failed, in one transaction. Returns whether
    // everything handed over so far is stored; what failed is kept and tried again (with the
    // next write, or a second later), so nothing is dropped by a full disk or a lock.
    bool write(std::vector<Task> upserts, QList<LogRow> logs, QList<TaskId> removed)
    {
        for (Task &t : upserts)
            m_upserts.push_back(std::move(t));
        m_logs += logs;
        m_removed += removed;
        if (flush()) {
            m_upserts.clear();
            m_logs.clear();
            m_removed.clear();
            return true;
        }
        if (!m_retrying) {
            m_retrying = true;
            QTimer::singleShot(1000, this, [this] {
                m_retrying = false;
                write({}, {}, {});
            });
        }
        return false;
    }

private:
    bool flush()
    {
        // A connection that could not be opened (a full table of file descriptors...) is tried
        // again with the next write.
        if (!m_db && !openConnection())
            return false;
        if (sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
            return failed("BEGIN");
        // SQLite may roll a transaction back by itself (a full disk, I/O errors): then what
        // follows must not be committed one statement at a time.
        // A row SQLite refuses for what it holds (a constraint) is skipped with a warning, as
        // before; anything else (a lock, a full disk, an I/O error) fails the whole batch.
        const auto step = [this](SqliteStatement &statement) {
            const QString error = statement.exec();
            const int code = statement.code() & 0xff; // the primary code
            if (error.isEmpty())
                return true;
            const bool rowOnly = code == SQLITE_CONSTRAINT || code == SQLITE_MISMATCH ||
                                 code == SQLITE_TOOBIG || code == SQLITE_RANGE;
            if (rowOnly && sqlite3_get_autocommit(m_db) == 0) {
                qWarning("fetchdeck: a row of the task database was refused: %s",
                         qPrintable(error));
                return true;
            }
            return false;
        };
        for (const Task &t : m_upserts) {
            m_upsert << qint64(t.id) << t.url.toString(QUrl::FullyEncoded) << t.directory
                     << t.fileName << int(t.state) << t.bytesDone << t.bytesTotal << t.etag
                     << t.lastModified << t.attempts << int(t.error.kind) << t.error.httpStatus
                     << t.error.networkError << t.error.message << t.error.detail
                     << t.added.toString(Qt::ISODateWithMs)
                     << t.finished.toString(Qt::ISODateWithMs) << int(t.kind) << joinUrls(t.mirrors)
                     << t.requestedName << t.checksum << int(t.extract) << t.sourcePath << t.result
                     << t.segments << t.position << t.ownLimitRate << t.ownConnections
                     << int(t.browserContextKept);
            if (!step(m_upsert))
                return failed("a task");
        }
        for (const LogRow &row : std::as_const(m_logs)) {
            m_log << qint64(row.id) << row.entry.when.toString(Qt::ISODateWithMs) << row.entry.text;
            if (!step(m_log))
                return failed("a log entry");
        }
        for (TaskId id : std::as_const(m_removed)) {
            if (!step(m_deleteTask << qint64(id)) || !step(m_deleteLog << qint64(id)))
                return failed("a removal");
        }
        if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return failed("COMMIT");
        return true;
    }

    bool failed(const char *what)
    {
        qWarning("fetchdeck: cannot write the task database (%s): %s; trying again", what,
                 sqlite3_errmsg(m_db));
        if (sqlite3_get_autocommit(m_db) == 0)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    }

    // The schema through QtSql (as the loading connection sees it), then a connection of our
    // own with the statements prepared once. Returns whether it is ready.
    bool openConnection()
    {
        const QString qtConnection =
            QStringLiteral("fetchdeck-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString error = openDatabase(qtConnection, m_path);
        QSqlDatabase::database(qtConnection).close();
        QSqlDatabase::removeDatabase(qtConnection);
        if (error.isEmpty() && sqlite3_open_v2(QFile::encodeName(m_path).constData(), &m_db,
                                               SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            error = QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : "out of memory");
        if (error.isEmpty() &&
            sqlite3_exec(m_db, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000", nullptr,
                         nullptr, nullptr) != SQLITE_OK)
            error = QString::fromUtf8(sqlite3_errmsg(m_db));
        for (auto [statement, sql] :
             {std::pair{&m_upsert,
                        "INSERT OR REPLACE INTO tasks (id, url, directory, file_name, state,"
                        " bytes_done, bytes_total, etag, last_modified, attempts, error_kind,"
                        " http_status, network_error, error_message, error_detail, added,"
                        " finished, kind, mirrors, requested_name, checksum, extract,"
                        " source_path, result, segments, position, own_limit_rate,"
                        " own_connections, browser_context)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
              std::pair{&m_log, "INSERT INTO task_log (task_id, at, text) VALUES (?,?,?)"},
              std::pair{&m_deleteTask, "DELETE FROM tasks WHERE id = ?"},
              std::pair{&m_deleteLog, "DELETE FROM task_log WHERE task_id = ?"}}) {
            if (error.isEmpty())
                error = statement->prepare(m_db, sql);
        }
        if (error.isEmpty())
            return true;
        qWarning("fetchdeck: cannot open the task database: %s", qPrintable(error));
        closeConnection();
        return false;
    }

    void closeConnection()
    {
        for (SqliteStatement *statement : {&m_upsert, &m_log, &m_deleteTask, &m_deleteLog})
            statement->prepare(nullptr, nullptr); // finalized before the connection closes
        sqlite3_close(m_db);
        m_db = nullptr;
    }

    QString m_path;
    sqlite3 *m_db = nullptr;
    // What is handed over and not stored yet (after a failure), in order.
    std::vector<Task> m_upserts;
    QList<LogRow> m_logs;
    QList<TaskId> m_removed;
    bool m_retrying = false;
    SqliteStatement m_upsert;
    SqliteStatement m_log;
    SqliteStatement m_deleteTask;
    SqliteStatement m_deleteLog;
};

TaskStore::TaskStore(TaskRegistry *tasks, QObject *parent) : QObject(parent), m_tasks(tasks)
{
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
    for (const QString &name : names) {
        if (!name.startsWith(QLatin1String("tasks.sqlite")) && name != QLatin1String("run") &&
            name != QLatin1String("settings.ini"))
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
                             .arg(problem, aside)
                             .arg(tasks.size());
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
        const QString error = openDatabase(connection, m_path);
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
        m_logWritten.insert(t.id, salvaged ? 0 : t.log.size());
        restored.append(t.id);
    }
    m_tasks->restoreTasks(std::move(tasks));

    m_worker = new StoreWorker(m_path);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
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

void TaskStore::onChanged(const QList<TaskChange> &batch)
{
    for (const TaskChange &change : batch)
        m_pending.insert(change.id);
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
        m_logWritten.remove(id);
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
    for (auto it = m_pending.begin(); it != m_pending.end() && ids.size() < RowsPerWrite;) {
        ids.append(*it);
        it = m_pending.erase(it);
    }
    m_writeWhenDone = !m_pending.isEmpty();
    ++m_chunksInFlight;
    writeTasks(ids, Write::Chunk, {});
}

void TaskStore::writeTasks(const QList<TaskId> &ids, Write kind, Waiters waiters)
{
    std::vector<Task> upserts;
    QList<LogRow> logs;
    upserts.reserve(ids.size());
    for (TaskId id : ids) {
        const Task *t = m_tasks->task(id);
        if (!t || t->isRemote()) // a remote daemon's download: its daemon keeps it
            continue;
        Task copy = *t;
        keepCredentials(copy); // no password, cookie or referrer goes into the database
        qsizetype &written = m_logWritten[id];
        for (qsizetype i = written; i < t->log.size(); ++i)
            logs.append({id, t->log[i]});
        written = t->log.size();
        copy.log.clear();
        upserts.push_back(std::move(copy));
    }
    QList<TaskId> removed = std::exchange(m_removed, {});
    StoreWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, kind, upserts = std::move(upserts),
                                       logs = std::move(logs), removed = std::move(removed),
                                       waiters = std::move(waiters)]() mutable {
        const bool stored = worker->write(std::move(upserts), std::move(logs), std::move(removed));
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
}

QFuture<bool> TaskStore::persistNow(TaskId id)
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
    const QSet<TaskId> ids = std::exchange(m_persistIds, {});
    ++m_persistsInFlight;
    writeTasks(QList<TaskId>(ids.cbegin(), ids.cend()), Write::Persist,
               std::exchange(m_persistWaiters, {}));
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
    persistWaiting(true);
    if (m_worker) {
        while (!m_pending.isEmpty() || !m_removed.isEmpty())
            writeSome();
    }
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [] {}, Qt::BlockingQueuedConnection);
}
