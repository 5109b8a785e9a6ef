// Runs the registry's job tasks (hashing a local file, unpacking an archive) on the JobRunner's
// pool, at most as many at once as the pool has threads, with the same cancel, retry, progress
// and error reporting as downloads.
#pragma once

#include "models/task.h"
#include "services/jobs/hashjob.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <memory>

class JobControl;
class JobRunner;
class WorkQueue;
class TaskRegistry;

class JobQueue final : public QObject {
    Q_OBJECT
public:
    JobQueue(TaskRegistry *tasks, JobRunner *runner, QObject *parent = nullptr);
    ~JobQueue() override; // cancels running jobs and waits for their coroutines (no timeout)

    // One Hash task per file; `paths` are kept as given (headless output prints them so).
    QList<TaskId> addHashTasks(const QStringList &paths, HashAlgo algo);
    // Unpacks the archive into a new folder beside it.
    TaskId addExtractTask(const QString &archivePath);

    void enqueue(TaskId id); // a Queued job task (restored from storage)
    void resort();           // tasks moved in the list: queued jobs follow the new order
    void cancel(TaskId id);
    void retry(TaskId id);
    bool hasWork() const;
    int activeCount() const; // job coroutines alive
    void stopAll();          // shutdown: running jobs stop and stay Queued for the next start

Q_SIGNALS:
    void taskFinished(TaskId id, TaskState state);
    void idle();
    void drained(); // after stopAll(), when the last job coroutine has ended

private:
    bool tryStart(TaskId id); // the work queue's start function
    QCoro::Task<> drive(TaskId id, std::shared_ptr<JobControl> control);

    TaskRegistry *m_tasks;
    JobRunner *m_runner;
    WorkQueue *m_queue;
    QHash<TaskId, std::shared_ptr<JobControl>> m_running;
};
