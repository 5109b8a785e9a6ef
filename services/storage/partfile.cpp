// Off-thread part-file writer. All file system calls run on the I/O pool; the coroutine awaits
// them through engine/handoff.h, and the appended chunk in flight as its QFuture (never
// canceled, so awaiting it through QCoro is safe).
#include "partfile.h"

#include "filenames.h"
#include "partfilestate.h"
#include "services/engine/handoff.h"
#include "services/jobs/digest.h"
#include "services/storage/directorylocks.h"
#include "services/storage/filecommitter.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

PartFile::PartFile(QThreadPool *pool, FileCommitter *committer)
    : m_pool(pool), m_committer(committer), m_state(std::make_shared<State>())
{
}

PartFile::~PartFile()
{
    m_state->closing = true; // a start still in the event queue finds nothing to do
    if (m_state->fd < 0 && m_pending.isEmpty())
        return;
    // Abandoned while open (the coroutine ended early): keep what was received, close off-thread,
    // after the writes at offsets still queued: by the run that owns the queue when it ends,
    // or now.
    auto state = m_state;
    QFuture<Written> inflight = m_inflight;
    QByteArray rest = m_error.isEmpty() ? std::move(m_pending) : QByteArray();
    std::function<void()> closeFile = [state, inflight, rest]() mutable {
        inflight.waitForFinished();
        writeQueued(*state); // none after an error
        // After a failed write, appending more would leave a hole in the file.
        if (inflight.isValid() && !inflight.result().error.isEmpty())
            rest.clear();
        if (state->fd >= 0) {
            (void)writeFully(state->fd, rest); // nobody is left to hear of a failure
            ::close(state->fd);
            state->fd = -1;
        }
    };
    {
        const std::lock_guard lock(state->queueMutex);
        if (std::exchange(state->writing, true)) {
            state->closeAfterRun = std::move(closeFile);
            return;
        }
    }
    (void)QtConcurrent::run(m_pool, std::move(closeFile));
}

QString PartFile::path() const
{
    return m_state->path;
}

bool PartFile::nameWasTaken() const
{
    return m_state->openErrno == EEXIST;
}

bool PartFile::wasMissing() const
{
    return m_state->openErrno == ENOENT;
}

bool PartFile::wasRefused() const
{
    return m_state->refused;
}

bool PartFile::isOpen() const
{
    return m_state->fd >= 0;
}

QCoro::Task<QString> PartFile::open(QString path, bool append, QString mustBeFree)
{
    auto state = m_state;
    // g++ 12 destroys lambda temporaries inside a co_await expression twice: keep them named.
    auto done = PoolCall(m_pool, [state, path, append, mustBeFree]() -> QString {
        // A destination folder that is not there yet is created, as the user asked for it.
        const QString folder = QFileInfo(path).absolutePath();
        if (!QFileInfo::exists(folder) && !QDir().mkpath(folder)) {
            const int err = errno;
            return osError(err != 0 ? err : EACCES);
        }
        const QByteArray native = QFile::encodeName(path);
        // A new part file must really be new: never truncate one that appeared meanwhile. A
        // resumed one must still be there: one that vanished is never silently recreated.
        // Never through a symbolic link (O_EXCL already refuses one for a new file). Never
        // waiting in open() either: a FIFO planted under our name would hold the thread (and
        // the process's exit) until someone reads it; O_NONBLOCK makes that open fail instead.
        const int flags =
            O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (append ? O_APPEND : O_CREAT | O_EXCL);
        int fd = -1;
        int openErrno = 0;
        if (append) {
            fd = ::open(native.constData(), flags, 0644);
            openErrno = fd < 0 ? errno : 0;
        } else {
            const std::lock_guard creating(DirectoryLocks::forParentOf(path));
            struct stat finalName {};
            if (!mustBeFree.isEmpty() &&
                ::lstat(QFile::encodeName(mustBeFree).constData(), &finalName) == 0) {
                openErrno = EEXIST; // a file (or link) already has the name this one would get
            } else {
                fd = ::open(native.constData(), flags, 0644);
                openErrno = fd < 0 ? errno : 0;
            }
        }
        state->openErrno = openErrno;
        // Something else under our name (a link, a FIFO, a folder): not ours, and never ours on
        // a retry either, so the task takes another name.
        state->refused =
            fd < 0 && (openErrno == ELOOP || openErrno == ENXIO || openErrno == EISDIR);
        if (fd < 0)
            return !state->refused ? osError(state->openErrno)
                   : openErrno == ELOOP
                       ? QCoreApplication::translate("Transfer", "%1 is a symbolic link").arg(path)
                       : QCoreApplication::translate("Transfer",
                                                     "%1 is not a regular file of our own")
                             .arg(path);
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            const int err = errno;
            ::close(fd);
            return osError(err);
        }
        // Anyone who can write to a shared download folder could plant a hard link to another
        // file, or a FIFO or device, under our name: only our own regular file is resumed.
        if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != ::geteuid()) {
            ::close(fd);
            state->refused = true;
            state->openErrno = EPERM;
            return QCoreApplication::translate("Transfer", "%1 is not a regular file of our own")
                .arg(path);
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK); // a regular file: no matter
        state->sizeAtOpen = st.st_size;
        state->device = st.st_dev;
        state->inode = st.st_ino;
        state->fd = fd;
        state->path = path;
        return {};
    });
    const QString error = co_await done;
    m_size = error.isEmpty() ? m_state->sizeAtOpen : 0;
    startDigest();
    co_return error;
}

