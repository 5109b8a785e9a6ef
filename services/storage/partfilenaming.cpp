// Naming and creating partial files.
#include "partfilenaming.h"

#include "services/filenames.h"
#include "services/httpheaders.h"
#include "services/partfile.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

QString partPathFor(const QString &directory, const QString &fileName)
{
    return QDir(directory).filePath(fileName + QStringLiteral(".part"));
}

QCoro::Task<QString> createPartFile(PartFile *file, PartFileNaming naming, QString *fileName)
{
    QString wanted = FileNames::sanitize(naming.requestedName);
    if (wanted.isEmpty())
        wanted = FileNames::sanitize(
            HttpHeaders::fileNameFromContentDisposition(naming.contentDisposition));
    if (wanted.isEmpty())
        wanted = FileNames::fromUrl(naming.url);
    QString error;
    QString name;
    // The first name no other task holds is reserved (in memory), stored, and its .part created
    // exclusively on the I/O pool, where the final name is also checked: the GUI thread never
    // asks the disk (a hung network folder would freeze the window). A name found taken, by a
    // file or another program, makes us choose again from the next one free on disk
    // (reserving a new name releases the one before).
    int from = 0;
    for (int tries = 0; tries < 20; ++tries) {
        const int n = naming.reserve(naming.directory, wanted, from);
        name = FileNames::candidate(wanted, n);
        if (naming.announce)
            naming.announce(name);
        if (naming.persist) {
            QFuture<bool> stored = naming.persist();
            if (!co_await stored) {
                // Not in the database: a .part now could be orphaned by a kill -9.
                error =
                    QCoreApplication::translate("Transfer", "the task list could not be stored");
                break;
            }
        }
        const QString finalPath = QDir(naming.directory).filePath(name);
        error = co_await file->open(partPathFor(naming.directory, name), false, finalPath);
        if (!file->nameWasTaken())
            break;
        const QString directory = naming.directory;
        QFuture<int> free = QtConcurrent::run(naming.pool, [directory, wanted, n] {
            return FileNames::firstFreeOnDisk(directory, wanted, n + 1);
        });
        from = co_await free;
    }
    *fileName = error.isEmpty() ? name : QString();
    co_return error;
}

QCoro::Task<bool> isCompleteFile(QThreadPool *pool, QString path, qint64 expectedSize)
{
    QFuture<bool> found = QtConcurrent::run(pool, [path, expectedSize] {
        const QFileInfo info(path);
        return info.isFile() && !info.isSymLink() && info.size() == expectedSize;
    });
    co_return co_await found;
}
