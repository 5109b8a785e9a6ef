// PartFile written at offsets (a download in pieces): the switch from appending, positional
// writes, and syncs before a segment map may claim bytes. Split from partfile.cpp.
#include "partfile.h"
#include "partfilestate.h"
#include "services/engine/handoff.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QHash>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>
#include <cerrno>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

QCoro::Task<QString> PartFile::beginPositional(qint64 total)
{
    QString error = co_await drain();
    if (!error.isEmpty())
        co_return error;
    if (!m_pending.isEmpty()) {
        startWrite();
        error = co_await drain();
        if (!error.isEmpty())
            co_return error;
    }
    // Written at offsets from now on: no longer in order. Reset only now, with no write in
    // flight on the pool (it feeds the digest).
    m_state->digest.reset();
    auto state = m_state;
    auto done = PoolCall(m_pool, [state, total]() -> QString {
        if (state->fd < 0)
            return osError(EBADF);
        // pwrite on an O_APPEND descriptor appends whatever the offset (Linux): drop the flag.
        const int flags = ::fcntl(state->fd, F_GETFL);
        if (flags < 0 || ::fcntl(state->fd, F_SETFL, flags & ~O_APPEND) != 0)
            return osError(errno);
        struct stat st {};
        if (::fstat(state->fd, &st) != 0)
            return osError(errno);
        if (st.st_size > total && ::ftruncate(state->fd, total) != 0)
            return osError(errno);
        int err = ::fallocate(state->fd, 0, 0, total) == 0 ? 0 : errno;
        // A file system without fallocate: a sparse file of the right size takes pwrite too.
        if (err == EOPNOTSUPP || err == ENOSYS)
            err = ::ftruncate(state->fd, total) == 0 ? 0 : errno;
        if (err == 0)
            return {};
        // ENOSPC: the file does not fit. It stays as it was (appending), so what it held can
        // be resumed front to back.
        if (::ftruncate(state->fd, st.st_size) == 0)
            ::fcntl(state->fd, F_SETFL, flags);
        return osError(err);
    });
    error = co_await done;
    if (error.isEmpty()) {
        m_positional = true;
        m_size = total;
    }
    co_return error;
}

void PartFile::startRun(const std::shared_ptr<State> &state, QThreadPool *pool)
{
    if (state->closing)
        return;
    {
        const std::lock_guard lock(state->queueMutex);
        if (state->writing || state->queued.isEmpty())
            return;
        state->writing = true;
    }
    (void)QtConcurrent::run(pool, [state, pool] { runBatch(state, pool); });
}

struct PartFile::StartQueue {
    QList<std::pair<std::shared_ptr<State>, QPointer<QThreadPool>>> files;
    bool posted = false;
};

PartFile::StartQueue &PartFile::startQueue()
{
    static StartQueue queue; // GUI thread only
    return queue;
}

void PartFile::postStart()
{
    if (std::exchange(m_state->startPosted, true))
        return;
    startQueue().files.append({m_state, QPointer<QThreadPool>(m_pool)});
    armStart();
}

void PartFile::armStart()
{
    if (!std::exchange(startQueue().posted, true))
        QTimer::singleShot(StartDelayMs, QCoreApplication::instance(), &PartFile::startQueued);
}

void PartFile::startQueued()
{
    StartQueue &queue = startQueue();
    queue.posted = false;
    // One job per pool and file system: a stalled disk (a hard NFS mount, a slow stick) holds
    // up only the files on it, which could not be written anyway.
    QHash<std::pair<QThreadPool *, dev_t>, QList<std::shared_ptr<State>>> jobs;
    for (const auto &entry : std::exchange(queue.files, {})) {
        const auto &[state, pool] = entry;
        if (!pool || state->closing) {
            state->startPosted = false;
            continue;
        }
        bool busy = false;
        {
            const std::lock_guard lock(state->queueMutex);
            if (state->queued.isEmpty()) {
                state->startPosted = false; // drained meanwhile
                continue;
            }
            busy = std::exchange(state->writing, true);
        }
        if (busy)
            queue.files.append(entry); // a batch is being written: the next tick starts the rest
        else
            jobs[{pool.data(), state->device}].append(state);
    }
    for (auto it = jobs.cbegin(); it != jobs.cend(); ++it) {
        QThreadPool *pool = it.key().first;
        (void)QtConcurrent::run(pool, [group = it.value(), pool] {
            for (const std::shared_ptr<State> &state : group)
                runBatch(state, pool); // one batch each
        });
        for (const std::shared_ptr<State> &state : it.value())
            state->startPosted = false; // what it queues from now on needs another start
    }
    if (!queue.files.isEmpty())
        armStart();
}

void PartFile::writeQueued(State &state)
{
    while (true) {
        {
            const std::lock_guard lock(state.queueMutex);
            if (state.queued.isEmpty())
                return;
        }
        writeBatch(state);
    }
}

void PartFile::writeBatch(State &state)
{
    QList<State::Piece> batch;
    qint64 batchEnd = 0;
    {
        const std::lock_guard lock(state.queueMutex);
        batch.swap(state.queued);
        batchEnd = state.queuedCount;
        state.waiters = 0; // every waiting piece is in this batch
    }
    qint64 written = 0;
    QString error;
    for (State::Piece &piece : batch) {
        if (error.isEmpty()) {
            error = state.fd >= 0 ? writeFully(state.fd, piece.data, piece.offset) : osError(EBADF);
            if (error.isEmpty() && !piece.written)
                written += piece.data.size();
        }
        piece.settle(error); // after a failure: nothing more is written
    }
    QList<State::Piece> dropped;
    {
        const std::lock_guard lock(state.queueMutex);
        if (error.isEmpty()) {
            state.unwritten -= written;
            state.doneCount = batchEnd;
        } else {
            // Sticky: the download fails with this error; nothing after it is written.
            if (state.queueError.isEmpty())
                state.queueError = error;
            dropped.swap(state.queued);
            state.waiters = 0;
            state.unwritten = 0;
            state.doneCount = state.queuedCount;
        }
    }
    for (State::Piece &piece : dropped)
        piece.settle(error);
}