QCoro::Task<QString> PartFile::truncate()
{
    QString error = co_await drain();
    m_pending.clear();
    auto state = m_state;
    auto done = PoolCall(m_pool, [state]() -> QString {
        if (state->fd < 0)
            return {};
        return ::ftruncate(state->fd, 0) == 0 && ::lseek(state->fd, 0, SEEK_SET) == 0
                   ? QString()
                   : osError(errno);
    });
    const QString truncateError = co_await done;
    m_size = 0;
    m_positional = false;
    startDigest();
    co_return error.isEmpty() ? truncateError : error;
}

// Two buffers take turns: one fills on the GUI thread while the pool writes the other, and each
// comes back with its capacity (fresh large buffers per chunk cost page faults, not just copies).
void PartFile::startWrite()
{
    auto state = m_state;
    QByteArray data = std::exchange(m_pending, std::exchange(m_spare, {}));
    m_inflight = QtConcurrent::run(m_pool, [state, data = std::move(data)]() mutable -> Written {
        const QString error = writeFully(state->fd, data);
        if (state->digest && error.isEmpty()) {
            state->digest->add(data.constData(), data.size());
            state->digested += data.size();
        } else {
            state->digest.reset(); // a hole or a failed write: no digest vouches for the file
        }
        data.resize(0); // keeps the capacity
        return {error, std::move(data)};
    });
}

QCoro::Task<QString> PartFile::write(QByteArrayView data)
{
    if (!m_error.isEmpty())
        co_return QString(m_error); // a copy: QCoro 0.8 moves from a co_returned lvalue
    m_size += data.size();
    m_pending.append(data.data(), data.size()); // before any suspension: `data` may change then
    if (m_pending.size() < ChunkBytes)
        co_return QString();
    // Backpressure: one chunk in flight at most.
    QString error = co_await drain();
    if (!error.isEmpty())
        co_return error;
    startWrite();
    co_return QString();
}

QCoro::Task<QString> PartFile::write(QByteArray &&data)
{
    if (m_pending.isEmpty() && m_error.isEmpty()) {
        m_size += data.size();
        m_pending = std::move(data); // `data` is left empty
    }
    // What was not taken is copied; either way a full chunk goes to the pool.
    auto rest = write(QByteArrayView(data));
    co_return co_await rest;
}

// Waits for the queued writes at offsets (see partfile.h) and the append in flight, if any, and
// returns the first error.
QCoro::Task<QString> PartFile::drain(bool onlyEarlier)
{
    const QString queuedError = co_await drainQueued(onlyEarlier);
    if (!m_inflight.isValid())
        co_return queuedError;
    QFuture<Written> f = std::exchange(m_inflight, {});
    co_await qCoro(f).waitForFinished();
    Written written = f.takeResult(); // moved out: the buffer is ours alone again
    m_spare = std::move(written.buffer);
    const QString error = written.error;
    if (!error.isEmpty() && m_error.isEmpty()) {
        // Sticky: nothing queued after a failed chunk may reach the file, or it would have a hole.
        m_error = error;
        m_pending.clear();
    }
    co_return queuedError.isEmpty() ? error : queuedError;
}

