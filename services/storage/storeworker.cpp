// Writing task rows with SQLite's own API.
#include "storeworker.h"

#include "taskdatabase.h"

#include <QFile>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QTimer>
#include <QUuid>

namespace {

QString joinUrls(const QList<QUrl> &urls)
{
    QStringList parts;
    for (const QUrl &url : urls)
        parts.append(url.toString(QUrl::FullyEncoded));
    return parts.join(QLatin1Char('\n'));
}

} // namespace

bool StoreWorker::write(std::vector<Task> upserts, QList<LogRow> logs, QList<TaskId> removed,
                        bool synced)
{
    for (Task &t : upserts)
        m_upserts.push_back(std::move(t));
    m_logs += logs;
    m_removed += removed;
    if (flush(synced)) {
        m_upserts.clear();
        m_logs.clear();
        m_removed.clear();
        return true;
    }
    if (!m_retrying) {
        m_retrying = true;
        QTimer::singleShot(1000, this, [this] {
            m_retrying = false;
            write({}, {}, {}); // whoever waited has heard it failed
        });
    }
    return false;
}

bool StoreWorker::flush(bool synced)
{
    // A connection that could not be opened (a full table of file descriptors...) is tried
    // again with the next write.
    if (!m_db && !openConnection())
        return false;
    // FULL syncs the log at this transaction's commit; the connection goes back to NORMAL
    // whatever happens.
    if (synced &&
        sqlite3_exec(m_db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) != SQLITE_OK)
        return failed("PRAGMA synchronous");
    const auto normal = qScopeGuard([this, synced] {
        if (synced && m_db)
            sqlite3_exec(m_db, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
    });
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
            qWarning("fetchdeck: a row of the task database was refused: %s", qPrintable(error));
            return true;
        }
        return false;
    };
    for (const Task &t : m_upserts) {
        m_upsert << qint64(t.id) << t.url.toString(QUrl::FullyEncoded) << t.directory << t.fileName
                 << int(t.state) << t.bytesDone << t.bytesTotal << t.etag << t.lastModified
                 << t.attempts << int(t.error.kind) << t.error.httpStatus << t.error.networkError
                 << t.error.message << t.error.detail << t.added << t.finished << int(t.kind)
                 << joinUrls(t.extra().mirrors) << t.extra().requestedName << t.extra().checksum
                 << int(t.extra().extract) << t.extra().sourcePath << t.extra().result << t.segments
                 << t.position << t.ownLimitRate << t.ownConnections
                 << int(t.extra().browserContextKept) << t.responseStatus;
        if (!step(m_upsert))
            return failed("a task");
    }
    for (const LogRow &row : std::as_const(m_logs)) {
        m_log << qint64(row.id) << row.entry.when << row.entry.text;
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

bool StoreWorker::failed(const char *what)
{
    qWarning("fetchdeck: cannot write the task database (%s): %s; trying again", what,
             sqlite3_errmsg(m_db));
    if (sqlite3_get_autocommit(m_db) == 0)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
}

// The schema through QtSql (as the loading connection sees it), then a connection of our
// own with the statements prepared once. Returns whether it is ready.
bool StoreWorker::openConnection()
{
    const QString qtConnection =
        QStringLiteral("fetchdeck-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString error = TaskDatabase::open(qtConnection, m_path);
    QSqlDatabase::database(qtConnection).close();
    QSqlDatabase::removeDatabase(qtConnection);
    // Used by this thread alone: no lock around every call (30 values bound per row).
    if (error.isEmpty() &&
        sqlite3_open_v2(QFile::encodeName(m_path).constData(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        error = QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : "out of memory");
    // The log is copied into the database every 4000 pages (16 MiB with 4 KiB pages), not
    // every 1000: a task's row changes several times, and a page rewritten often between two
    // copies is copied once. 100,000 refused URLs: 10% less CPU on this thread (eight
    // interleaved runs each).
    if (error.isEmpty() && sqlite3_exec(m_db,
                                        "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                                        " PRAGMA wal_autocheckpoint=4000",
                                        nullptr, nullptr, nullptr) != SQLITE_OK)
        error = QString::fromUtf8(sqlite3_errmsg(m_db));
    for (auto [statement, sql] :
         {std::pair{&m_upsert,
                    "INSERT OR REPLACE INTO tasks (id, url, directory, file_name, state,"
                    " bytes_done, bytes_total, etag, last_modified, attempts, error_kind,"
                    " http_status, network_error, error_message, error_detail, added,"
                    " finished, kind, mirrors, requested_name, checksum, extract,"
                    " source_path, result, segments, position, own_limit_rate,"
                    " own_connections, browser_context, response_status)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
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

void StoreWorker::closeConnection()
{
    for (SqliteStatement *statement : {&m_upsert, &m_log, &m_deleteTask, &m_deleteLog})
        statement->prepare(nullptr, nullptr); // finalized before the connection closes
    sqlite3_close(m_db);
    m_db = nullptr;
}
