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
    // The name is free when chosen, but another program may create it before we do: the part
    // file is created exclusively, and a taken name makes us choose again (reserving a new
    // name releases the one before).
    for (int tries = 0; tries < 20; ++tries) {
        name = naming.reserve(naming.directory, wanted);
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
        error = co_await file->open(partPathFor(naming.directory, name));
        if (!file->nameWasTaken())
            break;
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
