// The scheduler: runs queued tasks of the model with at most N at once, and carries out
// cancel, retry and remove. It owns no task data: TaskModel does.
#pragma once

#include "models/task.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QQueue>
#include <QSet>
#include <QThreadPool>
#include <memory>

class ManagerPool;
class TaskModel;
struct TransferControl;

class DownloadEngine final : public QObject {
    Q_OBJECT
public:
    static constexpr int DefaultMaxConcurrent = 4;
    static constexpr int MaxConcurrentLimit = 256;

    explicit DownloadEngine(TaskModel *model, QObject *parent = nullptr);
    ~DownloadEngine() override; // stops every transfer, keeping partial files

    TaskModel *model() const { return m_model; }

    int maxConcurrent() const { return m_maxConcurrent; }
    void setMaxConcurrent(
        int n); // clamped to 1..MaxConcurrentLimit; applies to the running queue at once
    QString defaultDirectory() const { return m_defaultDirectory; }
    void setDefaultDirectory(const QString &dir);
    void setStallTimeout(int seconds);

    // Adds tasks (to `directory`, or the default one) and starts them as slots free up.
    QList<TaskId> addUrls(const QList<QUrl> &urls, const QString &directory = {});
    TaskId addUrl(const QUrl &url, const QString &directory = {});

    void cancel(
        TaskId id); // Queued or Running -> Canceled; the connection closes, the partial file goes
    void retry(TaskId id);  // Failed or Canceled -> Queued
    void remove(TaskId id); // cancels if active, then drops the row (a finished file stays on disk)
    void cancel(const QList<TaskId> &ids);
    void retry(const QList<TaskId> &ids);
    void remove(const QList<TaskId> &ids);

    int runningCount() const { return m_active; }
    bool hasWork() const; // something queued or running

    // Stops every transfer (partial files kept, for a later resume); finished() follows.
    void stopAll();

Q_SIGNALS:
    void taskFinished(TaskId id, TaskState state); // once per run: Completed, Failed or Canceled
    void idle();                                   // nothing queued or running any more
    void stopped();                                // after stopAll(), once every transfer ended

private:
    struct Run;
    void schedule();
    void pump();
    void start(TaskId id);
    QCoro::Task<> drive(std::shared_ptr<Run> run);
    QString reserveName(const QString &dir, const QString &wanted);
    void releaseName(const QString &dir, const QString &name);

    TaskModel *m_model;
    ManagerPool *m_managers;
    QThreadPool m_ioPool; // file writes; separate from the global pool and the job pool
    QString m_defaultDirectory;
    int m_maxConcurrent = DefaultMaxConcurrent;
    int m_stallTimeoutMs = 30000;
    int m_active = 0; // coroutines alive (a canceled one still counts until it has cleaned up)
    bool m_stopping = false;
    bool m_pumpScheduled = false;
    QQueue<TaskId> m_queue;                     // FIFO of queued ids (stale entries skipped)
    QHash<TaskId, std::shared_ptr<Run>> m_runs; // the current run of each running task
    QHash<QString, QSet<QString>> m_reserved;   // directory -> names being written
};
