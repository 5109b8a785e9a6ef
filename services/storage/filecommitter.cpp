// Group commit of finished files: write, sync, rename, sync the folders.
#include "filecommitter.h"

#include "directorylocks.h"
#include "fileio.h"
#include "services/storage/filenames.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QPromise>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <linux/magic.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <unistd.h>

struct FileCommitter::Entry {
    int fd = -1;
    ino_t inode = 0; // the file written (0: not known) and its file system
    dev_t device = 0;
    QByteArray tail;
    QString partPath;
    QString directory;
    QString fileName;
    bool mayNumber = true;
    bool nameTaken = false;
    bool replaced = false;
    QPromise<Result> promise;
    QString error; // the first failure
};

struct FileCommitter::Lane {
    std::condition_variable wake;
    std::vector<Entry> queue;
    std::thread thread;
};

namespace {

using FileIo::osError;

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
// Only the file written goes under the final name: another program (a sync tool, someone else
// who can write to a shared folder) that put a file of its own under the .part's name while the
// download ran would otherwise have its file reported as the download.
FileCommitter::Result renameNoReplace(const QString &partPath, const QString &directory,
                                      const QString &fileName, bool mayNumber, dev_t device,
                                      ino_t inode)
{
    const QDir dir(directory);
    const QByteArray from = QFile::encodeName(partPath);
    const std::lock_guard renaming(DirectoryLocks::forParentOf(partPath));
    struct stat there {};
    if (inode != 0 && ::lstat(from.constData(), &there) == 0 &&
        (there.st_ino != inode || there.st_dev != device))
        return {QCoreApplication::translate("Transfer",
                                            "another program replaced %1 during the download: "
                                            "that file is left as it is")
                    .arg(partPath),
                {},
                false,
                true};
    for (int n = 0; n < 10000; ++n) {
        const QString name = n == 0 ? fileName : FileNames::numbered(fileName, n);
        const QByteArray to = QFile::encodeName(dir.filePath(name));
        if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) ==
            0)
            return {{}, name};
        bool taken = errno == EEXIST;
        if (errno == EINVAL || errno == ENOSYS) {
            // File systems without RENAME_NOREPLACE: link + unlink is just as safe.
            if (::link(from.constData(), to.constData()) == 0) {
                ::unlink(from.constData());
                return {{}, name};
            }
            taken = errno == EEXIST;
        }
        if (taken && !mayNumber)
            return {osError(EEXIST), {}, true};
        if (taken)
            continue;
        return {osError(errno), {}};
    }
    return {osError(EEXIST), {}};
}

// syncfs is trusted with a batch only where it writes every file's data and reports the
// errors: Linux 5.17 or later (5.8 added its write-back errors, 5.17 those of the file system's
// own sync: a failed journal commit), on a local file system whose syncfs does what fsync does
// (FUSE and network file systems may not pass it on).
bool syncfsIsTrusted(int fd)
{
    static const bool reportsErrors = [] {
        utsname u{};
        int major = 0;
        int minor = 0;
        return ::uname(&u) == 0 && std::sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
               (major > 5 || (major == 5 && minor >= 17));
    }();
    struct statfs fs {};
    if (!reportsErrors || ::fstatfs(fd, &fs) != 0)
        return false;
    switch (static_cast<unsigned long>(fs.f_type)) {
    case EXT4_SUPER_MAGIC: // also ext2 and ext3
    case XFS_SUPER_MAGIC:
    case BTRFS_SUPER_MAGIC:
    case F2FS_SUPER_MAGIC:
        return true;
    default:
        return false;
    }
}

} // namespace

// The mark's value (its one byte) on `path`, or -1 with errno saying why there is none.
static int markOf(const QString &path)
{
    char value[2] = {};
    return ::lgetxattr(QFile::encodeName(path).constData(), FileCommitter::CompleteMark, value,
                       sizeof value) == 1
               ? value[0]
               : -1;
}

bool FileCommitter::isMarkedComplete(const QString &path)
{
    return markOf(path) == '1';
}

bool FileCommitter::keepsMarks(const QString &path)
{
    return markOf(path) >= 0 || errno != ENOTSUP;
}

FileCommitter::FileCommitter() = default;

FileCommitter::~FileCommitter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_paused = false;
    }
    for (auto &[device, lane] : m_lanes) {
        lane->wake.notify_one();
        lane->thread.join();
    }
}

void FileCommitter::pause()
{
    const std::lock_guard lock(m_mutex);
    m_paused = true;
}

