// The task record: what Fetchdeck knows about one download or job, as values the UI can show.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

using TaskId = quint64;

enum class TaskState { Queued, Running, Completed, Failed, Canceled };

QString taskStateName(TaskState state); // "Queued", "Running", ... (translated)

// An error is a value: a category for retry decisions, a short message for the State column,
// and the raw detail (URL, HTTP status, Qt error) for the details panel.
struct TaskError {
    enum class Kind { None, InvalidUrl, Network, Http, Disk, Integrity };
    Kind kind = Kind::None;
    int httpStatus = 0;   // 0 when not an HTTP error
    int networkError = 0; // QNetworkReply::NetworkError, 0 when none
    QString message;      // "HTTP 404 Not Found", "Connection refused", "No space left on device"
    QString detail;       // longer text: URL, Qt's error string

    bool isError() const { return kind != Kind::None; }
};

struct TaskLogEntry {
    QDateTime when;
    QString text;
};

struct Task {
    TaskId id = 0;
    QUrl url;
    QString directory; // destination folder
    QString fileName;  // final name (chosen when the transfer starts; empty before)
    TaskState state = TaskState::Queued;
    qint64 bytesDone = 0;
    qint64 bytesTotal = -1; // -1 when the server did not say
    double speed = 0;       // bytes per second, moving average
    int attempts = 0;
    TaskError error;
    QList<TaskLogEntry> log;
    QDateTime added;
    QDateTime finished;

    QString filePath() const; // directory + fileName, empty when no name yet
    // Seconds left at the current speed; -1 when unknown.
    qint64 etaSeconds() const;
    bool isActive() const { return state == TaskState::Queued || state == TaskState::Running; }
};

Q_DECLARE_METATYPE(TaskState)
