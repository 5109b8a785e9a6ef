// The task database: its schema, reading tasks row by row (going on past damaged ones),
// checking and setting aside damaged files.
#include "taskdatabase.h"

#include "services/storage/filenames.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <limits>
#include <optional>

namespace {

constexpr int SchemaVersion = 6; // 2: segments; 3: position; 4: own options; 5: browser context;
                                 // 6: response status

// Columns added to the tasks table since version 1, as they are added to older databases.
const char *const AddedColumns[] = {"segments TEXT",           "position INTEGER",
                                    "own_limit_rate INTEGER",  "own_connections INTEGER",
                                    "browser_context INTEGER", "response_status INTEGER"};

// The name of a column in AddedColumns.
QString columnName(const char *definition)
{
    return QString::fromLatin1(definition).section(QLatin1Char(' '), 0, 0);
}

// The columns the tasks table has now.
QStringList taskColumns(QSqlQuery &q)
{
    QStringList columns;
    if (q.exec(QStringLiteral("PRAGMA table_info(tasks)")))
        while (q.next())
            columns.append(q.value(1).toString());
    return columns;
}

const char *const Schema[] = {
    "CREATE TABLE IF NOT EXISTS tasks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, directory TEXT "
    "NOT NULL,"
    " file_name TEXT, state INTEGER NOT NULL, bytes_done INTEGER, bytes_total INTEGER, etag BLOB,"
    " last_modified BLOB, attempts INTEGER, error_kind INTEGER, http_status INTEGER, network_error "
    "INTEGER,"
    " error_message TEXT, error_detail TEXT, added TEXT, finished TEXT, kind INTEGER, mirrors TEXT,"
    " requested_name TEXT, checksum TEXT, extract INTEGER, source_path TEXT, result TEXT,"
    " segments TEXT, position INTEGER, own_limit_rate INTEGER, own_connections INTEGER,"
    " browser_context INTEGER, response_status INTEGER)",
    "CREATE TABLE IF NOT EXISTS task_log (task_id INTEGER NOT NULL, at TEXT NOT NULL, text TEXT "
    "NOT NULL)",
    "CREATE INDEX IF NOT EXISTS task_log_by_task ON task_log (task_id)",
};

QString sqlError(const QSqlError &e)
{
    return e.text().isEmpty() ? QStringLiteral("database error") : e.text();
}

QList<QUrl> splitUrls(const QString &text)
{
    QList<QUrl> urls;
    for (const QString &part : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        urls.append(QUrl::fromEncoded(part.toUtf8()));
    return urls;
}

Task taskFrom(const QSqlQuery &q)
{
    Task t;
    t.id = q.value(0).toULongLong();
    t.url = QUrl::fromEncoded(q.value(1).toByteArray());
    t.directory = q.value(2).toString();
    t.fileName = q.value(3).toString();
    // Only a name inside the task's folder, as Fetchdeck writes them: anything else (a row
    // edited by hand or another program) is as if no name had been chosen yet.
    if (t.fileName.contains(QLatin1Char('/')) || t.fileName.contains(QChar(0)) ||
        t.fileName == QLatin1String(".") || t.fileName == QLatin1String(".."))
        t.fileName.clear();
    t.state = static_cast<TaskState>(qBound(0, q.value(4).toInt(), TaskStateCount - 1));
    t.bytesDone = q.value(5).toLongLong();
    t.bytesTotal = q.value(6).toLongLong();
    t.etag = q.value(7).toByteArray();
    t.lastModified = q.value(8).toByteArray();
    t.attempts = q.value(9).toInt();
    t.error.kind =
        static_cast<TaskError::Kind>(qBound(0, q.value(10).toInt(), int(TaskError::Kind::Job)));
    t.error.httpStatus = q.value(11).toInt();
    t.error.networkError = q.value(12).toInt();
    t.error.message = q.value(13).toString();
    t.error.detail = q.value(14).toString();
    t.added = QDateTime::fromString(q.value(15).toString(), Qt::ISODateWithMs);
    t.finished = QDateTime::fromString(q.value(16).toString(), Qt::ISODateWithMs);
    t.kind = static_cast<TaskKind>(qBound(0, q.value(17).toInt(), int(TaskKind::Extract)));
    // Out of the record only when the task has any of these.
    QList<QUrl> mirrors = splitUrls(q.value(18).toString());
    QString requestedName = q.value(19).toString();
    if (!requestedName.isEmpty())
        requestedName = FileNames::sanitize(requestedName);
    QString checksum = q.value(20).toString();
    const bool extract = q.value(21).toBool();
    QString sourcePath = q.value(22).toString();
    QString result = q.value(23).toString();
    const bool contextKept = q.value(28).toBool();
    if (!mirrors.isEmpty() || !requestedName.isEmpty() || !checksum.isEmpty() || extract ||
        !sourcePath.isEmpty() || !result.isEmpty() || contextKept) {
        TaskExtra &x = t.editExtra();
        x.mirrors = std::move(mirrors);
        x.requestedName = std::move(requestedName);
        x.checksum = std::move(checksum);
        x.extract = extract;
        x.sourcePath = std::move(sourcePath);
        x.result = std::move(result);
        x.browserContextKept = contextKept;
    }
    t.segments = q.value(24).toString();
    // Stored before positions were: the order of addition.
    // Far from the ends of the range, whatever a row says: the queue adds to it.
    constexpr qint64 FarthestPosition = qint64(1) << 62;
    t.position =
        qBound(-FarthestPosition, q.value(25).isNull() ? qint64(t.id) : q.value(25).toLongLong(),
               FarthestPosition);
    t.ownLimitRate = qMax<qint64>(0, q.value(26).toLongLong());
    t.ownConnections = qMax(0, q.value(27).toInt());
    t.responseStatus = q.value(29).toInt();
    if (t.state == TaskState::Running)
        t.state = TaskState::Queued; // it was interrupted: resume it
    return t;
}

// Damaged rows skipped, and searches around damaged pages, at most (each costs a query).
constexpr int MaxSkips = 20000;

// The id of the first row from id `from` on, read from the table's tree alone (a row's id is
// there even when its record is damaged): none when there is no such row; an error when the
// tree cannot be read there. (A search from an id goes down to where that id would be: "from
// 127" may go around a damaged page that "after 126" goes into.)
std::optional<std::optional<qint64>> firstIdFrom(QSqlQuery &q, qint64 from)
{
    if (!q.exec(
            QStringLiteral("SELECT id FROM tasks WHERE id >= %1 ORDER BY id LIMIT 1").arg(from)))
        return std::nullopt;
    if (q.next())
        return std::optional<qint64>(q.value(0).toLongLong());
    if (q.lastError().isValid())
        return std::nullopt;
    return std::optional<qint64>();
}

} // namespace

namespace TaskDatabase {

std::vector<Task> readTasks(const QSqlDatabase &db, bool *complete)
{
    std::vector<Task> tasks;
    bool whole = true;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // A damaged database is read as it is, perhaps of an earlier version: NULL stands in for
    // the columns added since.
    const QStringList present = taskColumns(q);
    QString later;
    for (const char *column : AddedColumns) {
        const QString name = columnName(column);
        later += QStringLiteral(", ") + (present.contains(name) ? name : QStringLiteral("NULL"));
    }
    const QString select =
        QStringLiteral("SELECT id, url, directory, file_name, state, bytes_done, bytes_total, etag,"
                       " last_modified, attempts, error_kind, http_status, network_error,"
                       " error_message, error_detail, added, finished, kind, mirrors,"
                       " requested_name, checksum, extract, source_path, result") +
        later + QStringLiteral(" FROM tasks ");
    const auto take = [&tasks](QSqlQuery &rows) {
        Task t = taskFrom(rows);
        const qint64 id = qint64(t.id);
        if (t.id != 0 && t.url.isValid())
            tasks.push_back(std::move(t));
        return id;
    };
    // The rows in id order. Where one cannot be read, the reading goes on after it: every task
    // still readable comes back, not only those before the damage.
    constexpr qint64 Last = std::numeric_limits<qint64>::max();
    qint64 from = std::numeric_limits<qint64>::min();
    int skips = 0;
    while (skips < MaxSkips) {
        const bool ran = q.exec(select + QStringLiteral("WHERE id >= %1 ORDER BY id").arg(from));
        std::optional<qint64> last; // read in this pass
        while (ran && q.next())
            last = take(q);
        if (ran && !q.lastError().isValid())
            break;
        whole = false;
        if (last) { // the damage is past it
            if (*last == Last)
                break;
            from = *last + 1;
        }
        // A damaged record: its id is still in the tree, and the reading goes on after it.
        // (`from` only grows: no row is read twice, and the reading ends.)
        if (const auto damaged = firstIdFrom(q, from);
            damaged && (!*damaged || **damaged >= from)) {
            if (!*damaged || **damaged == Last)
                break;
            from = **damaged + 1;
            ++skips;
            continue;
        }
        // A damaged page of the tree: its ids cannot be read, but a search from an id past its
        // range goes around it. The least such id is found by doubling a step, then halving
        // the interval; the reading goes on from there.
        qint64 failing = from;
        qint64 step = 1;
        std::optional<qint64> walkable;
        while (!walkable && skips < MaxSkips) {
            ++skips;
            if (failing > Last - step)
                break;
            if (firstIdFrom(q, failing + step))
                walkable = failing + step;
            else if (step <= Last / 2)
                failing += std::exchange(step, step * 2);
            else
                break;
        }
        if (!walkable)
            break;
        while (*walkable - failing > 1 && skips < MaxSkips) {
            ++skips;
            const qint64 middle = failing + (*walkable - failing) / 2;
            (firstIdFrom(q, middle) ? *walkable : failing) = middle;
        }
        from = *walkable;
    }
    QHash<TaskId, qsizetype> index;
    for (qsizetype i = 0; i < qsizetype(tasks.size()); ++i)
        index.insert(tasks[i].id, i);
    QSqlQuery log(db);
    log.setForwardOnly(true);
    if (log.exec(QStringLiteral("SELECT task_id, at, text FROM task_log ORDER BY rowid"))) {
        while (log.next()) {
            const auto it = index.constFind(log.value(0).toULongLong());
            if (it != index.cend())
                tasks[*it].log.append(
                    {QDateTime::fromString(log.value(1).toString(), Qt::ISODateWithMs),
                     log.value(2).toString()});
        }
    }
    if (log.lastError().isValid())
        whole = false;
    if (complete)
        *complete = whole;
    return tasks;
}

Health check(const QString &path, QString *problem)
{
    if (!QFileInfo(path).isDir() && (!QFile::exists(path) || QFile(path).size() == 0))
        return Health::Sound;
    const QString connection =
        QStringLiteral("fetchdeck-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Health health = Health::Unopenable;
    // SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged, not merely out of reach.
    const auto classify = [&](const QSqlError &e) {
        *problem = e.text();
        const QString code = e.nativeErrorCode();
        health = code == QLatin1String("11") || code == QLatin1String("26") ? Health::Damaged
                                                                            : Health::Unopenable;
    };
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            classify(db.lastError());
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next()) {
                classify(q.lastError());
            } else {
                const QString verdict = q.value(0).toString();
                health = verdict == QLatin1String("ok") ? Health::Sound : Health::Damaged;
                if (health == Health::Damaged)
                    *problem = verdict;
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (health != Health::Sound && problem->isEmpty())
        *problem = QStringLiteral("unreadable");
    return health;
}

QString moveAside(const QString &path)
{
    const QString aside = path + QStringLiteral(".damaged-") +
                          QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::rename(path, aside))
        return {};
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString extra = path + QLatin1String(suffix);
        if (QFile::exists(extra))
            QFile::rename(extra, aside + QLatin1String(suffix));
    }
    return aside;
}

} // namespace TaskDatabase

QString TaskDatabase::open(const QString &connection, const QString &path)
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
    // A newer Fetchdeck's database is left as it is: its columns would be refused or wiped, and
    // marking it as ours would hide that from the newer version.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(q.lastError());
    if (const int version = q.value(0).toInt(); version > SchemaVersion) {
        return QCoreApplication::translate(
                   "TaskStore", "it was written by a newer version of Fetchdeck (database version "
                                "%1; this one knows up to %2): run that version, or use another "
                                "--state-dir")
            .arg(version)
            .arg(SchemaVersion);
    }
    for (const char *statement : Schema) {
        if (!q.exec(QString::fromLatin1(statement)))
            return sqlError(q.lastError());
    }
    // Columns added since version 1, for databases created before them.
    const QStringList columns = taskColumns(q);
    for (const char *column : AddedColumns) {
        if (!columns.contains(columnName(column)) &&
            !q.exec(QStringLiteral("ALTER TABLE tasks ADD COLUMN ") + QString::fromLatin1(column)))
            return sqlError(q.lastError());
    }
    q.exec(QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion));
    return {};
}
