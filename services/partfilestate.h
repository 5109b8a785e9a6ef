// PartFile's state shared with the I/O pool, private to partfile.cpp and
// partfilepositional.cpp.
#pragma once

#include "jobs/digest.h"
#include "partfile.h"
#include "storage/fileio.h"

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

    // One write into the file at a time: the kernel serializes the writes into one file anyway,
    // and pool threads waiting for one another there spin. Pieces of DirectWriteBytes or more
    // wait in `direct`, written in order by one pool run at a time, each run what was waiting
    // when it began, then a new run behind the pool's other work (a batch of queued smaller
    // pieces may run beside it: writeMutex keeps them apart). Four pool threads writing a 1 GiB
    // download's pieces at once spent 13% of their time spinning, and the download took 2.8-6.2 s
    // instead of about 1.1 (with jemalloc, whose faster main thread kept more pieces in flight).
    std::mutex writeMutex;
    struct DirectWrite {
        qint64 offset;
        QByteArray data;
        std::shared_ptr<QPromise<QString>> done;
    };
    QList<DirectWrite> direct;  // guarded by queueMutex
    bool writingDirect = false; // a pool run takes `direct` in order; guarded by queueMutex

    // Writes at offsets under DirectWriteBytes (a download in pieces) are queued on the GUI
    // thread and written on the pool a batch at a time, one batch of a file at a time. Runs are
    // started for many files at once every few milliseconds, not per write: a hand-off per
    // write (a thread woken, a future, a coroutine resumed) was 30% of the GUI thread with 400
    // trickling connections. Guarded by queueMutex:
    std::mutex queueMutex;
    QList<std::pair<qint64, QByteArray>> queued;
    qint64 unwritten = 0;                 // bytes queued or being written
    qint64 queuedCount = 0;               // writes ever queued
    qint64 doneCount = 0;                 // of those, written (or dropped after an error)
    bool writing = false;                 // a batch is being written
    QString queueError;                   // the first failed write; the rest is dropped
    std::shared_ptr<QPromise<void>> room; // finished when the batch being written is done
    // GUI thread only:
    QFuture<void> run;        // the last run started
    bool startPosted = false; // in PartFile::startQueue(), waiting for a start
    bool closing = false;     // the owner is gone: no run starts any more
};

using FileIo::osError;
using FileIo::writeFully;
