// Headless mode: run the queue to the end, print progress and failures, and report an exit
// status a script can trust (0 all completed, 1 any failed or canceled). With --hash, prints
// digests exactly as sha256sum does, in the order the files were given.
#pragma once

#include "models/task.h"
#include "services/jobs/hashjob.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <cstdio>

class DownloadEngine;

// The lines headless mode prints, the same for local downloads and those on a remote engine.
namespace HeadlessLines {
void print(FILE *stream, const QString &text); // one line (printable()), flushed
// `text` without control characters (each becomes U+FFFD), cut after 8192 characters.
QString printable(const QString &text);
QString done(const Task &t);     // "done      PATH  SIZE  URL"
QString failed(const Task &t);   // "failed    URL: reason"
QString canceled(const Task &t); // "canceled  URL"
// "3 completed, 1 failed, 0 canceled[, 2 unfinished] in 1.2 s (5.0 MiB/s)"
QString summary(int completed, int failed, int canceled, int unfinished, qint64 elapsedMs,
                qint64 bytes);
} // namespace HeadlessLines

class HeadlessRunner final : public QObject {
    Q_OBJECT
public:
    HeadlessRunner(DownloadEngine *engine, bool interactive, QObject *parent = nullptr);

    // Reports `badLines` as failures, adds the downloads and runs until every task ended
    // (tasks restored from the state folder included).
    void start(std::vector<Task> downloads, const QStringList &badLines);
    // Hashes the files on the job pool; one "HEX  NAME" line per file, in the given order.
    void startHashing(const QStringList &files, HashAlgo algo);
    // A run given no download (no URL, no input file): retries the state folder's failed
    // downloads and runs until every task ended.
    void finishWhatIsThere();
    // SIGINT / SIGTERM: stop the transfers cleanly and exit with 1.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    // The downloads this state folder holds unfinished (failed, canceled, paused, or queued
    // by an interrupted run) go on from their partial files when asked for again (the same
    // URL, folder, name and options): a script run again after a full disk, a dropped
    // connection or Ctrl+C, not a second copy beside the first. Returns the rest.
    std::vector<Task> continueUnfinished(std::vector<Task> downloads);
    void onTaskFinished(TaskId id, TaskState state);
    void onIdle();
    void printHashesInOrder();
    void printProgress();
    void clearProgress();
    void finish(int exitCode);

    DownloadEngine *m_engine;
    bool m_interactive; // stdout is a terminal: one live progress line
    bool m_done = false;
    bool m_interrupted = false;
    bool m_started = false; // start() or startHashing() ran: only then can the run end
    bool m_progressShown = false;
    int m_completed = 0;
    int m_failed = 0;
    int m_canceled = 0;
    qint64 m_bytes = 0;
    QList<TaskId> m_hashOrder; // hash mode: print in this order
    qsizetype m_hashPrinted = 0;
    QElapsedTimer m_clock;
    QTimer m_progressTimer;
};
