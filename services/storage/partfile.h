// Writes a download to `<name>.part` on a worker pool, never on the GUI thread, and renames it
// to its final name only when the caller commits. Memory stays bounded: at most one chunk is
// being written while the next one fills; a slow disk makes write() wait (backpressure).
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoroTask>
#include <QFuture>
#include <QString>
#include <memory>
#include <optional>

class FileCommitter;
class QThreadPool;
enum class HashAlgo;

class PartFile {
public:
    static constexpr qsizetype ChunkBytes =
        512 * 1024; // hand data to the worker in chunks this size

    struct Committed {
        QString error;          // empty on success
        QString fileName;       // the name finally used (another may appear while downloading)
        bool nameTaken = false; // failed: the name was taken (see commit())
        bool replaced = false;  // failed: another program's file is under the .part's name now
    };

    PartFile(QThreadPool *pool, FileCommitter *committer);
    ~PartFile(); // closes the file in the background, keeping it, if nobody committed or discarded
    PartFile(const PartFile &) = delete;
    PartFile &operator=(const PartFile &) = delete;

    // Creates `path` exclusively, or (append) opens the existing file to append to it. Returns
    // an error message, empty on success. After an append, size() is what the file already held.
    // A new file is not created when `mustBeFree` (its final name) exists: nameWasTaken().
    QCoro::Task<QString> open(QString path, bool append = false, QString mustBeFree = {});
    // Empties the file (a server that will not resume: start over).
    QCoro::Task<QString> truncate();
    // Queues data (copied before this returns, so the caller may reuse its buffer at once);
    // waits only while the previous chunk is still being written.
    QCoro::Task<QString> write(QByteArrayView data);
    // The same, taking `data` over without a copy when nothing else is queued (a small file's
    // whole body).
    QCoro::Task<QString> write(QByteArray &&data);
    // Writes what is left, syncs, closes, and renames to `directory/fileName` without replacing
    // an existing file (tries "name (1).ext" and so on instead; not with `mayNumber` false: a
    // taken name then fails with nameTaken, the file synced and closed under its .part name,
    // and commit() may be called again with another name); the committer does the last steps
    // for many files at once.
    QCoro::Task<Committed> commit(QString directory, QString fileName, bool mayNumber = true);
    // Closes and deletes the part file.
    QCoro::Task<> discard();
    // Segmented downloads write at offsets instead of appending: waits for queued appends, makes
    // the file exactly `total` bytes (space reserved with fallocate where the file system can,
    // so a full disk shows now, not at 90%) and switches to writeAt(). Returns an error message.
    QCoro::Task<QString> beginPositional(qint64 total);
    bool isPositional() const { return m_positional; }
    // Writes `data` at `offset` on the pool. A piece under DirectWriteBytes is queued, and the
    // call returns at once unless QueuedBytesMax are waiting (then it waits until the pool has
    // written a batch); a failed queued write is returned by a later writeAt(), sync(),
    // close() or commit(), never lost. A larger piece is written before the call returns.
    QCoro::Task<QString> writeAt(qint64 offset, QByteArray data);
    static constexpr qint64 DirectWriteBytes = 64 * 1024;
    static constexpr qint64 QueuedBytesMax = 2 * ChunkBytes;
    // Writes what is queued and flushes everything written so far to the disk (before a segment
    // map may claim it).
    QCoro::Task<QString> sync();
    // Writes what is left and closes, keeping the part file (pause, shutdown).
    QCoro::Task<QString> close(bool sync = false); // sync: flush the data to disk (before a rename)

    // Hashes the bytes as they are written, when the file is written front to back from its
    // first byte (a fresh or emptied file; not one resumed, not one in pieces), so a checksum
    // needs no second read. Call before open().
    void hashWhileWriting(HashAlgo algo);
    // The digest of the whole file, once everything is written (after close()); empty when the
    // file was not hashed from its first byte or a write failed.
    QByteArray digestHex() const;

    QString path() const;
    bool isOpen() const;
    bool nameWasTaken() const; // the last open() found the file, or its final name, there
    bool wasMissing() const;   // the last open() to append found no file
    bool wasRefused() const;   // ... found a symbolic link, or not our own regular file
    qint64 size() const { return m_size; } // bytes in the file once every queued write is done

private:
    struct State;
    struct Written {
        QString error;
        QByteArray buffer; // handed back for the next chunk: no allocation per chunk
    };
    // The append in flight and the queued writeAt()s: all of them (before a close, a commit, a
    // truncate), or those queued before the call (a sync: a checkpoint must not wait for a
    // queue that the connections keep filling).
    QCoro::Task<QString> drain(bool onlyEarlier = false);
    QCoro::Task<QString> drainQueued(bool onlyEarlier);
    QCoro::Task<> waitForRoom(); // until the pool has written a batch of queued writeAt()s
    // GUI thread: a pool run for the next batch of what writeAt() queued, at once, unless a
    // batch is being written or the owner is gone.
    static void startRun(const std::shared_ptr<State> &state, QThreadPool *pool);
    // GUI thread: the same a little later, for every file that queued writes meanwhile: one
    // pool job per file system writes a batch of each (a start per file woke a pool thread
    // each time: 12% of the GUI thread with 50 downloads in pieces when it was per pass, 6%
    // per 5 ms; one job, about 1%). A stalled disk holds up only the files on it. A file
    // whose batch is still being written waits for the next tick.
    void postStart();
    static void armStart();
    static void startQueued();
    struct StartQueue;
    static StartQueue &startQueue();
    static constexpr int StartDelayMs = 5;
    // Pool side, with the queue owned (State::writing): one batch, everything queued when it
    // starts, in order. A run never holds a pool thread longer than its batch, however fast the
    // queue refills.
    static void writeBatch(State &state);
    // A run: one batch; then another run behind the pool's other work if a writer waits for a
    // piece that came meanwhile, or the destructor's close if the owner went meanwhile, or the
    // queue is free again.
    static void runBatch(const std::shared_ptr<State> &state, QThreadPool *pool);
    // The destructor's close, with the queue owned: batch after batch until it is empty.
    static void writeQueued(State &state);
    void startWrite(); // hands m_pending to the pool
    void startDigest();

    QThreadPool *m_pool;
    FileCommitter *m_committer;
    std::shared_ptr<State> m_state;
    QByteArray m_pending; // filling here while the other buffer is being written
    QByteArray m_spare;   // the buffer back from the last write, empty but with its capacity
    QFuture<Written> m_inflight;
    qint64 m_size = 0;
    QString m_error; // the first write error; later writes are refused
    bool m_positional = false;
    std::optional<HashAlgo> m_digestAlgo;
};
