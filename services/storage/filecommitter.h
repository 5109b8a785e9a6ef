// Makes finished downloads durable and gives them their final names, many files at a time, on a
// thread per file system (a slow USB stick or a hung network mount holds up only the files
// bound for it). For each batch: the last bytes are written, the data of every file reaches the
// disk, each `.part` is renamed to its final name without replacing anything, and each folder
// is synced once. A file is never renamed before its bytes are on disk, and a commit reports
// success only once its new name is on disk too.
//
// A batch is whatever arrived while the previous one was being synced: no added delay when
// files finish one at a time, one sync for many when they finish together. The data of a batch
// of several files on a local file system (ext4, xfs, btrfs, f2fs; Linux 5.17 or later, whose
// syncfs reports write-back errors and those of the file system's own sync) goes to disk with one
// syncfs, then each file's own write-back errors are collected (sync_file_range, no second flush);
// otherwise, and when syncfs fails, each file gets an fdatasync. syncfs also writes what other
// programs have pending on that file system: a batch may wait for it.
#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <sys/types.h>
#include <thread>
#include <vector>

class FileCommitter {
public:
    struct Result {
        QString error;          // empty on success
        QString fileName;       // the name finally used ("name (1).ext" when the name was taken)
        bool nameTaken = false; // failed: `fileName` was taken, and it could not be numbered
        bool replaced = false;  // failed: another file is under `partPath` now, not the one written
    };
    // At least this many files of a batch are synced with one syncfs (where it is trusted).
    static constexpr int SyncfsFromFiles = 4;

    FileCommitter();
    ~FileCommitter(); // commits everything queued, then ends its threads
    FileCommitter(const FileCommitter &) = delete;
    FileCommitter &operator=(const FileCommitter &) = delete;

    // The mark a file the committer wrote whole carries (an extended attribute, set before the
    // sync): after a crash between the rename and the database's Completed, it tells our
    // finished file from another of the same name and size (a user's, a .part renamed by hand).
    // File systems without user attributes (FAT, some FUSE) keep no mark: such a file is then
    // downloaded again under another name, never taken on trust.
    static constexpr const char *CompleteMark = "user.fetchdeck.complete";
    static bool isMarkedComplete(const QString &path);
    // Whether the file system of `path` (a file or a folder) keeps user attributes, and so the
    // mark: where it does not, a file's size is all that tells ours.
    static bool keepsMarks(const QString &path);

    // Takes `fd` (open for writing on `partPath`, on the file system `device`; -1 when the file
    // is already synced and closed), writes `tail` at its end, syncs and closes it, and renames
    // `partPath` to `directory/fileName` (or, `mayNumber`, a numbered name beside it; else a
    // taken name fails with nameTaken). On a failure before the rename the file stays as it
    // was under `partPath`, synced and closed. Only the file written is renamed: one another
    // program put under `partPath` meanwhile is left alone, and the commit fails. `inode`
    // names the file when `fd` is -1 (0: not known); an open `fd` names it by itself.
    QFuture<Result> commit(dev_t device, int fd, QByteArray tail, QString partPath,
                           QString directory, QString fileName, bool mayNumber = true,
                           ino_t inode = 0);

    // Counters for tests and benchmarks: batches synced and files handled (committed or failed)
    // so far.
    int batches() const { return m_batches.load(); }
    int files() const { return m_files.load(); }
    // Tests: while paused nothing is committed; what was queued meanwhile goes in one batch
    // per file system.
    void pause();
    void resume();

private:
    struct Entry;
    struct Lane;
    void run(Lane *lane);
    void commitBatch(std::vector<Entry> &batch);

    std::mutex m_mutex;
    std::map<dev_t, std::unique_ptr<Lane>> m_lanes;
    bool m_stopping = false;
    bool m_paused = false;
    std::atomic<int> m_batches{0};
    std::atomic<int> m_files{0};
};
