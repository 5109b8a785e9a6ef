#include "directorylocks.h"

#include <QFileInfo>
#include <QHash>
#include <memory>

std::mutex &DirectoryLocks::forParentOf(const QString &path)
{
    // One lock for each folder, never shared: a folder on a hung network mount holds up only
    // the threads working in that folder. Kept for the process's life (a few dozen bytes per
    // folder a download went to), and never destroyed: a pool thread may still take one while
    // the process exits.
    static auto *guard = new std::mutex;
    static auto *locks = new QHash<QString, std::shared_ptr<std::mutex>>;
    const QString folder = QFileInfo(path).absolutePath();
    const std::lock_guard lock(*guard);
    std::shared_ptr<std::mutex> &found = (*locks)[folder];
    if (!found)
        found = std::make_shared<std::mutex>();
    return *found;
}
