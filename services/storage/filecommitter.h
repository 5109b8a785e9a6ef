// Makes finished downloads durable and gives them their final names, many files at a time, on a
// thread of its own. For each batch: the last bytes are written, the data of every file reaches
// the disk (one syncfs for several files on one file system, an fdatasync for a lone file),
// each `.part` is renamed to its final name without replacing anything, and each folder is
// synced once. A file is never renamed before its bytes are on disk, and a commit reports
// success only once its new name is on disk too.
//
// A batch is whatever arrived while the previous one was being synced: no added delay when
// files finish one at a time, one sync for many when they finish together.
#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

class FileCommitter {
public:
    struct Result {
        QString error;    // empty on success
        QString fileName; // the name finally used ("name (1).ext" when the name was taken)
    };
    // At least this many files of one file system in a batch are synced with one syncfs.
    static constexpr int SyncfsFromFiles = 4;

    FileCommitter();
    ~FileCommitter(); // commits everything queued, then ends its thread
    FileCommitter(const FileCommitter &) = delete;
    FileCommitter &operator=(const FileCommitter &) = delete;

    // Takes `fd` (open for writing on `partPath`; -1 when the file is already synced and
    // closed), writes `tail` at its end, syncs and closes it, and renames `partPath` to
    // `directory/fileName` (or a numbered name beside it). On a failure before the rename the
    // file stays as it was under `partPath`, closed.
    QFuture<Result> commit(int fd, QByteArray tail, QString partPath, QString directory,
                           QString fileName);

    // Counters for benchmarks: batches synced and files committed so far.
    int batches() const { return m_batches.load(); }
    int files() const { return m_files.load(); }

private:
    struct Entry;
    void run();
    void commitBatch(std::vector<Entry> &batch);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Entry> m_queue;
    bool m_stopping = false;
    std::atomic<int> m_batches{0};
    std::atomic<int> m_files{0};
    std::thread m_thread; // last: starts once the members above exist
};
