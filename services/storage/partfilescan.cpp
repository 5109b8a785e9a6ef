// Listing partial files.
#include "partfilescan.h"

#include <QDir>
#include <QtConcurrent>

QFuture<QList<std::pair<QString, QString>>> listPartFiles(QThreadPool *pool, QList<QString> folders)
{
    return QtConcurrent::run(pool, [folders] {
        QList<std::pair<QString, QString>> parts;
        for (const QString &dir : folders) {
            for (const QString &name :
                 QDir(dir).entryList({QStringLiteral("*.part")}, QDir::Files | QDir::Hidden))
                parts.append({dir, name.chopped(5)});
        }
        return parts;
    });
}
