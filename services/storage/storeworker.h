// The task store's writer, on the store's thread: batches of task rows, log lines and removals,
// each in one transaction, through a SQLite connection of its own (the schema is made through
// QtSql first), so rows are bound without QSqlQuery's cost per value and no handle is borrowed
// from Qt's driver. What the database refuses (a lock, a full disk) is kept and written first
// with the next batch, or a second later.
#pragma once

#include "models/task.h"
#include "sqlitestatement.h"

#include <QList>
#include <QObject>
#include <QString>
#include <vector>

struct LogRow {
    TaskId id;
    TaskLogEntry entry;
};

class StoreWorker final : public QObject {
public:
    explicit StoreWorker(QString path) : m_path(std::move(path)) {}
    ~StoreWorker() override { closeConnection(); }

    // Writes the batch after any earlier one that failed, in one transaction. Returns whether
    // everything handed over so far is stored; with `synced`, on the disk too (the log synced
    // at the commit).
    bool write(std::vector<Task> upserts, QList<LogRow> logs, QList<TaskId> removed,
               bool synced = false);

private:
    bool flush(bool synced);
    bool failed(const char *what);
    bool openConnection(); // returns whether it is ready
    void closeConnection();

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