void FileCommitter::resume()
{
    const std::lock_guard lock(m_mutex);
    m_paused = false;
    for (auto &[device, lane] : m_lanes)
        lane->wake.notify_one();
}

QFuture<FileCommitter::Result> FileCommitter::commit(dev_t device, int fd, QByteArray tail,
                                                     QString partPath, QString directory,
                                                     QString fileName, bool mayNumber, ino_t inode)
{
    Entry entry;
    entry.mayNumber = mayNumber;
    entry.fd = fd;
    entry.inode = inode;
    entry.device = device;
    entry.tail = std::move(tail);
    entry.partPath = std::move(partPath);
    entry.directory = std::move(directory);
    entry.fileName = std::move(fileName);
    entry.promise.start();
    QFuture<Result> done = entry.promise.future();
    Lane *lane = nullptr;
    {
        const std::lock_guard lock(m_mutex);
        auto found = m_lanes.find(device);
        if (found == m_lanes.end()) {
            // The thread first: if it cannot start, no lane without a thread is left behind.
            auto created = std::make_unique<Lane>();
            created->thread = std::thread([this, lane = created.get()] { run(lane); });
            found = m_lanes.emplace(device, std::move(created)).first;
        }
        lane = found->second.get();
        lane->queue.push_back(std::move(entry));
    }
    lane->wake.notify_one();
    return done;
}

void FileCommitter::run(Lane *lane)
{
    pthread_setname_np(pthread_self(), "fetchdeck-sync");
    std::unique_lock lock(m_mutex);
    for (;;) {
        lane->wake.wait(lock, [&] { return m_stopping || (!m_paused && !lane->queue.empty()); });
        if (lane->queue.empty())
            return; // stopping, and everything queued is committed
        std::vector<Entry> batch = std::exchange(lane->queue, {});
        lock.unlock();
        commitBatch(batch);
        lock.lock();
    }
}

void FileCommitter::commitBatch(std::vector<Entry> &batch)
{
    // The last bytes (every file of a batch is on this lane's file system).
    int open = 0;
    int anyFd = -1;
    for (Entry &e : batch) {
        if (e.fd < 0) {
            if (!e.tail.isEmpty())
                e.error = osError(EBADF);
            continue;
        }
        e.error = FileIo::writeFully(e.fd, e.tail);
        if (e.error.isEmpty())
            ::fsetxattr(e.fd, CompleteMark, "1", 1, 0); // none on FAT: no adoption there
        if (struct stat st{}; ::fstat(e.fd, &st) == 0) {
            e.inode = st.st_ino;
            e.device = st.st_dev;
        }
        if (e.error.isEmpty()) {
            ++open;
            anyFd = e.fd;
        }
    }
    // The data on disk before any rename. After one syncfs each file is asked for its own
    // write-back errors since it was opened (sync_file_range waits and reports them without
    // another flush): syncfs alone would not report an error another call has already seen.
    const bool synced = open >= SyncfsFromFiles && syncfsIsTrusted(anyFd) && ::syncfs(anyFd) == 0;
    for (Entry &e : batch) {
        if (e.fd < 0)
            continue;
        if (e.error.isEmpty()) {
            const int rc =
                synced ? ::sync_file_range(e.fd, 0, 0,
                                           SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                                               SYNC_FILE_RANGE_WAIT_AFTER)
                       : ::fdatasync(e.fd);
            if (rc != 0)
                e.error = osError(errno);
        }
        if (::close(e.fd) != 0 && e.error.isEmpty())
            e.error = osError(errno);
        e.fd = -1;
    }
    // The final names, then each folder once.
    QHash<QString, QString> folderErrors;
    for (Entry &e : batch) {
        if (!e.error.isEmpty())
            continue;
        const Result renamed =
            renameNoReplace(e.partPath, e.directory, e.fileName, e.mayNumber, e.device, e.inode);
        e.error = renamed.error;
        e.fileName = renamed.fileName;
        e.nameTaken = renamed.nameTaken;
        e.replaced = renamed.replaced;
        if (e.error.isEmpty())
            folderErrors.insert(e.directory, QString());
    }
    for (auto it = folderErrors.begin(); it != folderErrors.end(); ++it)
        it.value() = syncDirectory(it.key());
    m_batches.fetch_add(1); // before the results: a caller that has them sees the counts
    m_files.fetch_add(int(batch.size()));
    for (Entry &e : batch) {
        const bool renamed = e.error.isEmpty();
        e.promise.addResult(Result{renamed ? folderErrors.value(e.directory) : e.error,
                                   renamed ? e.fileName : QString(), e.nameTaken, e.replaced});
        e.promise.finish();
    }
}
