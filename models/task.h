// The task record: what Fetchdeck knows about one download or job, as values the UI can show.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSharedData>
#include <QString>
#include <QStringList>
#include <QUrl>

using TaskId = quint64;

// What a stored task must outlive before the store says it is written. The task database's
// log reaches the disk with the file system's own write-back (and at every checkpoint): a
// killed process loses nothing written, a power cut may lose the last seconds. A write that
// vouches for bytes on disk a restart would otherwise misread (the map of a download about to
// be split) waits for the log's sync.
enum class Durability { KilledProcess, PowerCut };

// Paused keeps the partial file for a later resume; appended last so stored values stay valid.
enum class TaskState { Queued, Running, Completed, Failed, Canceled, Paused };
constexpr int TaskStateCount = 6;

QString taskStateName(TaskState state); // "Queued", "Running", ... (translated)

// An error is a value: a category for retry decisions, a short message for the State column,
// and the raw detail (URL, HTTP status, curl's words) for the details panel.
struct TaskError {
    // Checksum: the file arrived whole but its digest differs; a fresh download is needed.
    enum class Kind { None, InvalidUrl, Network, Http, Disk, Integrity, Checksum, Job };
    Kind kind = Kind::None;
    int httpStatus = 0;   // 0 when not an HTTP error
    int networkError = 0; // libcurl's CURLcode of a transport failure, 0 when none
    QString message;      // "HTTP 404 Not Found", "Connection refused", "No space left on device"
    QString detail;       // longer text: URL, Qt's error string

    bool isError() const { return kind != Kind::None; }
};

struct TaskLogEntry {
    QDateTime when;
    QString text;
};

// What few tasks have, kept out of the task record so that 100,000 plain downloads stay light
// (a record with these inline took 680 bytes, 300 of them empty strings and lists). Shared
// between copies of a task until one of them changes it.
struct TaskExtra : QSharedData {
    // What each connection of a running download fetches: "12.0–16.0 MiB: 2.1 MiB left,
    // 1.9 MiB/s, host" (not stored).
    QStringList connectionDetails;
    // Downloads: more URLs for the same file, tried in turn when one fails; the file name asked
    // for (aria2's out=); an expected digest "sha-256=HEX" verified before the file gets its
    // final name; whether to unpack it once downloaded.
    QList<QUrl> mirrors;
    QString requestedName;
    QString checksum;
    bool extract = false;
    // A download a browser handed over (issue: browser capture): what the browser would have
    // sent with it, sent with every request of the task (pieces, retries). The cookies go only
    // to the URL's own origin. Secrets: never logged, never in the task database (TaskStore
    // keeps them in the SecretStore).
    QString referrer;
    QString cookies; // one Cookie header value: "a=1; b=2"
    QString userAgent;
    // Stored in their place: they are in the SecretStore, read back after a start.
    bool browserContextKept = false;
    // Jobs: the local file worked on, and what the job produced (digests, a folder).
    QString sourcePath;
    QString result;
    QString phase; // what a running task does besides transferring ("Verifying checksum")
    // A download on a remote aria2 daemon (Settings > Remote engines): the engine's id and the
    // daemon's gid; both empty for this computer's tasks. Remote tasks are never stored here,
    // and their directory and file name are paths on the daemon's machine, not on this one.
    QString engine;
    QString gid;
    QList<std::pair<QString, QString>> remoteFields; // the daemon's own fields, for the details

    bool isEmpty() const;
};

// A download, or a blocking job on a local file (hashing it, unpacking an archive).
enum class TaskKind { Download, Hash, Extract };

struct Task {
    TaskId id = 0;
    TaskKind kind = TaskKind::Download;
    // Bumped by the registry's touch() at each change it reports: the store skips a reported
    // change its last write already held, so every change to a stored field goes through it.
    quint32 revision = 0;
    QUrl url;
    QString directory; // destination folder
    QString fileName;  // final name (chosen when the transfer starts; empty before)
    TaskState state = TaskState::Queued;
    qint64 bytesDone = 0;
    qint64 bytesTotal = -1; // -1 when the server did not say
    double speed = 0;       // bytes per second, moving average
    int attempts = 0;       // requests started, over the task's whole life
    QByteArray etag;        // validators of the partial file, for If-Range on resume
    QByteArray lastModified;
    // A download over several connections: which byte ranges of the .part are known to be on
    // disk (SegmentPlan::serialize); empty when the .part is written front to back.
    QString segments;
    int connections = 0;    // connections a running download has open now (not stored)
    int responseStatus = 0; // the HTTP status of this attempt's answer (0: none yet)
    // Automatic retries: while waiting, the task is Queued with retryAt set.
    QDateTime retryAt;
    int retryAttempt = 0; // the attempt that will run next (2 = first retry)
    int retryMax = 0;
    TaskError error;
    QList<TaskLogEntry> log;
    QDateTime added;
    QDateTime finished;
    // Where the task stands in the list, which is also the order queued tasks start in
    // (smaller first). New tasks come last; Move to top/up/down/bottom change it. Stored.
    qint64 position = 0;
    // A download's own settings, chosen in the dashboard (Tasks > Speed Limit, Connections);
    // 0: the ones in Settings. Stored.
    qint64 ownLimitRate = 0; // bytes per second
    int ownConnections = 0;

    // The rarely set fields: extra() reads them (empty ones when the task has none); editExtra()
    // gives them to change, making them the task's own first. Read through extra() even on a
    // task you may change: editExtra() costs an allocation.
    const TaskExtra &extra() const
    {
        return m_extra.constData() ? *m_extra.constData() : noExtra();
    }
    TaskExtra &editExtra();
    bool hasExtra() const { return m_extra.constData() != nullptr; }
    void dropEmptyExtra(); // once the last of them is cleared (a download's connection details)

    QString filePath() const; // directory + fileName, empty when no name yet
    // Seconds left at the current speed; -1 when unknown.
    qint64 etaSeconds() const;
    bool isRemote() const { return !extra().engine.isEmpty(); }
    bool hasBrowserContext() const
    {
        const TaskExtra &x = extra();
        return !x.referrer.isEmpty() || !x.cookies.isEmpty() || !x.userAgent.isEmpty();
    }
    bool isActive() const { return state == TaskState::Queued || state == TaskState::Running; }
    bool isWaitingToRetry() const { return state == TaskState::Queued && retryAt.isValid(); }

private:
    static const TaskExtra &noExtra();
    QSharedDataPointer<TaskExtra> m_extra; // null: all empty
};

Q_DECLARE_METATYPE(TaskState)