void PartFile::hashWhileWriting(HashAlgo algo)
{
    m_digestAlgo = algo;
    startDigest();
}

// A digest of the whole file needs its first byte: only a file that is still empty gets one.
void PartFile::startDigest()
{
    if (m_inflight.isValid())
        return; // not while a write may touch it (open and truncate drain first)
    m_state->digest.reset();
    m_state->digested = 0;
    m_state->finalHex.clear();
    if (m_digestAlgo && isOpen() && m_size == 0 && m_pending.isEmpty() && !m_positional)
        m_state->digest = std::make_unique<Digest>(*m_digestAlgo);
}

QByteArray PartFile::digestHex() const
{
    if (m_inflight.isValid() || !m_pending.isEmpty() || !m_state->digest ||
        m_state->digested != m_size || !m_error.isEmpty())
        return {};
    if (m_state->finalHex.isEmpty())
        m_state->finalHex = m_state->digest->hex(); // finishing it: once
    return m_state->finalHex;
}

QCoro::Task<QString> PartFile::close(bool sync)
{
    co_await drain();
    if (m_error.isEmpty() && !m_pending.isEmpty()) {
        startWrite();
        co_await drain();
    }
    m_pending.clear();
    m_spare.clear();
    const QString error = m_error;
    if (m_state->fd < 0)
        co_return error; // never opened, or closed already: no hand-off to the pool
    auto state = m_state;
    auto closed = PoolCall(m_pool, [state, sync]() -> QString {
        if (state->fd < 0)
            return {};
        // Before a rename to the final name: the data must be on disk first, or a power cut can
        // leave a complete-looking name over an empty file.
        if (sync && ::fdatasync(state->fd) != 0) {
            const int err = errno;
            ::close(state->fd);
            state->fd = -1;
            return osError(err);
        }
        const int rc = ::close(state->fd);
        state->fd = -1;
        return rc == 0 ? QString() : osError(errno);
    });
    const QString closeError = co_await closed;
    co_return error.isEmpty() ? closeError : error;
}

// The last bytes, the sync and the rename go to the committer in one hand-off; it syncs many
// finished files at once.
QCoro::Task<PartFile::Committed> PartFile::commit(QString directory, QString fileName,
                                                  bool mayNumber)
{
    co_await drain();
    if (m_error.isEmpty() && !m_pending.isEmpty() && m_state->digest) {
        startWrite(); // a digest follows every byte: the rest is written like any chunk
        co_await drain();
    }
    if (!m_error.isEmpty()) {
        co_await close(); // keeps the .part, as a failed close does
        co_return Committed{m_error, {}};
    }
    const int fd = std::exchange(m_state->fd, -1); // nothing in flight: the committer closes it
    QByteArray tail = std::exchange(m_pending, {});
    m_spare.clear();
    auto committed =
        FutureResult(m_committer->commit(m_state->device, fd, std::move(tail), m_state->path,
                                         directory, fileName, mayNumber, m_state->inode),
                     FileCommitter::Result{
                         QCoreApplication::translate("Transfer", "the file was not saved"), {}});
    const FileCommitter::Result result = co_await committed;
    co_return Committed{result.error, result.fileName, result.nameTaken, result.replaced};
}

QCoro::Task<> PartFile::discard()
{
    co_await drain();
    m_pending.clear();
    auto state = m_state;
    auto removed = PoolCall(m_pool, [state]() {
        if (state->fd >= 0) {
            ::close(state->fd);
            state->fd = -1;
        }
        // Only the file written: another program's put under the name meanwhile stays.
        const QByteArray native = QFile::encodeName(state->path);
        struct stat there {};
        if (!state->path.isEmpty() &&
            (state->inode == 0 || (::lstat(native.constData(), &there) == 0 &&
                                   there.st_ino == state->inode && there.st_dev == state->device)))
            ::unlink(native.constData());
    });
    co_await removed;
}
