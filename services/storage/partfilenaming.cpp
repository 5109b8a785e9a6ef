// Naming and creating partial files.
#include "partfilenaming.h"

#include "services/engine/handoff.h"
#include "services/http/httpheaders.h"
#include "services/storage/filecommitter.h"
#include "services/storage/filenames.h"
#include "services/storage/partfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

QString partPathFor(const QString &directory, const QString &fileName)
{
    return QDir(directory).filePath(fileName + QStringLiteral(".part"));
}

namespace {

struct Chosen {
    int n = -1; // its number (FileNames::candidate); -1 when none was chosen: `error`
    QString name;
    QString error;
};

// The first name for `wanted` from number `from` on that is free on disk and held by no other
// task, reserved for this one (reserving releases the name it held), announced and stored with
// `durability`. The disk is asked on the I/O pool: the GUI thread never asks it (a hung network
// folder would freeze the window). `naming` outlives the call.
QCoro::Task<Chosen> chooseName(const PartFileNaming *naming, QString wanted, int from,
                               Durability durability)
{
    const QString directory = naming->directory;
    for (int tries = 0; tries < 20; ++tries) {
        const int skipTo = naming->nextNumber ? naming->nextNumber(directory, wanted) : 0;
        auto lookup = PoolCall(naming->pool, [directory, wanted, from, skipTo] {
            return FileNames::firstFreeOnDisk(directory, wanted, from, skipTo);
        });
        const int freeOnDisk = co_await lookup;
        const int n = naming->reserve ? naming->reserve(directory, wanted, freeOnDisk) : freeOnDisk;
        if (n != freeOnDisk) {
            from = n; // another task holds that one: is the next one it leaves free on disk?
            continue;
        }
        Chosen chosen{n, FileNames::candidate(wanted, n), {}};
        if (naming->announce)
            naming->announce(chosen.name);
        if (naming->persist) {
            auto stored = FutureResult(naming->persist(durability), false);
            if (!co_await stored) {
                co_return Chosen{
                    -1,
                    {},
                    QCoreApplication::translate("Transfer", "the task list could not be stored")};
            }
        }
        co_return chosen;
    }
    co_return Chosen{-1,
                     {},
                     QCoreApplication::translate("Transfer", "no free file name for %1 in %2")
                         .arg(wanted, directory)};
}

} // namespace

QCoro::Task<QString> createPartFile(PartFile *file, PartFileNaming naming, QString *fileName,
                                    QString *path)
{
    *path = naming.directory;
    QString wanted = FileNames::sanitize(naming.requestedName);
    // filename* first; one that comes to nothing (".." encoded) leaves filename its turn.
    for (const QString &given :
         HttpHeaders::fileNamesFromContentDisposition(naming.contentDisposition))
        if (wanted.isEmpty())
            wanted = FileNames::sanitize(given);
    if (wanted.isEmpty())
        wanted = FileNames::fromUrl(naming.url);
    // Only a free name is ever stored (after a kill -9 a stored name whose file exists is taken
    // for a download that was complete), and stored before its .part exists (a kill -9 could
    // orphan it). The .part is created exclusively, where the final name is checked once more:
    // a name taken meanwhile (another program) makes us choose again from the next one.
    QString error;
    QString name;
    int from = 0;
    for (int tries = 0; tries < 20; ++tries) {
        auto choosing = chooseName(&naming, wanted, from, Durability::KilledProcess);
        const Chosen chosen = co_await choosing;
        if (chosen.n < 0) {
            error = chosen.error;
            break;
        }
        name = chosen.name;
        *path = partPathFor(naming.directory, name);
        error = co_await file->open(*path, false, QDir(naming.directory).filePath(name));
        if (!file->nameWasTaken())
            break;
        from = chosen.n + 1;
    }
    *fileName = error.isEmpty() ? name : QString();
    co_return error;
}

QCoro::Task<PartFile::Committed> commitPartFile(PartFile *file, PartFileNaming naming,
                                                QString fileName)
{
    const QString directory = naming.directory;
    PartFile::Committed committed = co_await file->commit(directory, fileName, false);
    // A numbered name ("n (1).bin") taken meanwhile goes on to the next number of the name it
    // was numbered from ("n (2).bin"), not to "n (1) (1).bin".
    int numberedAs = 0;
    const QString base = FileNames::unnumbered(fileName, &numberedAs);
    int from = numberedAs + 1;
    bool reserved = false; // another name than the .part's
    for (int tries = 0; committed.nameTaken && tries < 20; ++tries) {
        // Stored to outlive a power cut before the file takes it (see the header).
        auto choosing = chooseName(&naming, base, from, Durability::PowerCut);
        const Chosen chosen = co_await choosing;
        reserved = true;
        if (chosen.n < 0) {
            committed.error = chosen.error;
            committed.nameTaken = false;
            break;
        }
        from = chosen.n + 1;
        committed = co_await file->commit(directory, chosen.name, false);
    }
    // Not renamed: the task goes on naming its .part (the caller's name), and holds that name
    // again, or Remove would not take the .part for the task's.
    if (committed.fileName.isEmpty() && reserved && naming.reserve)
        naming.reserve(directory, fileName, 0);
    co_return committed;
}

QCoro::Task<bool> isCompleteFile(QThreadPool *pool, QString path, qint64 expectedSize)
{
    auto found = PoolCall(pool, [path, expectedSize] {
        const QFileInfo info(path);
        return info.isFile() && !info.isSymLink() && info.size() == expectedSize &&
               FileCommitter::isMarkedComplete(path);
    });
    co_return co_await found;
}
