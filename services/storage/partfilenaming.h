// Naming a download and creating its `.part`: the one place that picks the name (the one asked
// for, else Content-Disposition's, else the URL's; sanitized), reserves it, has the task stored
// and creates `<name>.part` exclusively, choosing again when another program took the name.
#pragma once

#include "models/task.h"
#include "services/storage/partfile.h"

#include <QCoroTask>
#include <QFuture>
#include <QString>
#include <QUrl>
#include <functional>

class QThreadPool;

struct PartFileNaming {
    QString directory;
    QString requestedName; // aria2's out=; empty: from the response
    QByteArray contentDisposition;
    QUrl url; // after redirects
    // Reserves the first candidate (FileNames::candidate) from `from` on that no other task
    // holds, for this task (NameReservations), and returns its number.
    std::function<int(const QString &dir, const QString &wanted, int from)> reserve;
    // NameReservations::nextNumber(): where to look on once the wanted name is taken; may be
    // empty.
    std::function<int(const QString &dir, const QString &wanted)> nextNumber;
    QThreadPool *pool = nullptr; // where the disk is asked which names are free
    // Records the chosen name (the task's sink) and stores the task before its .part exists,
    // so no kill -9 can orphan a .part; may be empty.
    std::function<void(const QString &name)> announce;
    std::function<QFuture<bool>(Durability)> persist; // false: the task could not be stored
};

// Returns the error (empty on success); `*fileName` is the name under which `file` was created,
// empty on failure; `*path` the .part it created, or on failure the last one it tried (the
// folder when it tried none).
QCoro::Task<QString> createPartFile(PartFile *file, PartFileNaming naming, QString *fileName,
                                    QString *path);

// Commits `file` (PartFile::commit) as `naming.directory/fileName`. When another file took that
// name meanwhile (the user saved one), the next free "name (n).ext" is reserved, announced and
// stored, to outlive a power cut, before the file takes it: after a crash the task never names
// the other file, which a restart would take for the finished download. Returns what the last
// commit() did.
QCoro::Task<PartFile::Committed> commitPartFile(PartFile *file, PartFileNaming naming,
                                                QString fileName);

// `<directory>/<fileName>.part`
QString partPathFor(const QString &directory, const QString &fileName);

// A complete download under `path`: a regular file (not a link) of exactly `expectedSize` bytes
// that the committer marked as written whole (FileCommitter::CompleteMark). Checked on `pool`.
QCoro::Task<bool> isCompleteFile(QThreadPool *pool, QString path, qint64 expectedSize);
