// PartFile written at offsets (a download in pieces): the switch from appending, positional
// writes, and syncs before a segment map may claim bytes. Split from partfile.cpp.
#include "partfile.h"
#include "partfilestate.h"

#include <QCoroFuture>
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

QCoro::Task<QString> PartFile::writeAt(qint64 offset, QByteArray data)
{
    if (!m_error.isEmpty())
        co_return m_error;
    auto state = m_state;
    QFuture<QString> done =
        QtConcurrent::run(m_pool, [state, offset, data = std::move(data)]() -> QString {
            qsizetype off = 0;
            while (off < data.size()) {
                const ssize_t n = ::pwrite(state->fd, data.constData() + off,
                                           size_t(data.size() - off), offset + off);
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
        });
    const QString error = co_await done;
    co_return error;
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
