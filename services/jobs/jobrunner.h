// Runs blocking jobs (hashing, extracting) on a dedicated, bounded thread pool, so they can
// neither block the GUI thread nor starve Qt's global pool, and awaits them from coroutines.
#pragma once

#include "jobcontext.h"

#include <QCoroTask>
#include <QObject>
#include <QThreadPool>
#include <functional>
#include <memory>

class JobRunner final : public QObject {
    Q_OBJECT
public:
    using JobFn = std::function<JobResult(JobContext &)>;
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;

    explicit JobRunner(QObject *parent = nullptr); // idealThreadCount() threads
    // Asks every job to stop and waits for the pool: running jobs stop at their next cancel
    // check, queued ones end canceled without running.
    ~JobRunner() override;

    void setMaxThreads(int threads); // at least 1; applies at once to queued jobs
    int maxThreads() const { return m_pool.maxThreadCount(); }

    // Runs `fn` on the pool. Call from a thread with an event loop (the GUI thread): the
    // coroutine resumes there, and `onProgress` is called there, at most ~20 times a second
    // plus once with the last values when the job ends. `control->cancel()` requests a stop:
    // a job still waiting for a thread ends at once, a running one at its next check; the
    // result is then { canceled = true }. Exceptions thrown by `fn` become { ok = false,
    // error = what() }. The returned task never throws.
    // The runner may be destroyed while a run is awaited: the run then ends canceled (or with
    // the job's own result) and no longer touches the runner.
    QCoro::Task<JobResult> run(JobFn fn, std::shared_ptr<JobControl> control = {},
                               ProgressFn onProgress = {});

    int activeJobs() const;    // jobs executing right now
    int maxActiveJobs() const; // high-water mark of activeJobs() since the last reset
    void resetMaxActiveJobs();

private:
    struct Shared;
    struct Run;
    static void work(const std::shared_ptr<Run> &run);
    static QCoro::Task<JobResult> awaitRun(std::shared_ptr<Run> run);

    std::shared_ptr<Shared> m_shared;
    QThreadPool m_pool;
};