void PartFile::runBatch(const std::shared_ptr<State> &state, QThreadPool *pool)
{
    writeBatch(*state);
    std::function<void()> closeFile;
    bool again = false;
    std::shared_ptr<QPromise<void>> room;
    {
        const std::lock_guard lock(state->queueMutex);
        room = std::exchange(state->room, nullptr);
        if (state->closeAfterRun)
            closeFile = std::exchange(state->closeAfterRun, {}); // it owns the queue now
        else if (state->waiters > 0)
            again = true; // large pieces came meanwhile: the queue stays this file's run's
        else
            state->writing = false;
    }
    if (room)
        room->finish();
    if (closeFile)
        closeFile();
    else if (again) // behind the pool's other work
        (void)QtConcurrent::run(pool, [state, pool] { runBatch(state, pool); });
}

QCoro::Task<QString> PartFile::writeAt(qint64 offset, QByteArray data)
{
    if (!m_error.isEmpty())
        co_return QString(m_error); // a copy: QCoro 0.8 moves from a co_returned lvalue
    // A large piece (a fast link) is written before this returns: a hand-off of its own costs
    // little beside the copy.
    std::shared_ptr<QPromise<QString>> written;
    if (data.size() >= DirectWriteBytes) {
        written = std::make_shared<QPromise<QString>>();
        written->start();
    }
    QString error;
    bool full = false;
    bool startNow = false;
    {
        const std::lock_guard lock(m_state->queueMutex);
        error = m_state->queueError;
        if (error.isEmpty()) {
            if (!written) {
                m_state->unwritten += data.size();
                full = m_state->unwritten >= QueuedBytesMax;
            }
            m_state->queued.append({offset, std::move(data), written});
            ++m_state->queuedCount;
            if (written) {
                ++m_state->waiters;
                startNow = !std::exchange(m_state->writing, true);
            }
        }
    }
    if (!error.isEmpty()) {
        m_error = error;
        co_return error;
    }
    // After a wait, `this` is touched only while its owner keeps it: a writer that outlived it
    // (its coroutine resumed later) hears what became of its piece all the same.
    const std::shared_ptr<State> state = m_state;
    if (written) {
        if (startNow) {
            QThreadPool *pool = m_pool;
            (void)QtConcurrent::run(pool, [state, pool] { runBatch(state, pool); });
        }
        // Always given a result; a promise dropped unkept would be a failed write.
        auto done = FutureResult(written->future(), osError(EIO));
        error = co_await done;
        if (!error.isEmpty() && !state->closing && m_error.isEmpty())
            m_error = error;
        co_return error;
    }
    if (full) {
        startRun(state, m_pool);
        co_await waitForRoom(); // one batch written
        QString queueError;
        {
            const std::lock_guard lock(state->queueMutex);
            queueError = state->queueError;
        }
        if (state->closing)
            co_return queueError;
        if (!queueError.isEmpty())
            m_error = queueError;
        co_return QString(m_error);
    }
    postStart(); // with every write of the next few milliseconds, and other files' too
    co_return QString();
}

QCoro::Task<> PartFile::waitForRoom()
{
    QFuture<void> room;
    {
        const std::lock_guard lock(m_state->queueMutex);
        if (!m_state->writing)
            co_return;
        if (!m_state->room) {
            m_state->room = std::make_shared<QPromise<void>>();
            m_state->room->start();
        }
        room = m_state->room->future();
    }
    co_await room;
}

// onlyEarlier: until everything queued before this call is written, not until the queue is
// empty, which a disk slower than the network may never see while the download runs.
// Otherwise until the queue is empty and no batch is being written: nothing may write to the
// file after a close or a commit takes its descriptor.
QCoro::Task<QString> PartFile::drainQueued(bool onlyEarlier)
{
    qint64 target = std::numeric_limits<qint64>::max();
    if (onlyEarlier) {
        const std::lock_guard lock(m_state->queueMutex);
        target = m_state->queuedCount;
    }
    while (true) {
        startRun(m_state, m_pool); // unless a batch is being written
        {
            const std::lock_guard lock(m_state->queueMutex);
            const bool drained = onlyEarlier ? m_state->doneCount >= target
                                             : !m_state->writing && m_state->queued.isEmpty();
            if (drained || !m_state->queueError.isEmpty()) {
                if (!m_state->queueError.isEmpty() && m_error.isEmpty()) {
                    m_error = m_state->queueError;
                    m_pending.clear();
                }
                co_return QString(m_state->queueError);
            }
        }
        co_await waitForRoom(); // the batch being written
    }
}

QCoro::Task<QString> PartFile::sync()
{
    // Appended bytes still queued reach the file first; writes at offsets queued before now.
    QString error = co_await drain(true);
    if (error.isEmpty() && !m_pending.isEmpty()) {
        startWrite();
        error = co_await drain(true);
    }
    if (!error.isEmpty())
        co_return error;
    auto state = m_state;
    auto done = PoolCall(m_pool, [state]() -> QString {
        if (state->fd < 0)
            return osError(EBADF);
        return ::fdatasync(state->fd) == 0 ? QString() : osError(errno);
    });
    error = co_await done;
    co_return error;
}
