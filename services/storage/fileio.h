// Small POSIX helpers the partial files and the committer share.
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

namespace FileIo {
// The system's message for an errno value.
QString osError(int err);
// Writes all of `data` to `fd` (at `offset` with pwrite, else where the file position is),
// going on after an interrupted or partial write. Returns the error message, empty on
// success; a write of nothing counts as a full disk.
QString writeFully(int fd, QByteArrayView data, qint64 offset = -1);
} // namespace FileIo
