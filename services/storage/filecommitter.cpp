// Group commit of finished files: write, sync, rename, sync the folders.
#include "filecommitter.h"

#include "services/filenames.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QPromise>
#include <QSet>
#include <cerrno>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

struct FileCommitter::Entry {
    int fd = -1;
    QByteArray tail;
    QString partPath;
    QString directory;
    QString fileName;
    QPromise<Result> promise;
    QString error; // the first failure
    dev_t device = 0;
};

namespace {

QString osError(int err)
{
    return qt_error_string(err);
}

QString writeAll(int fd, const QByteArray &data)
{
    qsizetype off = 0;
    while (off < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + off, size_t(data.size() - off));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return osError(errno);
        if (n == 0)
            return osError(ENOSPC);
        off += n;
    }
    return {};
}

// The rename is only durable once the folder is on disk: before that, a power cut can bring
// back the .part while the database already says Completed.
QString syncDirectory(const QString &directory)
{
    const int fd =
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return osError(errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    return rc == 0 || err == EINVAL ? QString() : osError(err);
}

// The rename is atomic and never replaces a file that appeared meanwhile: a taken name makes
// it try "name (1).ext" and so on.
FileCommitter::Result renameNoReplace(const QString &partPath, const QString &directory,
                                      const QString &fileName)
{
    const QDir dir(directory);
    const QByteArray from = QFile::encodeName(partPath);
    for (int n = 0; n < 10000; ++n) {
        const QString name = n == 0 ? fileName : FileNames::numbered(fileName, n);
        const QByteArray to = QFile::encodeName(dir.filePath(name));
        if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) ==
            0)
            return {{}, name};
        if (errno == EEXIST)
            continue;
        if (errno == EINVAL || errno == ENOSYS) {
            // File systems without RENAME_NOREPLACE: link + unlink is just as safe.
            if (::link(from.constData(), to.constData()) == 0) {
                ::unlink(from.constData());
                return {{}, name};
            }
            if (errno == EEXIST)
                continue;
        }
        return {osError(errno), {}};
    }
    return {osError(EEXIST), {}};
}

} // namespace

FileCommitter::FileCommitter() : m_thread([this] { run(); }) {}

FileCommitter::~FileCommitter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

QFuture<FileCommitter::Result> FileCommitter::commit(int fd, QByteArray tail, QString partPath,
                                                     QString directory, QString fileName)
{
    Entry entry;
    entry.fd = fd;
    entry.tail = std::move(tail);
    entry.partPath = std::move(partPath);
    entry.directory = std::move(directory);
    entry.fileName = std::move(fileName);
    entry.promise.start();
    QFuture<Result> done = entry.promise.future();
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(entry));
    }
    m_wake.notify_one();
    return done;
}

void FileCommitter::run()
{
    pthread_setname_np(pthread_self(), "fetchdeck-sync");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty())
            return; // stopping, and everything queued is committed
        std::vector<Entry> batch = std::exchange(m_queue, {});
        lock.unlock();
        commitBatch(batch);
        lock.lock();
    }
}

void FileCommitter::commitBatch(std::vector<Entry> &batch)
{
    // The last bytes, and which file system each file is on.
    QHash<dev_t, int> perDevice;
    for (Entry &e : batch) {
        if (e.fd < 0) {
            if (!e.tail.isEmpty())
                e.error = osError(EBADF);
            continue;
        }
        e.error = writeAll(e.fd, e.tail);
        struct stat st {};
        if (e.error.isEmpty() && ::fstat(e.fd, &st) != 0)
            e.error = osError(errno);
        e.device = st.st_dev;
        if (e.error.isEmpty())
            ++perDevice[e.device];
    }
    // The data on disk before any rename: one syncfs for a file system with several files in the
    // batch (a flush of the disk per file is what costs), an fdatasync for the others and when
    // syncfs reports a failure (it does not say whose: each file is asked on its own).
    QSet<dev_t> synced;
    for (auto it = perDevice.cbegin(); it != perDevice.cend(); ++it) {
        if (it.value() < SyncfsFromFiles)
            continue;
        for (const Entry &e : batch) {
            if (e.fd >= 0 && e.error.isEmpty() && e.device == it.key()) {
                if (::syncfs(e.fd) == 0)
                    synced.insert(it.key());
                break;
            }
        }
    }
    for (Entry &e : batch) {
        if (e.fd < 0)
            continue;
        if (e.error.isEmpty() && !synced.contains(e.device) && ::fdatasync(e.fd) != 0)
            e.error = osError(errno);
        if (::close(e.fd) != 0 && e.error.isEmpty())
            e.error = osError(errno);
        e.fd = -1;
    }
    // The final names, then each folder once.
    QHash<QString, QString> folderErrors;
    for (Entry &e : batch) {
        if (!e.error.isEmpty())
            continue;
        const Result renamed = renameNoReplace(e.partPath, e.directory, e.fileName);
        e.error = renamed.error;
        e.fileName = renamed.fileName;
        if (e.error.isEmpty())
            folderErrors.insert(e.directory, QString());
    }
    for (auto it = folderErrors.begin(); it != folderErrors.end(); ++it)
        it.value() = syncDirectory(it.key());
    for (Entry &e : batch) {
        const bool renamed = e.error.isEmpty();
        e.promise.addResult(Result{renamed ? folderErrors.value(e.directory) : e.error,
                                   renamed ? e.fileName : QString()});
        e.promise.finish();
    }
    m_batches.fetch_add(1);
    m_files.fetch_add(int(batch.size()));
}
