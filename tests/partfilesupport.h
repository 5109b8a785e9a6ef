// What the part file suites share: their base (an I/O pool, and a committer made for each test
// and gone, with the pool idle, before the next), patterned data, a file's contents, and writers
// that queue a download's pieces as its connections do.
#pragma once

#include "services/storage/filecommitter.h"
#include "services/storage/partfile.h"

#include <QByteArray>
#include <QCoroTask>
#include <QFile>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QTest>
#include <QThreadPool>
#include <algorithm>
#include <memory>

class PartFileSuite : public QObject {
    Q_OBJECT
protected:
    QThreadPool m_pool;
    std::unique_ptr<FileCommitter> m_committer;

private Q_SLOTS:
    void init() { m_committer = std::make_unique<FileCommitter>(); }
    void cleanup()
    {
        m_committer.reset();
        m_pool.waitForDone();
    }
};

namespace PartFileSupport {

inline QByteArray pattern(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 7 + i / 251) % 26);
    return bytes;
}

inline QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Queues every piece without waiting in between, as connections do within one event-loop
// pass, in a shuffled order.
inline QCoro::Task<QString> writePieces(PartFile *file, QByteArray whole, qint64 pieceBytes)
{
    QList<qint64> offsets;
    for (qint64 at = 0; at < whole.size(); at += pieceBytes)
        offsets.append(at);
    QRandomGenerator random(7);
    std::shuffle(offsets.begin(), offsets.end(), random);
    for (const qint64 at : std::as_const(offsets)) {
        const QString error = co_await file->writeAt(at, whole.mid(at, pieceBytes));
        if (!error.isEmpty())
            co_return error;
    }
    co_return QString();
}
// One connection's part of a file: `part` written from `from` on, `pieceBytes` at a time, in order.
inline QCoro::Task<QString> writeRange(PartFile *file, QByteArray part, qint64 from,
                                       qint64 pieceBytes)
{
    for (qint64 at = 0; at < part.size(); at += pieceBytes) {
        const QString error = co_await file->writeAt(from + at, part.mid(at, pieceBytes));
        if (!error.isEmpty())
            co_return error;
    }
    co_return QString();
}

} // namespace PartFileSupport
