#include "directorylocks.h"

#include <QFileInfo>
#include <QHash>
#include <array>

std::mutex &DirectoryLocks::forParentOf(const QString &path)
{
    static std::array<std::mutex, 32> stripes;
    return stripes[qHash(QFileInfo(path).absolutePath()) % stripes.size()];
}
