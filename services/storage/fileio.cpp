#include "fileio.h"

#include <cerrno>
#include <unistd.h>

QString FileIo::osError(int err)
{
    return qt_error_string(err);
}

QString FileIo::writeFully(int fd, QByteArrayView data, qint64 offset)
{
    qsizetype off = 0;
    while (off < data.size()) {
        const size_t left = size_t(data.size() - off);
        const ssize_t n = offset >= 0 ? ::pwrite(fd, data.data() + off, left, offset + off)
                                      : ::write(fd, data.data() + off, left);
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
