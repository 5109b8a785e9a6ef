// A prepared SQLite statement bound straight from Qt values. The task store writes hundreds of
// thousands of rows through it: Qt 6.4's QSqlQuery::bindValue() formats a placeholder name and
// looks it up for every value bound, which was half of the store thread's time.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <sqlite3.h>
#include <vector>

class SqliteStatement {
public:
    SqliteStatement() = default;
    ~SqliteStatement() { sqlite3_finalize(m_stmt); }
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Returns an error message, empty on success; a null `db` just finalizes.
    QString prepare(sqlite3 *db, const char *sql);
    bool isPrepared() const { return m_stmt != nullptr; }

    // Values are bound in order, from the first placeholder. A null QString or QByteArray is
    // NULL, as QSqlQuery binds them.
    SqliteStatement &operator<<(qint64 value)
    {
        sqlite3_bind_int64(m_stmt, ++m_next, value);
        return *this;
    }
    SqliteStatement &operator<<(int value) { return *this << qint64(value); }
    // As UTF-8, the database's own encoding: bound as UTF-16, SQLite converted each value
    // itself while stepping, slower than Qt does.
    SqliteStatement &operator<<(const QString &value)
    {
        if (value.isNull()) {
            sqlite3_bind_null(m_stmt, ++m_next);
        } else {
            m_texts.push_back(value.toUtf8()); // held until exec(): SQLite need not copy it
            const QByteArray &text = m_texts.back();
            sqlite3_bind_text(m_stmt, ++m_next, text.constData(), int(text.size()), SQLITE_STATIC);
        }
        return *this;
    }
    // As value.toString(Qt::ISODateWithMs) (NULL for an invalid time), which QDateTime::
    // fromString(..., Qt::ISODateWithMs) reads back.
    SqliteStatement &operator<<(const QDateTime &value);
    SqliteStatement &operator<<(const QByteArray &value)
    {
        if (value.isNull())
            sqlite3_bind_null(m_stmt, ++m_next);
        else
            sqlite3_bind_blob(m_stmt, ++m_next, value.constData(), int(value.size()),
                              SQLITE_TRANSIENT);
        return *this;
    }

    // Runs the statement with the values bound, then resets it for the next row. Returns an
    // error message, empty on success.
    QString exec();
    // SQLite's result code of the last exec(): SQLITE_OK, or why it failed (SQLITE_BUSY,
    // SQLITE_FULL, SQLITE_CONSTRAINT...).
    int code() const { return m_code; }

private:
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_db = nullptr;
    int m_next = 0;
    int m_code = SQLITE_OK;
    std::vector<QByteArray> m_texts; // bound, for the next exec()
};
