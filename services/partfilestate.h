// PartFile's state shared with the I/O pool, private to partfile.cpp and
// partfilepositional.cpp.
#pragma once

#include "jobs/digest.h"
#include "partfile.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QPromise>
#include <QString>
#include <QtGlobal>
#include <memory>
#include <mutex>
#include <sys/types.h>
#include <utility>

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

    // Writes at offsets (a download in pieces) are queued on the GUI thread and written by one
    // pool run at a time, batch after batch, until the queue is empty. The run is started once
    // per event-loop pass, not per write: a hand-off per write (a thread woken, a future, a
    // coroutine resumed) was 30% of the GUI thread with 400 trickling connections.
    // Guarded by queueMutex:
    std::mutex queueMutex;
    QList<std::pair<qint64, QByteArray>> queued;
    qint64 unwritten = 0;                 // bytes queued or being written
    bool writing = false;                 // a run is on the pool
    QString queueError;                   // the first failed write; the rest is dropped
    std::shared_ptr<QPromise<void>> room; // finished when the run has written a batch
    // GUI thread only:
    QFuture<void> run;        // the last run started
    bool startPosted = false; // a start waits in the event queue
    bool closing = false;     // the owner is gone: no run starts any more
};

inline QString osError(int err)
{
    return qt_error_string(err);
}
