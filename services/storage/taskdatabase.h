// Reading the task database, and telling a damaged one from a sound one: the parts of the
// store that also serve recovery (a damaged file is kept aside and what it still holds read).
#pragma once

#include "models/task.h"

#include <QString>
#include <vector>

class QSqlDatabase;

namespace TaskDatabase {

// Opens `path` as the QtSql connection `connection` of the calling thread, creating the tables
// (or the columns an earlier version lacked), in WAL mode (writers never block a crash-safe
// read). Returns an error message, empty on success.
QString open(const QString &connection, const QString &path);

// Every task (with its log) the database yields, in id order. `complete` becomes false when a
// read failed part-way (the tasks before the failure are returned).
std::vector<Task> readTasks(const QSqlDatabase &db, bool *complete = nullptr);

// What SQLite makes of the file (PRAGMA quick_check); `problem` says what it found. A missing
// or empty file is sound. Only damage (SQLITE_CORRUPT, SQLITE_NOTADB, a failed check) counts
// as Damaged: a file that cannot be opened now (permissions, a lock, a folder in its place)
// is Unopenable and must be left alone.
enum class Health { Sound, Damaged, Unopenable };
Health check(const QString &path, QString *problem);

// Moves a damaged database (and its -wal and -shm files) aside as "<path>.damaged-<time>" and
// returns the new path of the main file; empty when it could not be moved.
QString moveAside(const QString &path);

} // namespace TaskDatabase
