// PartFile written at offsets (a download in pieces): the switch from appending, positional
// writes, and syncs before a segment map may claim bytes. Split from partfile.cpp.
#include "partfile.h"
#include "partfilestate.h"

#include <QCoreApplication>
#include <QCoroFuture>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent>
#include <cerrno>
#include <fcntl.h>
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
    QFuture<QString> done = QtConcurrent::run(m_pool, [state, total]() -> QString {
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

namespace {
QString writeAll(int fd, qint64 offset, const QByteArray &data)
{
    qsizetype off = 0;
    while (off < data.size()) {
        const ssize_t n =
            ::pwrite(fd, data.constData() + off, size_t(data.size() - off), offset + off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return osError(errno);
        }
        if (n == 0)
            return osError(ENOSPC);
        off += n;
    }
    return {};
}

} // namespace

void PartFile::startRun(const std::shared_ptr<State> &state, QThreadPool *pool)
{
    state->startPosted = false;
    if (state->closing)
        return;
    {
        const std::lock_guard lock(state->queueMutex);
        if (state->writing || state->queued.isEmpty())
            return;
        state->writing = true;
    }
    state->run = QtConcurrent::run(pool, [state] { writeQueued(*state); });
}

void PartFile::writeQueued(State &state)
{
    while (true) {
        QList<std::pair<qint64, QByteArray>> batch;
        std::shared_ptr<QPromise<void>> room;
        {
            const std::lock_guard lock(state.queueMutex);
            if (state.queued.isEmpty()) {
                state.writing = false;
                room = std::exchange(state.room, nullptr);
            } else {
                batch.swap(state.queued);
            }
        }
        if (room)
            room->finish();
        if (batch.isEmpty())
            return;
        qint64 written = 0;
        QString error;
        for (const auto &[offset, data] : std::as_const(batch)) {
            error = state.fd >= 0 ? writeAll(state.fd, offset, data) : osError(EBADF);
            if (!error.isEmpty())
                break;
            written += data.size();
        }
        const std::lock_guard lock(state.queueMutex);
        if (error.isEmpty()) {
            state.unwritten -= written;
        } else {
            // Sticky: the download fails with this error; nothing after it is written.
            if (state.queueError.isEmpty())
                state.queueError = error;
            state.queued.clear();
            state.unwritten = 0;
        }
        room = std::exchange(state.room, nullptr);
        if (room)
            room->finish();
    }
}

QCoro::Task<QString> PartFile::writeAt(qint64 offset, QByteArray data)
{
    if (!m_error.isEmpty())
        co_return QString(m_error); // a copy: QCoro 0.8 moves from a co_returned lvalue
    if (data.size() >= DirectWriteBytes) {
        // A large piece (a fast link): its own hand-off, beside other pieces on other pool
        // threads; the hand-off costs little beside the copy.
        auto state = m_state;
        QFuture<QString> done = QtConcurrent::run(m_pool, [state, offset, data = std::move(data)] {
            return writeAll(state->fd, offset, data);
        });
        const QString error = co_await done;
        if (!error.isEmpty() && m_error.isEmpty())
            m_error = error;
        co_return error;
    }
    QString error;
    bool full = false;
    {
        const std::lock_guard lock(m_state->queueMutex);
        error = m_state->queueError;
        if (error.isEmpty()) {
            m_state->unwritten += data.size();
            m_state->queued.append({offset, std::move(data)});
            full = m_state->unwritten >= QueuedBytesMax;
        }
    }
    if (!error.isEmpty()) {
        m_error = error;
        co_return error;
    }
    if (full) {
        startRun(m_state, m_pool);
        co_await waitForRoom();
        const std::lock_guard lock(m_state->queueMutex);
        if (!m_state->queueError.isEmpty())
            m_error = m_state->queueError;
        co_return QString(m_error);
    }
    // Every write of this event-loop pass goes in one run.
    if (!m_state->startPosted) {
        m_state->startPosted = true;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [state = m_state, pool = QPointer<QThreadPool>(m_pool)] {
                if (pool)
                    startRun(state, pool);
                else
                    state->startPosted = false;
            },
            Qt::QueuedConnection);
    }
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

QCoro::Task<QString> PartFile::drainQueued()
{
    while (true) {
        startRun(m_state, m_pool);
        {
            const std::lock_guard lock(m_state->queueMutex);
            if (!m_state->writing) { // and so nothing queued: startRun would have started it
                if (!m_state->queueError.isEmpty() && m_error.isEmpty()) {
                    m_error = m_state->queueError;
                    m_pending.clear();
                }
                co_return QString(m_state->queueError);
            }
        }
        co_await waitForRoom();
    }
}

QCoro::Task<QString> PartFile::sync()
{
    // Appended bytes still queued reach the file first.
    QString error = co_await drain();
    if (error.isEmpty() && !m_pending.isEmpty()) {
        startWrite();
        error = co_await drain();
    }
    if (!error.isEmpty())
        co_return error;
    auto state = m_state;
    QFuture<QString> done = QtConcurrent::run(m_pool, [state]() -> QString {
        if (state->fd < 0)
            return osError(EBADF);
        return ::fdatasync(state->fd) == 0 ? QString() : osError(errno);
    });
    error = co_await done;
    co_return error;
}
