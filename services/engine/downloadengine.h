// The scheduler: runs queued tasks of the registry with at most N at once, retries transient
// failures with backoff, and carries out cancel, pause, resume, retry and remove. It owns no
// task data: TaskRegistry does.
#pragma once

#include "models/task.h"
#include "retrypolicy.h"
#include "services/engine/hostlimits.h"
#include "services/engine/ratelimiter.h"
#include "services/engine/taskregistry.h"
#include "services/engine/workqueue.h"
#include "services/http/cabundle.h"
#include "services/jobs/hashjob.h"
#include "services/storage/filecommitter.h"
#include "services/storage/namereservations.h"

#include <QCoroTask>
#include <QFuture>
#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QThreadPool>
#include <functional>
#include <memory>
#include <utility>

class JobQueue;
class RetryScheduler;
class WorkQueue;
class JobRunner;
class CurlMulti;
class RemoteEngines;
class TaskRegistry;
struct TransferControl;

class DownloadEngine final : public QObject {
    Q_OBJECT
public:
    static constexpr int DefaultMaxConcurrent = 4;
    static constexpr int MaxConcurrentLimit = 256;

    explicit DownloadEngine(TaskRegistry *tasks, QObject *parent = nullptr);
    // Stops every transfer, keeping partial files, and waits for the coroutines if stopAll()
    // was not awaited before (tests); the app always stops the engine first.
    ~DownloadEngine() override;

    TaskRegistry *tasks() const { return m_tasks; }
    FileCommitter &committer() { return m_committer; } // tests hold commits back with it
    // A download whose bytes are all there gives up its slot (and its host's) while its file is
    // verified and committed (synced, renamed), or, for a small file whose whole response came
    // at once, while its file is named and created: a slow disk does not hold up the network.
    // It stays Running (runningCount() counts it) until then. At most this many do at once;
    // beyond that a run keeps its slot to the end. The committer syncs whatever waits in one
    // batch, so this bound also limits how large a batch grows when the disk is the slower
    // side: 10,000 files of 4 KiB at -j 16 had about 30 in this window at any time, and at 32
    // half of them kept their slot through the whole commit.
    static constexpr int MaxCommitting = 64;
    // ... and at most this much of their bytes is counted as held in memory meanwhile, each
    // as what it received up to HeldBytesPerCommit (a body that came whole waits in the
    // transfer's buffer, about 1 MiB at most; a longer download holds its last chunks).
    static constexpr qint64 MaxCommittingBytes = 32 * 1024 * 1024;
    static constexpr qint64 HeldBytesPerCommit = 1024 * 1024;

    int maxConcurrent() const { return m_maxConcurrent; }
    void setMaxConcurrent(
        int n); // clamped to 1..MaxConcurrentLimit; applies to the running queue at once
    QString defaultDirectory() const { return m_defaultDirectory; }
    void setDefaultDirectory(const QString &dir);
    void setStallTimeout(int seconds);
    // Connections per file (1..MaxConnections): a file of at least twice the minimum split
    // size whose server serves byte ranges is fetched in pieces at once. Applies to the next
    // attempt.
    static constexpr int DefaultConnections = 8;
    static constexpr int MaxConnections = 16;
    static constexpr qint64 DefaultMinSplitSize = 1024 * 1024;
    int connections() const { return m_connections; }
    void setConnections(int n) { m_connections = qBound(1, n, MaxConnections); }
    qint64 minSplitSize() const { return m_minSplitSize; }
    void setMinSplitSize(qint64 bytes) { m_minSplitSize = qMax<qint64>(1, bytes); }
    // An explicit proxy (http://, https://, socks5h://...); empty: the environment's
    // (http_proxy, https_proxy, all_proxy, no_proxy), as curl users expect. Applies to the
    // next request.
    void setProxy(const QString &proxy)
    {
        if (std::exchange(m_proxy, proxy) != proxy)
            Q_EMIT connectionChanged();
    }
    QString proxy() const { return m_proxy; }
    // A PEM file of certificate authorities trusted besides the system's (a private or corporate
    // CA); "" = none. Returns an error message, empty when set. Applies to the next request.
    QString setCaCertificates(const QString &pemFile)
    {
        const QString error = m_ca.setExtra(pemFile);
        if (error.isEmpty())
            Q_EMIT connectionChanged();
        return error;
    }
    QString caCertificates() const { return m_ca.extra(); }
    QString caBundleFile() const { return m_ca.file(); } // CaBundle::file(): for curl
    // Speed limits in bytes per second (0: none): for everything, shared fairly among the tasks
    // receiving, and per task. Apply at once, to running transfers too.
    void setLimitRate(qint64 bytesPerSecond);
    qint64 limitRate() const { return m_limiter.globalRate(); }
    void setTaskLimitRate(TaskId id, qint64 bytesPerSecond);
    // At most N connections to one host across all tasks (0: no cap beyond -j and -x). Tasks
    // beyond it wait in the queue; a download in pieces opens fewer extra connections.
    void setMaxPerHost(int n);
    void setHostCaps(const QHash<QString, int> &caps); // per-host overrides of maxPerHost
    QHash<QString, int> hostCaps() const { return m_hosts.hostCaps(); }
    // Connections for one download (1..MaxConnections; 0: the engine's). A running download
    // restarts its attempt to use them: its pieces on disk are kept.
    void setTaskConnections(TaskId id, int n);
    int taskConnections(TaskId id) const { return m_taskConnections.value(id, 0); }
    int maxPerHost() const { return m_hosts.maxPerHost(); }
    qint64 taskLimitRate(TaskId id) const { return m_limiter.taskRate(id); }
    // HTTP/2 over TLS where the server offers it (the default), or HTTP/1.1 always.
    void setHttp2(bool enabled) { m_http2 = enabled; }
    bool http2() const { return m_http2; }
    RetryPolicy retryPolicy() const { return m_retry; }
    int stallTimeout() const { return m_stallTimeoutMs / 1000; } // seconds
    void setRetryPolicy(const RetryPolicy &policy);
    // Called with a task before its .part file is created (and before a download is split);
    // the transfer waits for the future.
    void setPersistence(std::function<QFuture<bool>(TaskId, Durability)> persist)
    {
        m_persist = std::move(persist);
    }

