// Naming and creating partial files.
#include "partfilenaming.h"

#include "services/engine/handoff.h"
#include "services/filenames.h"
#include "services/httpheaders.h"
#include "services/partfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

QString partPathFor(const QString &directory, const QString &fileName)
{
    return QDir(directory).filePath(fileName + QStringLiteral(".part"));
}

QCoro::Task<QString> createPartFile(PartFile *file, PartFileNaming naming, QString *fileName,
                                    QString *path)
{
    *path = naming.directory;
    QString wanted = FileNames::sanitize(naming.requestedName);
    if (wanted.isEmpty())
        wanted = FileNames::sanitize(
            HttpHeaders::fileNameFromContentDisposition(naming.contentDisposition));
    if (wanted.isEmpty())
        wanted = FileNames::fromUrl(naming.url);
    // What stays when every try met a name another task holds.
    QString error = QCoreApplication::translate("Transfer", "no free file name for %1 in %2")
                        .arg(wanted, naming.directory);
    QString name;
    // The first name free on disk is looked up on the I/O pool (the GUI thread never asks the
    // disk: a hung network folder would freeze the window), then reserved if no other task
    // holds it, stored, and its .part created exclusively, where the final name is checked
    // once more. Only a free name is ever stored: after a kill -9 a stored name whose file
    // exists is taken for a download that was complete. A name taken meanwhile (another
    // program) makes us choose again from the next one (reserving releases the one before).
    const QString directory = naming.directory;
    int from = 0;
    for (int tries = 0; tries < 20; ++tries) {
        auto lookup = PoolCall(naming.pool, [directory, wanted, from] {
            return FileNames::firstFreeOnDisk(directory, wanted, from);
        });
        const int freeOnDisk = co_await lookup;
        const int n = naming.reserve(naming.directory, wanted, freeOnDisk);
        if (n != freeOnDisk) {
            from = n; // another task holds that one: is the next one it leaves free on disk?
            continue;
        }
        name = FileNames::candidate(wanted, n);
        if (naming.announce)
            naming.announce(name);
        if (naming.persist) {
            auto stored = FutureResult(naming.persist(Durability::KilledProcess), false);
            if (!co_await stored) {
                // Not in the database: a .part now could be orphaned by a kill -9.
                error =
                    QCoreApplication::translate("Transfer", "the task list could not be stored");
                break;
            }
        }
        const QString finalPath = QDir(naming.directory).filePath(name);
        *path = partPathFor(naming.directory, name);
        error = co_await file->open(*path, false, finalPath);
        if (!file->nameWasTaken())
            break;
        from = n + 1;
    }
    *fileName = error.isEmpty() ? name : QString();
    co_return error;
}

QCoro::Task<PartFile::Committed> commitPartFile(PartFile *file, PartFileNaming naming,
                                                QString fileName)
{
    const QString directory = naming.directory;
    const QString wanted = fileName;
    PartFile::Committed committed = co_await file->commit(directory, fileName, false);
    int from = 1;
    bool reserved = false; // another name than the .part's
    for (int tries = 0; committed.nameTaken && tries < 20; ++tries) {
        auto lookup = PoolCall(naming.pool, [directory, wanted, from] {
            return FileNames::firstFreeOnDisk(directory, wanted, from);
        });
        const int freeOnDisk = co_await lookup;
        const int n = naming.reserve ? naming.reserve(directory, wanted, freeOnDisk) : freeOnDisk;
        reserved = true;
        if (n != freeOnDisk) {
            from = n; // another task holds that one: is the next one it leaves free on disk?
            continue;
        }
        from = n + 1;
        const QString name = FileNames::candidate(wanted, n);
        if (naming.announce)
            naming.announce(name);
        if (naming.persist) {
            auto stored = FutureResult(naming.persist(Durability::PowerCut), false);
            if (!co_await stored) {
                committed.error =
                    QCoreApplication::translate("Transfer", "the task list could not be stored");
                committed.nameTaken = false;
                break;
            }
        }
        committed = co_await file->commit(directory, name, false);
    }
    // Not renamed: the task goes on naming its .part (the caller's name), and holds that name
    // again, or Remove would not take the .part for the task's.
    if (committed.fileName.isEmpty() && reserved && naming.reserve)
        naming.reserve(directory, wanted, 0);
    co_return committed;
}

QCoro::Task<bool> isCompleteFile(QThreadPool *pool, QString path, qint64 expectedSize)
{
    auto found = PoolCall(pool, [path, expectedSize] {
        const QFileInfo info(path);
        return info.isFile() && !info.isSymLink() && info.size() == expectedSize;
    });
    co_return co_await found;
}
