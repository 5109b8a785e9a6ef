// One HTTP(S) download as a coroutine: GET through libcurl, stream to `<name>.part` off the GUI
// thread, check the length, rename. Cancel is honoured at every await point through
// TransferControl.
#pragma once

#include "models/task.h"
#include "services/engine/tasksink.h"

#include <QCoroTask>
#include <QFuture>
#include <QList>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

class CurlMulti;
class CurlTransfer;
class FileCommitter;
class RateLimiter;
class HostLimits;
class QThreadPool;
class JobControl;
class JobRunner;

// Shared between the engine (which asks to stop) and the running coroutine (which obeys).
struct TransferControl {
    enum class Stop { None, Cancel, Pause, Shutdown }; // each keeps the partial file
    Stop stop = Stop::None;
    QPointer<CurlTransfer> transfer;        // set while a request is in flight
    QList<QPointer<CurlTransfer>> segments; // the other connections of a segmented download
    std::shared_ptr<JobControl> job;        // set while the checksum is being verified

    // Closes the connection at once; the coroutine notices at its next await (never inside
    // this call).
    void requestStop(Stop why);
};

struct TransferRequest {
    TaskId id = 0;
    QUrl url;
    QString directory;
    QString fileName; // chosen by an earlier attempt: resume `<fileName>.part`; empty: choose now
    QString requestedName; // the name asked for (aria2's out=); empty: Content-Disposition or URL
    QString checksum;      // "sha-256=HEX": verified on the job pool before the rename
    qint64 expectedTotal = -1; // the size an earlier attempt was told; -1 if none
    QByteArray etag;           // validators of that partial file, for If-Range
    QByteArray lastModified;
    int stallTimeoutMs = 30000;
    QString proxy;     // empty: curl's environment (http_proxy, https_proxy, no_proxy, all_proxy)
    QString caFile;    // the roots to trust (CaBundle::file()); "" = curl's default
    bool http2 = true; // over TLS where the server offers it
    // The host whose connection cap this download counts against (the URL's, before any
    // redirect): its first connection's slot and every extra one's.
    QString slotHost;
    QList<QUrl> mirrors; // the same file elsewhere: pieces of a split download come from them too
    int connections = 1; // at most this many per file (1: never split)
    qint64 minSplitSize = 1024 * 1024; // no piece smaller; a file splits from twice this size
    QString segments; // the stored segment map of the .part (empty: written front to back)
    // What a browser handed over with the download (Task::referrer, cookies, userAgent); the
    // cookies only to `cookieOrigin` (the task's own URL), never to a mirror elsewhere.
    QString referrer;
    QString cookies;
    QString userAgent;
    QUrl cookieOrigin;
};

// What the engine gives a transfer: where to report, how to pick a name, where to write.
struct TransferContext {
    CurlMulti *http = nullptr;
    QThreadPool *ioPool = nullptr;
    FileCommitter *committer = nullptr; // syncs and renames finished files, many at once
    JobRunner *jobs = nullptr;          // verifies checksums
    RateLimiter *limiter = nullptr;     // speed limits; may be null
    HostLimits *hosts = nullptr;        // connections per host (extra ones of a download in pieces)
    TaskSink sink;                      // the task's progress, log, name and validators
    std::function<int(const QString &dir, const QString &wanted, int from)> reserveName;
    std::function<int(const QString &dir, const QString &wanted)> nextNameNumber; // may be empty
    // Stores the task (its chosen file name) before the .part file exists; may be empty.
    std::function<QFuture<bool>(TaskId, Durability)> persist;
    // Called once the bytes are all here and only local work is left (naming and creating the
    // file of a response that came whole, writing, verifying a checksum, the commit: sync,
    // rename): the engine may give the download's slot to the next one. `bytes`: the body in
    // the buffer, or the file's size (earlier attempts' bytes included); the engine counts up
    // to 1 MiB of it as held in memory until the commit. May be empty.
    std::function<void(qint64 bytes)> networkDone;
};

struct TransferOutcome {
    TaskState state =
        TaskState::Failed; // Completed, Failed, Canceled, Paused, or Queued (shutdown)
    TaskError error;
    QString fileName; // the name chosen (final name on success)
    QByteArray etag;
    QByteArray lastModified;
    std::optional<qint64> retryAfterMs; // the server's Retry-After, when it sent one
    bool partDeleted = false; // the partial file is gone: the next attempt chooses a name anew
};

QCoro::Task<TransferOutcome> runTransfer(TransferRequest request, TransferContext context,
                                         std::shared_ptr<TransferControl> control);
