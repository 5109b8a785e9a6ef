// PartFile's state shared with the I/O pool, private to partfile.cpp and
// partfilepositional.cpp.
#pragma once

#include "partfile.h"
#include "services/jobs/digest.h"
#include "services/storage/fileio.h"

#include <QByteArray>
#include <QList>
#include <QPromise>
#include <QString>
#include <QtGlobal>
#include <functional>
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
    ino_t inode = 0;      // the file itself: only it is renamed to the final name
    bool refused = false; // a link, or not our regular file: never written through
    // The digest of every byte written, from the first: fed by the one write in flight, read
    // by the owner only once nothing is in flight.
    std::unique_ptr<Digest> digest;
    qint64 digested = 0;
    QByteArray finalHex;

    // Writes at offsets (a download in pieces) wait in one queue, in the order they came, and
    // one pool run at a time writes what was waiting when it began: the kernel serializes the
    // writes into one file anyway, and pool threads waiting for one another there spin (four of
    // them writing a 1 GiB download's pieces at once spent 13% of their time spinning, and the
    // download took 2.8-6.2 s instead of about 1.1).
    // - A small piece (under DirectWriteBytes) is written later: runs are started for many files
    //   at once every few milliseconds, not per write. A hand-off per write (a thread woken, a
    //   future, a coroutine resumed) was 30% of the GUI thread with 400 trickling connections.
    // - A large piece (a fast link) has a writer waiting for it (`written`): a run starts at
    //   once, or the run in progress starts another behind the pool's other work when it ends,
    //   so a download whose connections keep pieces coming never holds a pool thread for as
    //   long as it lasts.
    // Guarded by queueMutex:
    std::mutex queueMutex;
    struct Piece {
        qint64 offset;
        QByteArray data;
        std::shared_ptr<QPromise<QString>> written; // a large piece's: its writer waits for it
        // Frees the data and tells a waiting writer: written (an empty error) or not.
        void settle(const QString &error)
        {
            data = QByteArray(); // freed here, before the writer hears of it
            if (written) {
                written->addResult(error);
                written->finish();
            }
        }
    };
    QList<Piece> queued;
    qint64 unwritten = 0;   // bytes of small pieces queued or being written (a writer waits
                            // for each large one: as many as connections)
    qint64 queuedCount = 0; // pieces ever queued
    qint64 doneCount = 0;   // of those, written (or dropped after an error)
    int waiters = 0;        // pieces in `queued` whose writer waits for them
    bool writing = false;   // a run owns the queue: one at a time
    QString queueError;     // the first failed write; the rest is dropped
    std::shared_ptr<QPromise<void>> room; // finished when the batch being written is done
    // The owner is gone while a run owned the queue: that run hands it to this, which writes
    // what is left and closes the file.
    std::function<void()> closeAfterRun;
    // GUI thread only:
    bool startPosted = false; // in PartFile::startQueue(), waiting for a start
    bool closing = false; // the owner is gone: no run starts, a writer resumed later leaves it be
};

using FileIo::osError;
using FileIo::writeFully;
