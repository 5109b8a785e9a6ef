// Prepared SQLite statements bound from Qt values.
#include "sqlitestatement.h"

#include "isotime.h"

QString SqliteStatement::prepare(sqlite3 *db, const char *sql)
{
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    m_db = db;
    m_next = 0;
    m_texts.clear();
    if (!db)
        return QStringLiteral("no database connection");
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
        m_stmt = nullptr;
        return QString::fromUtf8(sqlite3_errmsg(db));
    }
    return {};
}

QString SqliteStatement::exec()
{
    if (!m_stmt)
        return QStringLiteral("statement not prepared");
    const int rc = sqlite3_step(m_stmt);
    m_code = rc == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(m_db);
    const QString error = rc == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_texts.clear();
    m_next = 0;
    return error;
}

SqliteStatement &SqliteStatement::operator<<(const QDateTime &value)
{
    char text[IsoTime::MaxBytes];
    const int length = IsoTime::format(value, text);
    if (length < 0)
        return *this << value.toString(Qt::ISODateWithMs);
    sqlite3_bind_text(m_stmt, ++m_next, text, length, SQLITE_TRANSIENT);
    return *this;
}