    // Rows of remote aria2 daemons are in the same registry: the actions below send theirs to
    // the engine that owns each (never run here). Without remote engines they do nothing.
    void setRemoteEngines(RemoteEngines *remote) { m_remote = remote; }

    // Adds tasks (to `directory`, or the default one) and starts them as slots free up.
    QList<TaskId> addUrls(const QList<QUrl> &urls, const QString &directory = {});
    TaskId addUrl(const QUrl &url, const QString &directory = {});
    // Adds downloads with options (mirrors, requestedName, checksum, extract; an empty
    // directory means the default one).
    QList<TaskId> addDownloads(std::vector<Task> downloads);
    // Jobs on local files: one Hash task per file; archives to unpack.
    QList<TaskId> addHashTasks(const QStringList &paths, HashAlgo algo = HashAlgo::Sha256);
    TaskId addExtractTask(const QString &archivePath);
    JobRunner *jobRunner() const { return m_jobRunner; }
    // Queues the registry's Queued tasks (read from storage) and reports `.part` files in their
    // folders that no task claims (orphanedPartFiles).
    void resumeRestored();

    // The actions below work on downloads and job tasks alike (jobs cannot pause).
    void cancel(TaskId id); // Queued, Running or Paused -> Canceled; the connection closes, the
                            // partial file stays (Retry resumes from it, Remove deletes it)
    void pause(TaskId id);  // Queued or Running -> Paused; the partial file stays
    void resume(TaskId id); // Paused -> Queued; continues from the partial file
    void retry(TaskId id);  // Failed or Canceled -> Queued, resuming from its partial file
    void remove(TaskId id); // as remove({id}): a finished file stays on disk
    void cancel(const QList<TaskId> &ids);
    void pause(const QList<TaskId> &ids);
    void resume(const QList<TaskId> &ids);
    void retry(const QList<TaskId> &ids);
    // Drops tasks from the list, canceling the active ones, and deletes their partial files;
    // AlsoDownloaded deletes the files of completed downloads too (never a job's source file).
    // Returns the tasks as they now are (no partial file), for restore().
    enum class RemoveFiles { PartialOnly, AlsoDownloaded };
    std::vector<Task> remove(const QList<TaskId> &ids,
                             RemoveFiles files = RemoveFiles::PartialOnly);
    // Undo of a remove: puts the tasks back under new ids. Those that were queued or running
    // are queued again; a completed download whose file was deleted comes back as Canceled.
    // `places` (TaskRegistry::places() before the remove): each goes back where it stood, before
    // the task it stood before while that one is still on the list; else at the end.
    QList<TaskId> restore(std::vector<Task> removed,
                          const QHash<TaskId, TaskRegistry::Place> &places = {});
    // The list's order is the queue's: queued tasks start from the top.
    void move(const QList<TaskId> &ids, TaskRegistry::Move where);
    void place(const QList<TaskId> &ids, TaskId anchor, bool before);  // next to `anchor`
    void placeBefore(const QHash<TaskId, QList<TaskId>> &tasksBefore); // many at once
    // Starts the tasks at once, beyond the limit of tasks at a time if need be: a paused one
    // resumes, a failed or canceled one is retried, one waiting to retry goes now.
    void startNow(const QList<TaskId> &ids);
    // A fresh link for a download (an expired one, a mirror): the partial file is kept and
    // resumed when the new server sends the same file (If-Range), else the download starts
    // over. A failed or canceled download is retried at once, a running one restarts its
    // attempt. False, with *why, for a bad URL or a task that is not an unfinished download.
    bool changeUrl(TaskId id, const QUrl &url, QString *why = nullptr);

