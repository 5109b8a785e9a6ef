// PartFile's state shared with the I/O pool, private to partfile.cpp and
// partfilepositional.cpp.
#pragma once

#include "jobs/digest.h"
#include "partfile.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>
#include <memory>
#include <sys/types.h>

struct PartFile::State {
    int fd = -1;
    int openErrno = 0;
    QString path;
    qint64 sizeAtOpen = 0;
    dev_t device = 0;     // the file system it is on (the committer syncs per file system)
    bool refused = false; // a link, or not our regular file: never written through
    // The digest of every byte written, from the first: fed by the one write in flight, read
    // by the owner only once nothing is in flight.
    std::unique_ptr<Digest> digest;
    qint64 digested = 0;
    QByteArray finalHex;
};

inline QString osError(int err)
{
    return qt_error_string(err);
}
