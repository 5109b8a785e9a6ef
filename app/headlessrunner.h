// Headless mode: run the queue to the end, print progress and failures, and report an exit
// status a script can trust (0 all completed, 1 any failed or canceled).
#pragma once

#include "models/task.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

class DownloadEngine;

class HeadlessRunner final : public QObject {
    Q_OBJECT
public:
    HeadlessRunner(DownloadEngine *engine, bool interactive, QObject *parent = nullptr);

    // Reports `badLines` as failures, adds `urls` and runs until every task ended.
    void start(const QList<QUrl> &urls, const QString &directory, const QStringList &badLines);
    // SIGINT / SIGTERM: stop the transfers cleanly and exit with 1.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onTaskFinished(TaskId id, TaskState state);
    void onIdle();
    void printProgress();
    void clearProgress();
    void finish(int exitCode);

    DownloadEngine *m_engine;
    bool m_interactive; // stdout is a terminal: one live progress line
    bool m_done = false;
    bool m_progressShown = false;
    int m_total = 0;
    int m_completed = 0;
    int m_failed = 0;
    int m_canceled = 0;
    qint64 m_bytes = 0;
    QElapsedTimer m_clock;
    QTimer m_progressTimer;
};