    int runningCount() const; // download coroutines alive
    bool hasWork() const;     // something queued (or waiting to retry) or running

    // Stops every transfer and job (partial files kept, for a later resume); stopped() follows
    // once every coroutine has ended. main awaits it before destroying anything.
    void stopAll();
    bool isStopped() const; // stopAll() was called and every coroutine has ended

Q_SIGNALS:
    void taskFinished(TaskId id, TaskState state); // once per run: Completed, Failed or Canceled
    void idle();                                   // nothing queued or running any more
    void stopped();                                // after stopAll(), once every transfer ended
    void orphanedPartFiles(const QStringList &paths);
    void limitRateChanged(qint64 bytesPerSecond);
    void connectionChanged(); // the proxy or the CA certificates (remote engines use them too)

private:
    struct Run;
    // Everything the engine tracks about one task besides its data, in one place.
    struct TaskRun {
        std::shared_ptr<Run> current;     // the run the task's state refers to; null when none
        int alive = 0;                    // coroutines of this task still alive (a stopped run
                                          // closing its .part counts until it has)
        bool requeueWhenDrained = false;  // queued again meanwhile: starts once `alive` is 0
        bool startNowWhenDrained = false; // ... and with Start Now: beyond the limit, at once
        int roundAttempts = 0;            // attempts since the user last started the task
    };

    WorkQueue::Start tryStart(TaskId id, QString *waitsFor); // the work queue's start function
    // A running download's attempt started again (other connections, another URL): it goes on
    // at once in its slot, also one Start Now gave it beyond the limit.
    void restartAttempt(TaskId id);
    void queueStartNow(TaskId id); // the work queue's Start Now, beyond its limit
    void maybeIdle();
    void enqueue(TaskId id);
    void stopRun(TaskId id, int how);
    void checkStopped();
    void deletePartialFile(const Task &task);
    void forgetPartialFile(TaskId id);
    void applyOwnOptions(const Task &t);
    void deletePartialFile(const QString &directory, const QString &fileName);
    QCoro::Task<> drive(std::shared_ptr<Run> run);
    void finishRun(const std::shared_ptr<Run> &run, const struct TransferOutcome &given);
    void forgetBrowserContext(TaskId id);
    // False when the failure is final; a Retry-After longer than the policy waits for is
    // final too, and `outcome`'s error says until when the server asked to wait.
    bool scheduleRetry(TaskId id, struct TransferOutcome &outcome);
    void retryDue(TaskId id);
    bool isJob(TaskId id) const;
    bool isRemote(TaskId id) const;
    QList<TaskId> takeRemote(QList<TaskId> &ids) const; // moves remote rows' ids out
    bool isRunning(TaskId id) const;

    TaskRegistry *m_tasks;
    RemoteEngines *m_remote = nullptr;
    CurlMulti *m_http;      // every HTTP(S) transfer: libcurl on this event loop
    JobRunner *m_jobRunner; // checksums, hashing, extraction: a pool of its own
    JobQueue *m_jobQueue;
    WorkQueue *m_queue;        // queued downloads, at most maxConcurrent() running
    RetryScheduler *m_retries; // failed attempts waiting for their next try
    QThreadPool m_ioPool;      // file writes; separate from the global pool and the job pool
    FileCommitter m_committer; // finished files: synced in groups, renamed
    QString m_defaultDirectory;
    int m_maxConcurrent = DefaultMaxConcurrent;
    int m_stallTimeoutMs = 30000;
    int m_connections = DefaultConnections;
    qint64 m_minSplitSize = DefaultMinSplitSize;
    QString m_proxy;
    CaBundle m_ca;
    RateLimiter m_limiter;
    HostLimits m_hosts;
    QHash<TaskId, int> m_taskConnections; // per-task overrides of m_connections
    bool m_http2 = true;
    RetryPolicy m_retry;
    std::function<QFuture<bool>(TaskId, Durability)> m_persist;
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
    bool m_stopping = false;
    bool m_startingNow = false; // tryStart() is asked by Start Now
    bool m_stoppedAnnounced = false;
    int m_committing = 0;         // runs that gave up their slot to commit their file
    qint64 m_committingBytes = 0; // what they are counted to hold in memory
    QHash<TaskId, TaskRun> m_runs;
    NameReservations m_names; // every task's file name, for the task's whole life
    bool m_scanning = false;  // looking for unclaimed .part files (idle waits for the report)
};
